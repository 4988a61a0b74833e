"""Districts, schools and teachers: the bureau's registry."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import labels
from core.links import object_url
from core.models import ChoiceLabels
from core.sorting import (
    SORT_KEY_LENGTH,
    SortKeyQuerySet,
    initials,
    initials_field,
    sort_key,
    sort_key_field,
)
from core.text import name_key

from .enums import (
    COUNTY_OR_HIGHER_BACKBONE,
    PART_STUDENT_FIELDS,
    PE_AND_ARTS_SUBJECTS,
    STAGE_PARTS,
    SUBJECT_SEPARATOR,
    TWO_PART_STAGES,
    BackboneLevel,
    Education,
    Gender,
    Locale,
    StaffPosition,
    Stage,
    TeachingStage,
    Title,
)

district_code_validator = RegexValidator(r"^\d{6}$", "行政区划代码必须是 6 位数字。")
school_code_validator = RegexValidator(r"^\d{10}$", "学校标识码必须是 10 位数字。")
EARLIEST_JOINED_ON = datetime.date(1950, 1, 1)


def not_in_future(value: datetime.date) -> None:
    """A date that has already happened (到本校工作日期 cannot be tomorrow)."""
    if value > datetime.date.today():
        raise ValidationError(f"日期 {value:%Y-%m-%d} 晚于今天。", code="future")


def parent_chain_loop(start, parent_of):
    """Follow ``parent_of`` from ``start``; the first node met twice (a cycle), or None.

    The one rule for "上级学校关系形成循环", used by ``School.clean`` (nodes are ids) and by the
    school import (nodes are name keys of the file and the district).
    """
    seen = set()
    node = start
    while node is not None:
        if node in seen:
            return node
        seen.add(node)
        node = parent_of(node)
    return None


class District(models.Model):
    """A county or district bureau; it owns every record of its district."""

    name = models.CharField("名称", max_length=50)
    code = models.CharField(
        "行政区划代码",
        max_length=6,
        unique=True,
        validators=[district_code_validator],
        error_messages={"unique": "行政区划代码已被其他教育局使用。"},
    )

    class Meta:
        verbose_name = "教育局"
        verbose_name_plural = "教育局"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class SchoolQuerySet(SortKeyQuerySet):
    def in_district(self, district: District) -> SchoolQuerySet:
        return self.filter(district=district)

    def top_level(self) -> SchoolQuerySet:
        return self.filter(parent__isnull=True)


class School(ChoiceLabels, models.Model):
    district = models.ForeignKey(
        District, verbose_name="教育局", on_delete=models.PROTECT, related_name="schools"
    )
    name = models.CharField("学校名称", max_length=100)
    # Derived from `name` on save; stored only so the database can enforce uniqueness.
    name_key = models.CharField(max_length=100, editable=False)
    # max_length leaves room so a wrong length gets the one clear message of the validator.
    code = models.CharField(
        "学校标识码",
        max_length=20,
        blank=True,
        validators=[school_code_validator],
        help_text="10 位国家学校标识码，未知可不填。",
    )
    stage = models.CharField("学段", max_length=20, choices=Stage.choices)
    locale = models.CharField("城乡类别", max_length=10, choices=Locale.choices)
    township = models.CharField(labels.TOWNSHIP, max_length=50, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级学校",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="村小、教学点所属的中心校；其随中心校加入教共体。",
    )
    is_legal_entity = models.BooleanField("独立法人", default=True)
    principal = models.CharField("校长", max_length=30, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    students = models.PositiveIntegerField("在校学生数", default=0)
    # Students per part, kept only by two-stage schools (九年一贯制, 完全中学); 0 = not split.
    primary_students = models.PositiveIntegerField("小学部学生数", default=0, blank=True)
    junior_students = models.PositiveIntegerField("初中部学生数", default=0, blank=True)
    senior_students = models.PositiveIntegerField("高中部学生数", default=0, blank=True)
    classes = models.PositiveIntegerField("班级数", default=0)
    address = models.CharField("地址", max_length=200, blank=True)
    # Derived on save and in bulk writes (``core.sorting``): pinyin order of the name, pinyin
    # initials for search, and the list's grouped order (a central school, then its village
    # schools and teaching points): the root's key, padded, then 0 (root) or 1 + own key.
    sort_key = sort_key_field()
    initials = initials_field()
    tree_key = models.CharField(max_length=2 * SORT_KEY_LENGTH + 1, editable=False, default="")

    SORT_KEY_FIELDS = ("name_key", "sort_key", "initials", "tree_key")
    SORT_KEY_SOURCES = ("name", "parent", "parent_id")

    history = HistoricalRecords(excluded_fields=list(SORT_KEY_FIELDS))
    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = "学校"
        verbose_name_plural = "学校"
        ordering = ["district", "sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name_key"],
                name="school_name_unique_in_district",
                violation_error_message="本教育局已有同名学校。",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="school_code_unique",
                violation_error_message="学校标识码已被其他学校使用。",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="school_not_own_parent"
            ),
        ]
        indexes = [
            # School list filtered by township within a district.
            models.Index(
                fields=["district", "township", "sort_key"], name="school_district_township"
            ),
            # The list's sortable columns (core.tables): name in pinyin order, grouped order.
            models.Index(fields=["district", "sort_key", "id"], name="school_district_sort"),
            models.Index(fields=["district", "tree_key", "id"], name="school_district_tree"),
            models.Index(fields=["sort_key", "id"], name="school_sort"),
            models.Index(fields=["tree_key", "id"], name="school_tree"),
            models.Index(fields=["district", "code", "id"], name="school_district_code"),
            models.Index(fields=["district", "stage", "sort_key"], name="school_district_stage"),
            models.Index(fields=["district", "locale", "sort_key"], name="school_district_locale"),
            models.Index(fields=["district", "students", "id"], name="school_district_students"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        old_key = getattr(self, "_loaded_sort_key", None)
        if self.pk and old_key is None:
            old_key = School.objects.filter(pk=self.pk).values_list("sort_key", flat=True).first()
        self.fill_sort_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *self.SORT_KEY_FIELDS}
        super().save(*args, **kwargs)
        old_district = getattr(self, "_loaded_district_id", self.district_id)
        if (old_key is not None and old_key != self.sort_key) or old_district != self.district_id:
            self.propagate_sort_keys()
        self._loaded_sort_key = self.sort_key
        self._loaded_district_id = self.district_id

    def get_absolute_url(self) -> str:
        return object_url("schools:school_detail", self.pk)

    def fill_sort_keys(self) -> None:
        self.name_key = name_key(self.name)
        self.sort_key = sort_key(self.name)
        self.initials = initials(self.name)
        if self.parent_id is None:
            self.tree_key = self.sort_key.ljust(SORT_KEY_LENGTH, "0") + "0"
        else:
            root = self.parent.sort_key or sort_key(self.parent.name)
            self.tree_key = root.ljust(SORT_KEY_LENGTH, "0") + "1" + self.sort_key

    @classmethod
    def prepare_sort_keys(cls, objs) -> None:
        """Load, in one query, the parents that bulk-written schools do not carry."""
        missing = {o.parent_id for o in objs if o.parent_id and not School.parent.is_cached(o)}
        if missing:
            parents = School.objects.only("id", "name", "sort_key").in_bulk(missing)
            for o in objs:
                if o.parent_id in parents and not School.parent.is_cached(o):
                    o.parent = parents[o.parent_id]

    @classmethod
    def sort_keys_updated(cls, objs) -> None:
        """After a bulk rename: the keys copied onto nested schools and teachers."""
        for school in objs:
            school.propagate_sort_keys()

    def propagate_sort_keys(self) -> None:
        """Copy this school's key onto its nested schools' and teachers' rows."""
        children = list(School.objects.filter(parent_id=self.pk))
        for child in children:
            child.parent = self
            child.fill_sort_keys()
        if children:
            School.objects.bulk_update(children, ["tree_key"])
        Teacher.objects.filter(school_id=self.pk).exclude(
            school_key=self.sort_key, district_id=self.district_id
        ).update(school_key=self.sort_key, district_id=self.district_id)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_sort_key = instance.__dict__.get("sort_key")
        instance._loaded_district_id = instance.__dict__.get("district_id")
        return instance

    def clean(self) -> None:
        errors: dict[str, str] = {}
        key = name_key(self.name)
        if self.district_id and key:
            duplicates = School.objects.filter(district_id=self.district_id, name_key=key)
            if self.pk:
                duplicates = duplicates.exclude(pk=self.pk)
            existing = duplicates.first()
            if existing:
                errors["name"] = (
                    f"本教育局已有学校「{existing.name}」，名称（忽略全角半角与空格）重复。"
                )
        if self.code:
            taken = School.objects.filter(code=self.code).exclude(pk=self.pk).first()
            if taken:
                errors["code"] = f"学校标识码 {self.code} 已被「{taken.name}」使用。"
        for field in PART_STUDENT_FIELDS.values():
            if getattr(self, field) is None:  # left empty in a form: not split
                setattr(self, field, 0)
        errors.update(
            stage_students_errors(
                self.stage,
                self.students,
                {field: getattr(self, field) for field in PART_STUDENT_FIELDS.values()},
            )
        )
        if self.parent_id:
            error = self._parent_error()
            if error:
                errors["parent"] = error
        if errors:
            raise ValidationError(errors)

    def _parent_error(self) -> str | None:
        parent = self.parent
        if parent.district_id != self.district_id:
            return "上级学校必须属于同一教育局。"
        chain = {parent.pk: parent.parent_id}
        if self.pk:
            chain[self.pk] = parent.pk

        def parent_of(pk):
            if pk not in chain:
                node = School.objects.filter(pk=pk).values_list("parent_id", flat=True).first()
                chain[pk] = node
            return chain[pk]

        looped = parent_chain_loop(self.pk or parent.pk, parent_of)
        if looped is None:
            return None
        if self.pk and looped == self.pk:
            return "上级学校不能是本校或本校的下级学校（形成循环）。"
        return "上级学校关系存在循环。"


def stage_students_errors(stage: str, students: int, parts: dict[str, int]) -> dict[str, str]:
    """The one rule for students per part (学部), as ``{field: message}``: only a 九年一贯制 or
    完全中学 school keeps them, only for the parts it has, and they add up to 在校学生数.

    ``parts`` maps ``primary_students`` / ``junior_students`` / ``senior_students`` to counts
    (0 = not split). Used by ``School.clean`` and by the school import."""
    errors: dict[str, str] = {}
    own = (
        {PART_STUDENT_FIELDS[p] for p in STAGE_PARTS.get(stage, ())}
        if stage in TWO_PART_STAGES
        else set()
    )
    stage_label = Stage(stage).label if stage in Stage.values else stage
    for part, field in PART_STUDENT_FIELDS.items():
        if parts.get(field) and field not in own:
            if stage in TWO_PART_STAGES:
                errors[field] = f"{stage_label}学校没有{part.label}部。"
            else:
                errors[field] = "只有九年一贯制、完全中学按学部填写学生数。"
    split = sum(parts.get(field) or 0 for field in own)
    if not errors and split and split != students:
        labels = "与".join(f"{p.label}部" for p in STAGE_PARTS[stage])
        errors["students"] = f"{labels}学生数之和（{split}）与在校学生数（{students}）不一致。"
    return errors


def teaching_stage_error(school_stage: str, teaching_stage: str) -> str | None:
    """任教学段 must be a part of the teacher's school (one rule for forms and imports)."""
    if not teaching_stage:
        return None
    parts = STAGE_PARTS.get(school_stage, ())
    if teaching_stage in parts:
        return None
    stage_label = Stage(school_stage).label if school_stage in Stage.values else school_stage
    return f"{stage_label}学校没有{TeachingStage(teaching_stage).label}学段。"


def teacher_part(school_stage: str, teaching_stage: str) -> str | None:
    """The part (学部) a teacher counts in: the school's only part, or for a two-part school the
    teacher's 任教学段 (None when not filled in)."""
    parts = STAGE_PARTS.get(school_stage, ())
    if len(parts) == 1:
        return parts[0]
    return teaching_stage if teaching_stage in parts else None


def rotation_cutoff(on: datetime.date, years: int) -> datetime.date:
    """The latest join date that gives ``years`` whole years at the school on ``on``."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February in a year that has none
        return on.replace(year=on.year - years, day=28)


class TeacherQuerySet(SortKeyQuerySet):
    def in_district(self, district: District) -> TeacherQuerySet:
        return self.filter(school__district=district)

    def rotation_eligible(
        self, *, on: datetime.date | None = None, years: int | None = None
    ) -> TeacherQuerySet:
        """DOMAIN rule 6: teachers with ``years`` consecutive years at their school on ``on``
        (defaults: today, and the configured default of the rule set, 6)."""
        return self.filter(joined_school_on__lte=_rotation_cutoff_for(on, years))

    def not_rotation_eligible(
        self, *, on: datetime.date | None = None, years: int | None = None
    ) -> TeacherQuerySet:
        """The complement of ``rotation_eligible`` (a teacher without a join date is not)."""
        cutoff = _rotation_cutoff_for(on, years)
        return self.filter(Q(joined_school_on__isnull=True) | Q(joined_school_on__gt=cutoff))

    def with_rotation_eligibility(
        self, *, on: datetime.date | None = None, years: int | None = None
    ) -> TeacherQuerySet:
        """Annotate ``rotation_eligible`` (bool) by the same rule, for lists and exports."""
        cutoff = _rotation_cutoff_for(on, years)
        return self.annotate(
            rotation_eligible=models.Case(
                models.When(joined_school_on__lte=cutoff, then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


def _rotation_cutoff_for(on: datetime.date | None, years: int | None) -> datetime.date:
    on = on or timezone.localdate()
    return rotation_cutoff(on, settings.JGT_ROTATION_ELIGIBLE_YEARS if years is None else years)


def years_since(joined: datetime.date | None, today: datetime.date | None = None) -> int | None:
    """Whole years from ``joined`` to ``today`` (default: today); None without a date."""
    if not joined:
        return None
    today = today or timezone.localdate()
    years = today.year - joined.year
    if (today.month, today.day) < (joined.month, joined.day):
        years -= 1
    return max(years, 0)


def joined_rotation_eligible(
    joined: datetime.date | None, today: datetime.date | None = None, years: int | None = None
) -> bool:
    """DOMAIN rule 6 on a join date: the rule of ``Teacher.objects.rotation_eligible``, for one
    value (``Teacher.is_rotation_eligible``, the export's column: no model instance per row)."""
    return bool(joined) and joined <= _rotation_cutoff_for(today, years)


class Teacher(ChoiceLabels, models.Model):
    school = models.ForeignKey(
        School, verbose_name="所在学校", on_delete=models.PROTECT, related_name="teachers"
    )
    name = models.CharField("姓名", max_length=30)
    gender = models.CharField("性别", max_length=10, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(
        "出生年份",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1940, "出生年份不能早于 1940 年。"),
            MaxValueValidator(2010, "出生年份不能晚于 2010 年。"),
        ],
    )
    subjects = models.CharField(
        "任教学科", max_length=100, blank=True, help_text="多个学科以「、」分隔。"
    )
    education = models.CharField("最高学历", max_length=20, choices=Education.choices)
    title = models.CharField("职称", max_length=20, choices=Title.choices, default=Title.NONE)
    backbone_level = models.CharField(
        "骨干级别", max_length=20, choices=BackboneLevel.choices, default=BackboneLevel.NONE
    )
    position = models.CharField(
        "职务", max_length=20, choices=StaffPosition.choices, default=StaffPosition.TEACHER
    )
    teaching_stage = models.CharField(
        "任教学段",
        max_length=10,
        choices=TeachingStage.choices,
        blank=True,
        help_text="九年一贯制、完全中学的教师填写所在学部（小学 / 初中 / 高中）。",
    )
    is_head_teacher = models.BooleanField("班主任", default=False)
    joined_school_on = models.DateField(
        "到本校工作日期",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(EARLIEST_JOINED_ON, "到本校工作日期不能早于 1950 年。"),
            not_in_future,
        ],
    )
    staff_number = models.CharField("工号", max_length=30, blank=True)
    # Derived on save and in bulk writes (``core.sorting``): the name in pinyin order (surname
    # readings), its initials, and the school's key copied here so the list sorts by school,
    # then name, from one index (``School.save`` keeps the copies current).
    sort_key = sort_key_field()
    initials = initials_field()
    school_key = sort_key_field()
    # The school's district, copied here so the bureau's list counts and pages its teachers
    # from one index of this table, without joining the schools (teachers move only within
    # their district; ``School.save`` keeps the copies current).
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, editable=False, related_name="+"
    )

    SORT_KEY_FIELDS = ("sort_key", "initials", "school_key", "district")
    SORT_KEY_SOURCES = ("name", "school", "school_id")

    history = HistoricalRecords(excluded_fields=list(SORT_KEY_FIELDS))
    objects = TeacherQuerySet.as_manager()

    class Meta:
        verbose_name = "教师"
        verbose_name_plural = "教师"
        ordering = ["school_key", "sort_key", "id"]
        indexes = [
            # Teacher list filtered by school then sorted by name.
            models.Index(fields=["school", "name"], name="teacher_school_name"),
            # The list's sortable columns (core.tables), within a district (the bureau's list)
            # and within a school (a school leader's).
            models.Index(
                fields=["district", "school_key", "sort_key", "id"], name="teacher_school_sort"
            ),
            models.Index(fields=["district", "sort_key", "id"], name="teacher_sort"),
            models.Index(fields=["school", "sort_key", "id"], name="teacher_school_id_sort"),
            models.Index(fields=["district", "title", "sort_key", "id"], name="teacher_title_sort"),
            models.Index(
                fields=["district", "backbone_level", "sort_key", "id"],
                name="teacher_backbone_sort",
            ),
            models.Index(
                fields=["district", "education", "sort_key", "id"], name="teacher_education_sort"
            ),
            models.Index(fields=["district", "joined_school_on", "id"], name="teacher_joined"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.fill_sort_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *self.SORT_KEY_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return object_url("schools:teacher_detail", self.pk)

    def fill_sort_keys(self) -> None:
        self.sort_key = sort_key(self.name, person=True)
        self.initials = initials(self.name, person=True)
        if self.school_id:
            school = self.school
            self.school_key = school.sort_key or sort_key(school.name)
            self.district_id = school.district_id

    @classmethod
    def prepare_sort_keys(cls, objs) -> None:
        """Load, in one query, the schools that bulk-written teachers do not carry."""
        missing = {o.school_id for o in objs if o.school_id and not Teacher.school.is_cached(o)}
        if missing:
            schools = School.objects.only("id", "name", "sort_key", "district_id").in_bulk(missing)
            for o in objs:
                if o.school_id in schools and not Teacher.school.is_cached(o):
                    o.school = schools[o.school_id]

    def clean(self) -> None:
        if self.school_id and self.teaching_stage:
            error = teaching_stage_error(self.school.stage, self.teaching_stage)
            if error:
                raise ValidationError({"teaching_stage": error})

    @property
    def subject_list(self) -> list[str]:
        return [s for s in self.subjects.split(SUBJECT_SEPARATOR) if s]

    def years_at_school(self, today: datetime.date | None = None) -> int | None:
        """Whole years since the teacher joined the current school."""
        return years_since(self.joined_school_on, today)

    def is_rotation_eligible(
        self, today: datetime.date | None = None, years: int | None = None
    ) -> bool:
        """DOMAIN rule 6 for one teacher: the same rule as ``Teacher.objects.rotation_eligible``.

        A list annotated by ``with_rotation_eligibility`` carries the answer already."""
        return joined_rotation_eligible(self.joined_school_on, today, years)

    @property
    def is_pe_or_arts(self) -> bool:
        return any(s in PE_AND_ARTS_SUBJECTS for s in self.subject_list)

    @property
    def is_county_backbone_or_higher(self) -> bool:
        return self.backbone_level in COUNTY_OR_HIGHER_BACKBONE


class TeacherMove(models.Model):
    """A teacher's move between schools; the teacher row changes, the move stays on record."""

    teacher = models.ForeignKey(
        Teacher, verbose_name="教师", on_delete=models.CASCADE, related_name="moves"
    )
    from_school = models.ForeignKey(
        School, verbose_name="原学校", on_delete=models.PROTECT, related_name="+"
    )
    to_school = models.ForeignKey(
        School, verbose_name="调入学校", on_delete=models.PROTECT, related_name="+"
    )
    moved_on = models.DateField("调动日期")
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "教师调动"
        verbose_name_plural = "教师调动"
        ordering = ["-moved_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_school=models.F("to_school")), name="teacher_move_changes_school"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher}：{self.from_school} → {self.to_school}"
