"""Remote-lesson pairings (同步课堂 / 专递课堂 / 名师课堂) and their sessions.

A **pairing** (结对) joins the class of a core school that gives the lesson (主讲班级) with one or
more classes of member schools (接收班级) for one subject and one term: a weekly slot (weekday
and time) between its first and last day, which default to the semester's. Its teachers come
from the roster. Each **session** (一次课) is one dated record of a pairing: held (已开课), or not
held (未开课) with a reason (停电、网络故障、考试、节假日、其他) and a note. The weeks of the term
and which of them are due are computed by ``activities.remote.weeks``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from communities.models import Community
from core.school_year import SchoolYear, Semester, semester_label
from schools.models import District, School, Teacher

from .enums import NotHeldReason, RemoteKind, SessionStatus, Weekday
from .weeks import Week, term_weeks


class RemotePairingQuerySet(models.QuerySet):
    def in_term(self, school_year: int, semester: str | None) -> RemotePairingQuerySet:
        rows = self.filter(school_year=school_year)
        return rows.filter(semester=semester) if semester else rows


class RemotePairing(models.Model):
    district = models.ForeignKey(
        District, verbose_name="教育局", on_delete=models.PROTECT, related_name="+", editable=False
    )
    community = models.ForeignKey(
        Community, verbose_name="教共体", on_delete=models.PROTECT, related_name="remote_pairings"
    )
    kind = models.CharField(
        "课堂类型", max_length=12, choices=RemoteKind.choices, default=RemoteKind.SYNC
    )
    subject = models.CharField("学科", max_length=20)
    core_school = models.ForeignKey(
        School, verbose_name="主讲学校", on_delete=models.PROTECT, related_name="remote_pairings"
    )
    core_grade = models.CharField("主讲年级", max_length=20)
    core_class = models.CharField("主讲班级", max_length=30, help_text="如：三（2）班。")
    teachers = models.ManyToManyField(
        Teacher, verbose_name="授课教师", blank=True, related_name="remote_pairings"
    )
    school_year = models.PositiveSmallIntegerField(
        "学年", help_text="学年的起始年份，如 2025 表示 2025-2026。"
    )
    semester = models.CharField("学期", max_length=10, choices=Semester.choices)
    weekday = models.PositiveSmallIntegerField("上课日", choices=Weekday.choices)
    start_time = models.TimeField("开始时间")
    end_time = models.TimeField("结束时间")
    first_day = models.DateField("开课日期", blank=True, help_text="不填则为学期第一天。")
    last_day = models.DateField("结课日期", blank=True, help_text="不填则为学期最后一天。")
    note = models.CharField("备注", max_length=200, blank=True)
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

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[teachers])
    objects = RemotePairingQuerySet.as_manager()

    class Meta:
        verbose_name = "远程课堂结对"
        verbose_name_plural = "远程课堂结对"
        ordering = ["-school_year", "semester", "community", "core_school", "id"]
        indexes = [
            # The list's default filter (term) and the rule's read per community and term.
            models.Index(
                fields=["district", "school_year", "semester"], name="remote_district_term"
            ),
            models.Index(
                fields=["community", "school_year", "semester"], name="remote_community_term"
            ),
            # The school filter and the measure (pairings a school gives).
            models.Index(fields=["core_school", "school_year"], name="remote_core_school_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")),
                name="remote_pairing_ends_after_start",
                violation_error_message="结课日期不能早于开课日期。",
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="remote_pairing_slot_order",
                violation_error_message="结束时间应晚于开始时间。",
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=1, weekday__lte=7),
                name="remote_pairing_weekday",
                violation_error_message="上课日应为周一至周日。",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        if self.community_id and not self.district_id:
            self.district_id = self.community.district_id
        self.fill_term_days()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("activities:remote_pairing_detail", kwargs={"pk": self.pk})

    def fill_term_days(self) -> None:
        if self.school_year and self.semester in Semester.values:
            year = SchoolYear(self.school_year)
            self.first_day = self.first_day or year.semester_first_day(self.semester)
            self.last_day = self.last_day or year.semester_last_day(self.semester)

    def clean(self) -> None:
        self.fill_term_days()
        errors = {}
        if self.school_year and self.semester in Semester.values:
            year = SchoolYear(self.school_year)
            first = year.semester_first_day(self.semester)
            last = year.semester_last_day(self.semester)
            if self.first_day and not first <= self.first_day <= last:
                errors["first_day"] = f"开课日期应在{self.term_label}内（{first} 至 {last}）。"
            if self.last_day and not first <= self.last_day <= last:
                errors["last_day"] = f"结课日期应在{self.term_label}内（{first} 至 {last}）。"
        if self.first_day and self.last_day and self.last_day < self.first_day:
            errors.setdefault("last_day", "结课日期不能早于开课日期。")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = "结束时间应晚于开始时间。"
        if self.community_id and self.district_id:
            if self.community.district_id != self.district_id:
                errors["community"] = "教共体不属于本教育局。"
        if self.core_school_id and self.district_id:
            if self.core_school.district_id != self.district_id:
                errors["core_school"] = "主讲学校不属于本教育局。"
        if errors:
            raise ValidationError(errors)

    @property
    def core_class_label(self) -> str:
        return f"{self.core_grade}{self.core_class}"

    @property
    def display_name(self) -> str:
        return (
            f"{self.get_kind_display()}·{self.subject}·"
            f"{self.core_school.name}{self.core_class_label}"
        )

    @property
    def term_label(self) -> str:
        return semester_label(self.school_year, self.semester)

    @property
    def slot_label(self) -> str:
        return f"{Weekday(self.weekday).label} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def weeks(self) -> list[Week]:
        return term_weeks(self.first_day, self.last_day, self.weekday)


class RemoteClass(models.Model):
    """A member-school class receiving the pairing's lessons (接收班级)."""

    pairing = models.ForeignKey(
        RemotePairing, verbose_name="结对", on_delete=models.CASCADE, related_name="classes"
    )
    school = models.ForeignKey(
        School, verbose_name="接收学校", on_delete=models.PROTECT, related_name="remote_classes"
    )
    grade = models.CharField("年级", max_length=20)
    class_name = models.CharField("班级", max_length=30)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "接收班级"
        verbose_name_plural = "接收班级"
        ordering = ["pairing", "id"]
        indexes = [
            # School leaders' visibility and the school filter: pairings a school receives.
            models.Index(fields=["school", "pairing"], name="remote_class_school"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "school", "grade", "class_name"],
                name="remote_class_unique",
                violation_error_message="同一结对中该班级已存在。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.school.name}{self.grade}{self.class_name}"

    @property
    def label(self) -> str:
        return f"{self.grade}{self.class_name}"


class RemoteSession(models.Model):
    """One dated lesson of a pairing: held, or not held with a reason."""

    pairing = models.ForeignKey(
        RemotePairing, verbose_name="结对", on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField("日期")
    status = models.CharField("开课情况", max_length=10, choices=SessionStatus.choices)
    reason = models.CharField(
        "未开课原因", max_length=10, choices=NotHeldReason.choices, blank=True
    )
    note = models.CharField("说明", max_length=200, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    logged_at = models.DateTimeField("登记时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["logged_at"])

    class Meta:
        verbose_name = "远程课堂课次"
        verbose_name_plural = "远程课堂课次"
        ordering = ["pairing", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "date"],
                name="remote_session_one_a_day",
                violation_error_message="该结对这一天已有记录。",
            ),
            models.CheckConstraint(
                condition=Q(status=SessionStatus.HELD, reason="")
                | Q(status=SessionStatus.NOT_HELD) & ~Q(reason=""),
                name="remote_session_reason",
                violation_error_message="未开课须选择原因；已开课不填原因。",
            ),
        ]
        # The unique constraint's index serves the grid and the rule (pairing, date range).

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_status_display()}"

    def clean(self) -> None:
        errors = {}
        if self.status == SessionStatus.NOT_HELD and not self.reason:
            errors["reason"] = "未开课时请选择原因。"
        if self.status == SessionStatus.HELD and self.reason:
            errors["reason"] = "已开课不填未开课原因。"
        if self.reason == NotHeldReason.OTHER and not self.note.strip():
            errors["note"] = "原因为「其他」时请写明说明。"
        if self.pairing_id and self.date:
            pairing = self.pairing
            if not pairing.first_day <= self.date <= pairing.last_day:
                errors["date"] = (
                    f"日期应在结对的开课期间内（{pairing.first_day} 至 {pairing.last_day}）。"
                )
        if errors:
            raise ValidationError(errors)

    @property
    def held(self) -> bool:
        return self.status == SessionStatus.HELD
