"""Teacher exchanges (交流轮岗 …), 挂职 principal posts, 跟班听课 lesson days and mentorships.

An exchange never changes the teacher's employing school (身份不变): ``Teacher.school`` stays the
home school, and the host school(s) are recorded here. Planned start and end are semesters
(DOMAIN.md §2); their dates are derived on save. ``community`` and ``direction`` (and the same on
each host link) are derived from the memberships at the planned start by
``exchanges.direction`` and written by the services on every write, so lists can filter by them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from communities.models import Community
from core.models import ChoiceLabels
from core.school_year import SchoolYear, Semester, semester_index, semester_label
from schools.models import District, School, Teacher

from .enums import (
    EDITABLE_STATUSES,
    NOT_COUNTING_STATUSES,
    ON_RECORD_STATUSES,
    AssessmentResult,
    Direction,
    ExchangeKind,
    ExchangeStatus,
    MentorshipStatus,
    StepAction,
)

year_validators = [
    MinValueValidator(2000, "学年不能早于 2000 年。"),
    MaxValueValidator(2100, "学年不能晚于 2100 年。"),
]


def _money(label: str) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"), f"{label}不能为负数。")],
    )


def _overlaps(start_field: str, end_field: str, first: datetime.date, last: datetime.date) -> Q:
    return Q(**{f"{start_field}__lte": last, f"{end_field}__gte": first})


class ExchangeQuerySet(models.QuerySet):
    def in_district(self, district: District | int) -> ExchangeQuerySet:
        return self.filter(district=district)

    def counting(self) -> ExchangeQuerySet:
        """Every exchange that counts: not 退回 (returned) and not 中止 (cancelled). Drafts count
        (the what-if of a plan before it is filed)."""
        return self.exclude(status__in=NOT_COUNTING_STATUSES)

    def on_record(self) -> ExchangeQuerySet:
        """Filed with the bureau or later (已备案, 在岗, 已考核)."""
        return self.filter(status__in=ON_RECORD_STATUSES)

    def in_school_year(self, school_year: SchoolYear) -> ExchangeQuerySet:
        """Planned dates overlap the school year (an exchange spanning two years is in both)."""
        return self.filter(
            _overlaps("planned_start", "planned_end", school_year.first_day, school_year.last_day)
        )

    def in_semester(self, school_year: SchoolYear, semester: str) -> ExchangeQuerySet:
        """Planned dates overlap the semester."""
        first = school_year.semester_first_day(semester)
        last = school_year.semester_last_day(semester)
        return self.filter(_overlaps("planned_start", "planned_end", first, last))

    def covering_school_year(self, school_year: SchoolYear) -> ExchangeQuerySet:
        """Planned dates cover both semesters of the school year (the balance what-if)."""
        return self.filter(
            planned_start__lte=school_year.semester_first_day(Semester.AUTUMN),
            planned_end__gte=school_year.semester_last_day(Semester.SPRING),
        )

    def covering(self, day: datetime.date) -> ExchangeQuerySet:
        """Serving dates cover ``day``: actual dates where known, else the planned ones."""
        return self.annotate(
            serving_from=Coalesce("actual_start", "planned_start"),
            serving_to=Coalesce("actual_end", "planned_end"),
        ).filter(serving_from__lte=day, serving_to__gte=day)

    def hosted_by(self, school: School | int) -> ExchangeQuerySet:
        return self.filter(pk__in=ExchangeHost.objects.filter(school=school).values("exchange_id"))


class Exchange(ChoiceLabels, models.Model):
    """One teacher's exchange: from the home school to one host (several for 走教)."""

    district = models.ForeignKey(
        District, verbose_name="教育局", on_delete=models.PROTECT, related_name="+"
    )
    teacher = models.ForeignKey(
        Teacher, verbose_name="教师", on_delete=models.PROTECT, related_name="exchanges"
    )
    home_school = models.ForeignKey(
        School,
        verbose_name="派出学校",
        on_delete=models.PROTECT,
        related_name="exchanges_out",
        help_text="教师的人事关系所在学校（身份不变）。",
    )
    hosts = models.ManyToManyField(
        School,
        verbose_name="接收学校",
        through="ExchangeHost",
        related_name="exchanges_in",
    )
    kind = models.CharField(
        "交流方式", max_length=20, choices=ExchangeKind.choices, default=ExchangeKind.ROTATION
    )
    start_year = models.PositiveSmallIntegerField(
        "开始学年", validators=year_validators, help_text="学年的起始年份，如 2025 表示 2025-2026。"
    )
    start_semester = models.CharField("开始学期", max_length=10, choices=Semester.choices)
    end_year = models.PositiveSmallIntegerField("结束学年", validators=year_validators)
    end_semester = models.CharField("结束学期", max_length=10, choices=Semester.choices)
    # Derived on save from the semesters above.
    planned_start = models.DateField("计划开始日期", editable=False)
    planned_end = models.DateField("计划结束日期", editable=False)
    actual_start = models.DateField("实际到岗日期", null=True, blank=True)
    actual_end = models.DateField("实际结束日期", null=True, blank=True)
    tasks = models.TextField("目标任务", blank=True)
    subsidy_township = _money("乡镇工作津贴（元/月）")
    subsidy_transport = _money("交通补贴（元/月）")
    subsidy_rural = _money("乡村教师生活补贴（元/月）")
    status = models.CharField(
        "状态", max_length=20, choices=ExchangeStatus.choices, default=ExchangeStatus.DRAFT
    )
    # Bumped by every workflow step: a step claims the row by (pk, status, version).
    version = models.PositiveIntegerField(default=1, editable=False)
    result = models.CharField(
        "考核结果", max_length=20, choices=AssessmentResult.choices, blank=True
    )
    result_comment = models.TextField("考核意见", blank=True)
    assessed_by = models.ForeignKey(
        School,
        verbose_name="考核学校",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Derived by the services (exchanges.direction) from memberships at the planned start.
    community = models.ForeignKey(
        Community,
        verbose_name="派出学校所在教共体",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchanges",
        editable=False,
    )
    direction = models.CharField(
        "交流方向",
        max_length=20,
        choices=Direction.choices,
        default=Direction.OUTSIDE,
        editable=False,
    )
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])
    objects = ExchangeQuerySet.as_manager()

    class Meta:
        verbose_name = "教师交流"
        verbose_name_plural = "教师交流"
        ordering = ["-planned_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")),
                name="exchange_ends_after_start",
                violation_error_message="结束学期不能早于开始学期。",
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_end__gte=models.F("actual_start")),
                name="exchange_actual_ends_after_start",
                violation_error_message="实际结束日期不能早于实际到岗日期。",
            ),
        ]
        indexes = [
            # Exchange list of a district by school year (planned dates overlap the year).
            models.Index(fields=["district", "planned_start"], name="exchange_district_start"),
            # Outgoing exchanges of a school (school page, visibility).
            models.Index(fields=["home_school", "status"], name="exchange_home_status"),
            # To-do counts and status filters of a community.
            models.Index(fields=["community", "status"], name="exchange_community_status"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher.name}（{self.get_kind_display()}，{self.period_label}）"

    def save(self, *args, **kwargs):
        self.derive_dates()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("exchanges:exchange_detail", args=[self.pk])

    def derive_dates(self) -> None:
        if self.start_year and self.start_semester:
            self.planned_start = SchoolYear(self.start_year).semester_first_day(self.start_semester)
        if self.end_year and self.end_semester:
            self.planned_end = SchoolYear(self.end_year).semester_last_day(self.end_semester)

    @property
    def period_label(self) -> str:
        if not (self.start_year and self.end_year):
            return ""
        return (
            f"{semester_label(self.start_year, self.start_semester)}至"
            f"{semester_label(self.end_year, self.end_semester)}"
        )

    @property
    def semesters(self) -> int:
        """How many semesters the plan spans, both ends included."""
        return (
            semester_index(self.end_year, self.end_semester)
            - semester_index(self.start_year, self.start_semester)
            + 1
        )

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def subsidy_total(self) -> Decimal:
        return self.subsidy_township + self.subsidy_transport + self.subsidy_rural

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_year and self.end_year and self.start_semester and self.end_semester:
            if semester_index(self.end_year, self.end_semester) < semester_index(
                self.start_year, self.start_semester
            ):
                errors["end_year"] = "结束学期不能早于开始学期。"
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = "实际结束日期不能早于实际到岗日期。"
        if self.teacher_id and self.home_school_id and self.district_id:
            if self.home_school.district_id != self.district_id:
                errors["home_school"] = "派出学校不属于本教育局。"
        if errors:
            raise ValidationError(errors)
        self.derive_dates()


class ExchangeHost(models.Model):
    """A host school of an exchange (走教 has several), with its derived community/direction."""

    exchange = models.ForeignKey(
        Exchange, verbose_name="交流", on_delete=models.CASCADE, related_name="host_links"
    )
    school = models.ForeignKey(
        School, verbose_name="接收学校", on_delete=models.PROTECT, related_name="exchange_links"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    # Derived by the services from memberships at the exchange's planned start.
    community = models.ForeignKey(
        Community,
        verbose_name="接收学校所在教共体",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    direction = models.CharField(
        "交流方向",
        max_length=20,
        choices=Direction.choices,
        default=Direction.OUTSIDE,
        editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "接收学校"
        verbose_name_plural = "接收学校"
        ordering = ["exchange", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["exchange", "school"],
                name="exchange_host_unique",
                violation_error_message="同一接收学校不能重复填写。",
            ),
        ]
        indexes = [
            # Exchanges hosted by a school (school page "serving here", visibility).
            models.Index(fields=["school", "exchange"], name="exchange_host_school"),
        ]

    def __str__(self) -> str:
        return f"{self.exchange_id} → {self.school}"


class ExchangeStep(models.Model):
    """One step of an exchange's workflow: who moved it from which status to which, and why."""

    exchange = models.ForeignKey(
        Exchange, verbose_name="交流", on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField("操作", max_length=20, choices=StepAction.choices)
    from_status = models.CharField(
        "原状态", max_length=20, choices=ExchangeStatus.choices, blank=True
    )
    to_status = models.CharField("新状态", max_length=20, choices=ExchangeStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间")
    comment = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "交流流程记录"
        verbose_name_plural = "交流流程记录"
        ordering = ["exchange", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}：{self.from_status} → {self.to_status}"


class PrincipalPostQuerySet(models.QuerySet):
    def in_school_year(self, school_year: SchoolYear) -> PrincipalPostQuerySet:
        return self.filter(school_year=school_year.start)


class PrincipalPost(models.Model):
    """挂职: a principal (or teacher) holding a post at the partner school for some weeks."""

    district = models.ForeignKey(
        District, verbose_name="教育局", on_delete=models.PROTECT, related_name="+"
    )
    teacher = models.ForeignKey(
        Teacher, verbose_name="挂职人员", on_delete=models.PROTECT, related_name="principal_posts"
    )
    home_school = models.ForeignKey(
        School, verbose_name="本校", on_delete=models.PROTECT, related_name="+"
    )
    partner_school = models.ForeignKey(
        School, verbose_name="挂职学校", on_delete=models.PROTECT, related_name="hosted_posts"
    )
    school_year = models.PositiveSmallIntegerField("学年", validators=year_validators)
    semester = models.CharField("学期", max_length=10, choices=Semester.choices)
    weeks = models.DecimalField(
        "周数",
        max_digits=4,
        decimal_places=1,
        validators=[
            MinValueValidator(Decimal("0.5"), "周数至少 0.5。"),
            MaxValueValidator(Decimal("26"), "周数不能超过 26。"),
        ],
    )
    post = models.CharField("挂职岗位", max_length=50, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords()
    objects = PrincipalPostQuerySet.as_manager()

    class Meta:
        verbose_name = "挂职记录"
        verbose_name_plural = "挂职记录"
        ordering = ["-school_year", "-semester", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(home_school=models.F("partner_school")),
                name="principal_post_other_school",
                violation_error_message="挂职学校不能是本校。",
            ),
            models.UniqueConstraint(
                fields=["teacher", "partner_school", "school_year", "semester"],
                name="principal_post_unique",
                violation_error_message="该人员本学期在该校的挂职已登记。",
            ),
        ]
        indexes = [
            # Posts of a district by school year (list, rule 3).
            models.Index(fields=["district", "school_year"], name="principal_post_district_year"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher.name} 挂职 {self.partner_school}（{self.weeks} 周）"

    @property
    def semester_label(self) -> str:
        return semester_label(self.school_year, self.semester)

    def clean(self) -> None:
        if self.home_school_id and self.partner_school_id:
            if self.home_school_id == self.partner_school_id:
                raise ValidationError({"partner_school": "挂职学校不能是本校。"})


class LessonDayQuerySet(models.QuerySet):
    def in_school_year(self, school_year: SchoolYear) -> LessonDayQuerySet:
        return self.filter(month__gte=school_year.first_day, month__lte=school_year.last_day)


class LessonDay(models.Model):
    """跟班听课: a member teacher's days at the core school attending lessons in one month."""

    district = models.ForeignKey(
        District, verbose_name="教育局", on_delete=models.PROTECT, related_name="+"
    )
    teacher = models.ForeignKey(
        Teacher, verbose_name="教师", on_delete=models.PROTECT, related_name="lesson_days"
    )
    # The teacher's school at entry (a teacher who moves later keeps this record's school).
    home_school = models.ForeignKey(
        School, verbose_name="本校", on_delete=models.PROTECT, related_name="+"
    )
    core_school = models.ForeignKey(
        School, verbose_name="听课学校", on_delete=models.PROTECT, related_name="hosted_lesson_days"
    )
    month = models.DateField("月份", help_text="该月第一天。")
    days = models.PositiveSmallIntegerField(
        "天数",
        validators=[
            MinValueValidator(1, "天数至少为 1。"),
            MaxValueValidator(31, "天数不能超过 31。"),
        ],
    )
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords()
    objects = LessonDayQuerySet.as_manager()

    class Meta:
        verbose_name = "跟班听课记录"
        verbose_name_plural = "跟班听课记录"
        ordering = ["-month", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "core_school", "month"],
                name="lesson_day_unique",
                violation_error_message="该教师本月在该校的听课天数已登记。",
            ),
            models.CheckConstraint(
                condition=~Q(home_school=models.F("core_school")),
                name="lesson_day_other_school",
                violation_error_message="听课学校不能是本校。",
            ),
        ]
        indexes = [
            # Lesson days of a district by month (list, rule 4).
            models.Index(fields=["district", "month"], name="lesson_day_district_month"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher.name} {self.month:%Y-%m} {self.days} 天"

    def save(self, *args, **kwargs):
        if self.month:
            self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.month:
            self.month = self.month.replace(day=1)
        if self.home_school_id and self.core_school_id:
            if self.home_school_id == self.core_school_id:
                raise ValidationError({"core_school": "听课学校不能是本校。"})


class MentorshipQuerySet(models.QuerySet):
    def in_school_year(self, school_year: SchoolYear) -> MentorshipQuerySet:
        """Pairings whose dates overlap the school year (no end date: still running)."""
        return self.filter(
            Q(end_on__isnull=True) | Q(end_on__gte=school_year.first_day),
            start_on__lte=school_year.last_day,
        )

    def counting(self) -> MentorshipQuerySet:
        """Pairings that count for rule 7: not 中止."""
        return self.exclude(status=MentorshipStatus.ENDED)


class Mentorship(models.Model):
    """师徒结对 / 青蓝工程: a mentor and an apprentice, with goals and a closing review."""

    district = models.ForeignKey(
        District, verbose_name="教育局", on_delete=models.PROTECT, related_name="+"
    )
    mentor = models.ForeignKey(
        Teacher, verbose_name="师傅", on_delete=models.PROTECT, related_name="mentorships_as_mentor"
    )
    apprentice = models.ForeignKey(
        Teacher,
        verbose_name="徒弟",
        on_delete=models.PROTECT,
        related_name="mentorships_as_apprentice",
    )
    # The two schools at the pairing (teachers' employing schools then).
    mentor_school = models.ForeignKey(
        School, verbose_name="师傅学校", on_delete=models.PROTECT, related_name="+"
    )
    apprentice_school = models.ForeignKey(
        School, verbose_name="徒弟学校", on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField("学科", max_length=20, blank=True)
    start_on = models.DateField("结对日期")
    end_on = models.DateField("结束日期", null=True, blank=True)
    goals = models.TextField("结对目标", blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=MentorshipStatus.choices, default=MentorshipStatus.ACTIVE
    )
    review = models.TextField("期满评价", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords()
    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = "师徒结对"
        verbose_name_plural = "师徒结对"
        ordering = ["-start_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=models.F("apprentice")),
                name="mentorship_two_people",
                violation_error_message="师傅和徒弟不能是同一人。",
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="mentorship_ends_after_start",
                violation_error_message="结束日期不能早于结对日期。",
            ),
        ]
        indexes = [
            # Mentorships of a district by date (list, rule 7).
            models.Index(fields=["district", "start_on"], name="mentorship_district_start"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.name} — {self.apprentice.name}"

    def get_absolute_url(self) -> str:
        return reverse("exchanges:mentorship_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.mentor_id and self.mentor_id == self.apprentice_id:
            errors["apprentice"] = "师傅和徒弟不能是同一人。"
        if self.start_on and self.end_on and self.end_on < self.start_on:
            errors["end_on"] = "结束日期不能早于结对日期。"
        if errors:
            raise ValidationError(errors)
