"""Communities (教共体, 教育集团, 小片区, 捆绑结对), their dated memberships and governance.

Nested schools: only top-level schools are enrolled. A village school or teaching point
(a school with a ``parent``) belongs to its parent's community by derivation and is never
enrolled on its own; so moving a central school moves its teaching points with it and the two
can never disagree.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core import files
from core.links import object_url
from core.models import ChoiceLabels
from core.sorting import SortKeyQuerySet, initials, initials_field, sort_key, sort_key_field
from core.text import name_key
from schools.models import District, School, Teacher

from .enums import (
    Closeness,
    CommunityKind,
    CommunityModel,
    CommunityStage,
    MemberRole,
    PositionTitle,
)

# A community's charter (章程): a PDF or Word document.
CHARTER = files.Policy(label="章程", kinds=(files.PDF, *files.WORD), folder="charters")


def _default_member_limit() -> int:
    return settings.JGT_DEFAULT_MEMBER_LIMIT


def _validate_date_range(
    start: datetime.date | None, end: datetime.date | None, end_field: str, start_label: str
) -> None:
    if start and end and end < start:
        raise ValidationError({end_field: f"结束日期不能早于{start_label}。"})


# "Over the member limit", the one rule: more current members (the core school not counted)
# than ``member_limit``. As a condition on a queryset annotated with ``member_count``
# (``selectors.communities_with_counts``), and as ``Community.is_over_limit`` for one row.
OVER_LIMIT = Q(member_count__gt=models.F("member_limit"))


class CommunityQuerySet(SortKeyQuerySet):
    def in_district(self, district: District) -> CommunityQuerySet:
        return self.filter(district=district)

    def active(self, on: datetime.date | None = None) -> CommunityQuerySet:
        on = on or datetime.date.today()
        return self.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))


class Community(ChoiceLabels, models.Model):
    district = models.ForeignKey(
        District, verbose_name="教育局", on_delete=models.PROTECT, related_name="communities"
    )
    name = models.CharField("名称", max_length=100)
    # Derived from `name` on save (``core.text.name_key``): two names that differ only in width,
    # spaces or invisible characters are the same community, for the constraint, the forms and
    # the roster import alike.
    name_key = models.CharField(max_length=100, editable=False, default="")
    kind = models.CharField(
        "类型", max_length=20, choices=CommunityKind.choices, default=CommunityKind.COMMUNITY
    )
    closeness = models.CharField(
        "紧密程度", max_length=10, choices=Closeness.choices, default=Closeness.TIGHT
    )
    model = models.CharField(
        "模式", max_length=20, choices=CommunityModel.choices, default=CommunityModel.URBAN_RURAL
    )
    stage = models.CharField("学段", max_length=20, choices=CommunityStage.choices)
    founded_on = models.DateField("成立日期", null=True, blank=True)
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)
    member_limit = models.PositiveSmallIntegerField(
        "成员校上限",
        default=_default_member_limit,
        help_text="超过上限仍可加入，但会在总览中标出（多数方案建议 1+N 中 N ≤ 6）。",
    )
    charter = files.protected_file_field("章程")
    note = models.TextField("备注", blank=True)
    # Derived on save and in bulk writes (``core.sorting``): pinyin order and initials.
    sort_key = sort_key_field()
    initials = initials_field()

    SORT_KEY_FIELDS = ("name_key", "sort_key", "initials")
    SORT_KEY_SOURCES = ("name",)

    history = HistoricalRecords(excluded_fields=["name_key", "sort_key", "initials"])
    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = "教共体"
        verbose_name_plural = "教共体"
        ordering = ["district", "sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name_key"],
                name="community_name_key_unique_in_district",
                violation_error_message="本教育局已有同名教共体。",
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(dissolved_on__gte=models.F("founded_on")),
                name="community_dissolved_after_founded",
            ),
        ]
        indexes = [
            # The list's sortable name column (core.tables), in pinyin order.
            models.Index(fields=["district", "sort_key", "id"], name="community_district_sort"),
            models.Index(fields=["sort_key", "id"], name="community_sort"),
            models.Index(fields=["kind", "sort_key", "id"], name="community_kind_sort"),
            models.Index(fields=["stage", "sort_key", "id"], name="community_stage_sort"),
            models.Index(fields=["founded_on", "id"], name="community_founded"),
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
        return object_url("communities:community_detail", self.pk)

    def fill_sort_keys(self) -> None:
        self.name_key = name_key(self.name)
        self.sort_key = sort_key(self.name)
        self.initials = initials(self.name)

    def is_over_limit(self, member_count: int) -> bool:
        """``member_count``: current members, the core school not counted (see OVER_LIMIT)."""
        return member_count > self.member_limit

    def clean(self) -> None:
        _validate_date_range(self.founded_on, self.dissolved_on, "dissolved_on", "成立日期")
        key = name_key(self.name)
        if self.district_id and key:
            clash = Community.objects.filter(district_id=self.district_id, name_key=key)
            if clash.exclude(pk=self.pk).exists():
                raise ValidationError({"name": "本教育局已有同名教共体。"})


class MembershipQuerySet(models.QuerySet):
    def current(self) -> MembershipQuerySet:
        return self.filter(end_on__isnull=True)


class Membership(models.Model):
    """A school's dated place in a community. Changes close a row and open a new one."""

    community = models.ForeignKey(
        Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="memberships"
    )
    school = models.ForeignKey(
        School, verbose_name="学校", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(
        "角色", max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    start_on = models.DateField("加入日期")
    end_on = models.DateField("退出日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "成员关系"
        verbose_name_plural = "成员关系"
        ordering = ["community", "role", "start_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(end_on__isnull=True),
                name="one_current_membership_per_school",
                violation_error_message="该校已在另一个教共体中。",
            ),
            models.UniqueConstraint(
                fields=["community"],
                condition=Q(end_on__isnull=True, role="core"),
                name="one_current_core_per_community",
                violation_error_message="该教共体已有核心校。",
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="membership_ends_after_start",
                violation_error_message="退出日期不能早于加入日期。",
            ),
        ]
        indexes = [
            # Current members of a community (detail page, overview counts).
            models.Index(fields=["community", "end_on"], name="membership_community_current"),
        ]

    def __str__(self) -> str:
        return f"{self.community} — {self.school}（{self.get_role_display()}）"

    @property
    def is_current(self) -> bool:
        return self.end_on is None

    def clean(self) -> None:
        _validate_date_range(self.start_on, self.end_on, "end_on", "加入日期")


class Position(models.Model):
    """A post in the community's governance, held by a teacher or by a named person."""

    community = models.ForeignKey(
        Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="positions"
    )
    title = models.CharField("职务", max_length=30, choices=PositionTitle.choices)
    teacher = models.ForeignKey(
        Teacher,
        verbose_name="教师",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="community_positions",
    )
    person_name = models.CharField("姓名（非本系统教师）", max_length=30, blank=True)
    school = models.ForeignKey(
        School,
        verbose_name="对应学校",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="如执行校长、第一校长所负责的学校。",
    )
    start_on = models.DateField("任职日期")
    end_on = models.DateField("离任日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "职务"
        verbose_name_plural = "职务"
        ordering = ["community", "title", "start_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(teacher__isnull=True, person_name=""),
                name="position_has_person",
                violation_error_message="请选择教师或填写姓名。",
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="position_ends_after_start",
                violation_error_message="离任日期不能早于任职日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_title_display()}：{self.holder_name}"

    @property
    def holder_name(self) -> str:
        return self.teacher.name if self.teacher_id else self.person_name

    def clean(self) -> None:
        if not self.teacher_id and not self.person_name.strip():
            raise ValidationError({"teacher": "请选择教师或填写姓名。"})
        _validate_date_range(self.start_on, self.end_on, "end_on", "任职日期")


class WorkGroup(models.Model):
    """领导小组, 教学联络组, 德育联络组, 后勤联络组 …"""

    community = models.ForeignKey(
        Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="work_groups"
    )
    name = models.CharField("名称", max_length=50)
    leader = models.ForeignKey(
        Teacher,
        verbose_name="组长",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.ManyToManyField(
        Teacher, verbose_name="成员", blank=True, related_name="work_groups"
    )
    other_members = models.CharField(
        "其他成员", max_length=200, blank=True, help_text="不在本系统中的成员姓名，以「、」分隔。"
    )
    duties = models.TextField("职责", blank=True)

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = "工作小组"
        verbose_name_plural = "工作小组"
        ordering = ["community", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"],
                name="workgroup_name_unique",
                violation_error_message="本教共体已有同名工作小组。",
            ),
        ]

    def __str__(self) -> str:
        return self.name
