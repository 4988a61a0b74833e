"""Joint activities of a community (联合教研, 同课异构, 联席会 …) and their materials.

An activity belongs to one community and is hosted by one school; its school year and semester
are derived from its start date on save (``core.school_year``). Its display name is *date +
theme* (rule 13). Materials are files stored through ``core.files``; photos are re-encoded by
the services (which drops EXIF and GPS data) and get a thumbnail.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from communities.models import Community
from core import files
from core.models import ChoiceLabels
from core.school_year import SchoolYear, Semester, semester_label, semester_of
from schools.models import District, School, Teacher

from .enums import ActivityStatus, MaterialKind, Review, RuleTag

MATERIAL = files.Policy(
    label="活动材料",
    kinds=(*files.DOCUMENTS, *files.IMAGES),
    folder="activities",
    max_bytes=20 * 2**20,
)
PHOTO = files.Policy(label="照片", kinds=files.IMAGES, folder="activities", max_bytes=15 * 2**20)


class ActivityKindQuerySet(models.QuerySet):
    def for_district(self, district_id: int | None) -> ActivityKindQuerySet:
        """The seeded kinds and the district's own."""
        return self.filter(Q(district__isnull=True) | Q(district_id=district_id))


class ActivityKind(models.Model):
    """A kind of joint activity. Rows without a district are the catalogue every district
    starts with (seeded by a data migration); a bureau adds its own."""

    district = models.ForeignKey(
        District,
        verbose_name="教育局",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="空：全部教育局通用的类型。",
    )
    name = models.CharField("名称", max_length=30)
    rule_tag = models.CharField(
        "计入规则", max_length=30, choices=RuleTag.choices, blank=True, default=RuleTag.NONE
    )
    order = models.PositiveSmallIntegerField("排序", default=100)
    active = models.BooleanField("可选用", default=True)

    objects = ActivityKindQuerySet.as_manager()

    class Meta:
        verbose_name = "活动类型"
        verbose_name_plural = "活动类型"
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="activity_kind_unique_in_district"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(district__isnull=True),
                name="activity_kind_unique_seed",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ActivityQuerySet(models.QuerySet):
    def counting(self) -> ActivityQuerySet:
        """Activities that count for the rules: held (已开展) and not sent back by the bureau."""
        return self.filter(status=ActivityStatus.HELD).exclude(review=Review.RETURNED)

    def between(self, first, last) -> ActivityQuerySet:
        return self.filter(start_date__gte=first, start_date__lte=last)


class Activity(ChoiceLabels, models.Model):
    district = models.ForeignKey(
        District, verbose_name="教育局", on_delete=models.PROTECT, related_name="+", editable=False
    )
    community = models.ForeignKey(
        Community, verbose_name="教共体", on_delete=models.PROTECT, related_name="activities"
    )
    theme = models.CharField("主题", max_length=120)
    kind = models.ForeignKey(
        ActivityKind, verbose_name="活动类型", on_delete=models.PROTECT, related_name="activities"
    )
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", null=True, blank=True, help_text="一天的活动可不填。")
    # Derived from start_date on save.
    school_year = models.PositiveSmallIntegerField("学年", editable=False)
    semester = models.CharField("学期", max_length=10, choices=Semester.choices, editable=False)
    place = models.CharField("地点", max_length=100, blank=True)
    host_school = models.ForeignKey(
        School, verbose_name="承办学校", on_delete=models.PROTECT, related_name="hosted_activities"
    )
    schools = models.ManyToManyField(
        School, verbose_name="参与学校", blank=True, related_name="joined_activities"
    )
    teachers = models.ManyToManyField(
        Teacher, verbose_name="参与教师", blank=True, related_name="activities"
    )
    other_participants = models.PositiveIntegerField(
        "其他参与人数",
        default=0,
        validators=[MaxValueValidator(100_000, "其他参与人数不能超过 100000。")],
    )
    subject = models.CharField("学科", max_length=20, blank=True)
    grade = models.CharField("年级", max_length=20, blank=True)
    summary = models.TextField("活动概述", blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.HELD
    )
    review = models.CharField(
        "核实", max_length=12, choices=Review.choices, default=Review.PENDING, editable=False
    )
    review_comment = models.CharField("核实意见", max_length=300, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核实人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField("核实时间", null=True, blank=True, editable=False)
    plan_item = models.ForeignKey(
        "PlanItem",
        verbose_name="对应工作安排",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[schools, teachers])
    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "联合活动"
        verbose_name_plural = "联合活动"
        ordering = ["-start_date", "-id"]
        indexes = [
            # The list's filters and order (DOMAIN.md §7: ~1,000,000 rows province-wide).
            models.Index(fields=["district", "-start_date", "-id"], name="activity_district_date"),
            models.Index(
                fields=["community", "-start_date", "-id"], name="activity_community_date"
            ),
            models.Index(
                fields=["district", "school_year", "semester"], name="activity_district_term"
            ),
            models.Index(fields=["host_school", "-start_date"], name="activity_host_date"),
            models.Index(fields=["district", "review", "status"], name="activity_district_review"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="activity_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        if self.community_id and not self.district_id:
            self.district_id = self.community.district_id
        if self.start_date:
            year, semester = semester_of(self.start_date)
            self.school_year = year.start
            self.semester = semester
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("activities:activity_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = "结束日期不能早于开始日期。"
        if (
            self.community_id
            and self.district_id
            and self.community.district_id != self.district_id
        ):
            errors["community"] = "教共体不属于本教育局。"
        if self.host_school_id and self.district_id:
            if self.host_school.district_id != self.district_id:
                errors["host_school"] = "承办学校不属于本教育局。"
        if self.kind_id and self.kind.district_id not in (None, self.district_id):
            errors["kind"] = "活动类型不属于本教育局。"
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self) -> str:
        """Rule 13: date + theme, e.g. ``2025-10-16 同课异构：三年级数学《分数的初步认识》``."""
        return f"{self.start_date:%Y-%m-%d} {self.theme}"

    @property
    def school_year_label(self) -> str:
        return SchoolYear(self.school_year).label

    @property
    def semester_text(self) -> str:
        return semester_label(self.school_year, self.semester)

    @property
    def dates_text(self) -> str:
        if self.end_date and self.end_date != self.start_date:
            return f"{self.start_date:%Y-%m-%d} 至 {self.end_date:%Y-%m-%d}"
        return f"{self.start_date:%Y-%m-%d}"


class ActivityMaterial(models.Model):
    """One file of an activity: its plan, brief, a photo …"""

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField("材料类型", max_length=20, choices=MaterialKind.choices)
    title = models.CharField("说明", max_length=120, blank=True)
    file = files.protected_file_field("文件")
    thumbnail = files.protected_file_field("缩略图")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "活动材料"
        verbose_name_plural = "活动材料"
        ordering = ["activity", "kind", "id"]
        indexes = [models.Index(fields=["activity", "kind"], name="material_activity_kind")]

    def __str__(self) -> str:
        return self.caption

    @property
    def caption(self) -> str:
        if self.title:
            return self.title
        return self.file.original_name if self.file_id else self.get_kind_display()


class PlanItem(models.Model):
    """One line of a community's work schedule (工作安排) for a school year."""

    community = models.ForeignKey(
        Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="plan_items"
    )
    school_year = models.PositiveSmallIntegerField(
        "学年",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="学年的起始年份，如 2025 表示 2025-2026。",
    )
    month = models.PositiveSmallIntegerField(
        "月份",
        validators=[
            MinValueValidator(1, "月份应为 1–12。"),
            MaxValueValidator(12, "月份应为 1–12。"),
        ],
    )
    content = models.CharField("工作内容", max_length=300)
    group = models.ForeignKey(
        "communities.WorkGroup",
        verbose_name="责任小组",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("备注", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "工作安排"
        verbose_name_plural = "工作安排"
        ordering = ["community", "school_year", "id"]
        indexes = [models.Index(fields=["community", "school_year"], name="planitem_year")]

    def __str__(self) -> str:
        return f"{self.month}月 {self.content}"

    @property
    def first_day(self):
        year = self.school_year if self.month >= 9 else self.school_year + 1
        return SchoolYear(self.school_year).first_day.replace(year=year, month=self.month)


# The resource library's models live in their own module (``activities/library/``); importing
# them here registers them with the app.
from .library.models import Resource, ResourceDownload  # noqa: E402, F401

# Remote lessons live in their own package; Django finds their models through this module.
from .remote.models import RemoteClass, RemotePairing, RemoteSession  # noqa: E402, F401
