"""Governance records of a community: meetings and their decisions, funds received, expenses
and their approval steps (DOMAIN.md §4 rules 11, 14, 15).

Every row belongs to one community and is visible with it (``governance.visibility``). Amounts
are ``Decimal`` yuan with two places (fen), never floats. Writes go through
``governance.services`` and are kept in history (who, when, what).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from communities.models import Community, Position, WorkGroup
from core import files
from core.school_year import SchoolYear
from schools.models import District, School

from .enums import (
    DocumentKind,
    ExpenseAction,
    ExpenseCategory,
    ExpenseStatus,
    FundSource,
    MeetingKind,
    MilestoneStatus,
    TaskStatus,
    VersionStatus,
)

DOCUMENT = files.Policy(label="文件", kinds=(files.PDF, *files.WORD), folder="governance")
EVIDENCE = files.Policy(
    label="佐证材料", kinds=(files.PDF, *files.WORD, *files.IMAGES), folder="evidence"
)
REPORT = files.Policy(
    label="附件", kinds=(files.PDF, *files.WORD, *files.IMAGES, *files.EXCEL), folder="supervision"
)
MINUTES = files.Policy(label="会议纪要", kinds=(files.PDF, *files.WORD), folder="minutes")

year_validators = [
    MinValueValidator(1990, "学年超出范围。"),
    MaxValueValidator(2100, "学年超出范围。"),
]


def _amount(label: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), f"「{label}」须大于 0。")],
        **kwargs,
    )


def _user(label: str, related_name: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        editable=False,
    )


class Meeting(models.Model):
    """A meeting of the community (联席会 / 理事会 / 校长办公会 …)."""

    community = models.ForeignKey(
        Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField("会议类型", max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField("日期")
    place = models.CharField("地点", max_length=100, blank=True)
    attendees = models.ManyToManyField(
        Position, verbose_name="出席（理事会职务）", blank=True, related_name="meetings"
    )
    other_attendees = models.CharField(
        "其他出席人员", max_length=500, blank=True, help_text="不在职务名册中的人员，用顿号分隔。"
    )
    agenda = models.TextField("议题", blank=True)
    minutes_text = models.TextField("会议纪要", blank=True)
    minutes_file = files.protected_file_field("会议纪要文件")
    created_by = _user("创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["community", "held_on"], name="meeting_community_day")]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}"


class Decision(models.Model):
    """A decision taken at a meeting; ``major`` marks 三重一大 matters (rule 15)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField("决议内容")
    major = models.BooleanField(
        "三重一大", default=False, help_text="重大决策、重要人事任免、重大项目安排、大额资金使用。"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "决议"
        verbose_name_plural = "决议"
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        flag = "【三重一大】" if self.major else ""
        return f"{flag}{self.text[:40]}"


class FundReceipt(models.Model):
    """Money the community received in a school year, by source (rule 14)."""

    community = models.ForeignKey(
        Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="fund_receipts"
    )
    school_year = models.PositiveSmallIntegerField(
        "学年", validators=year_validators, help_text="学年的起始年份，如 2025 表示 2025-2026。"
    )
    source = models.CharField("来源", max_length=20, choices=FundSource.choices)
    amount = _amount("金额（元）")
    received_on = models.DateField("到账日期")
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = _user("登记人")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "经费到账"
        verbose_name_plural = "经费到账"
        ordering = ["community", "-school_year", "received_on", "id"]
        indexes = [models.Index(fields=["community", "school_year"], name="fund_community_year")]

    def __str__(self) -> str:
        return f"{SchoolYear(self.school_year).label} {self.get_source_display()} {self.amount}"


class Expense(models.Model):
    """One expense of a community: planned, requested, approved (rule 15) and spent."""

    community = models.ForeignKey(
        Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="expenses"
    )
    school = models.ForeignKey(
        School, verbose_name="使用学校", on_delete=models.PROTECT, related_name="+"
    )
    school_year = models.PositiveSmallIntegerField("学年", validators=year_validators)
    category = models.CharField("类别", max_length=20, choices=ExpenseCategory.choices)
    title = models.CharField("事项", max_length=200)
    amount = _amount("申请金额（元）")
    actual_amount = models.DecimalField(
        "实际支出（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name="三重一大决议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenses",
    )
    status = models.CharField(
        "状态", max_length=20, choices=ExpenseStatus.choices, default=ExpenseStatus.PENDING
    )
    threshold = models.DecimalField(
        "审批限额（元）",
        max_digits=14,
        decimal_places=2,
        editable=False,
        help_text="提交时按本教共体规则设置确定的集体决策限额。",
    )
    requested_by = _user("申请人")
    approved_by = _user("审批人")
    approved_at = models.DateTimeField("审批时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "经费支出"
        verbose_name_plural = "经费支出"
        ordering = ["community", "-school_year", "id"]
        indexes = [models.Index(fields=["community", "school_year"], name="expense_community_year")]

    def __str__(self) -> str:
        return f"{self.title}（{self.amount} 元）"

    @property
    def needs_collective_decision(self) -> bool:
        return self.amount >= self.threshold


class ExpenseStep(models.Model):
    """One step of an expense request: who did what, when, and why."""

    expense = models.ForeignKey(
        Expense, verbose_name="支出", on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField("操作", max_length=20, choices=ExpenseAction.choices)
    user = _user("操作人")
    at = models.DateTimeField("时间")
    comment = models.CharField("意见", max_length=500, blank=True)

    class Meta:
        verbose_name = "支出审批记录"
        verbose_name_plural = "支出审批记录"
        ordering = ["expense", "at", "id"]

    def __str__(self) -> str:
        return self.get_action_display()


class Document(models.Model):
    """A community document kept by kind (章程, 发展规划, 年度工作计划, 管理制度), in versions."""

    community = models.ForeignKey(
        Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField("类别", max_length=20, choices=DocumentKind.choices)
    title = models.CharField("名称", max_length=200)
    created_by = _user("创建人")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "制度文件"
        verbose_name_plural = "制度文件"
        ordering = ["community", "kind", "title", "id"]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """One version of a document; every earlier version stays readable."""

    document = models.ForeignKey(
        Document, verbose_name="文件", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField("版本号", editable=False)
    dated = models.DateField("日期")
    status = models.CharField("状态", max_length=20, choices=VersionStatus.choices)
    approved_by = models.CharField(
        "批准", max_length=100, blank=True, help_text="如：理事会 2025-09-05 审议通过。"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    file = files.protected_file_field("文件")
    created_by = _user("上传人")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "文件版本"
        verbose_name_plural = "文件版本"
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                name="document_version_unique",
                violation_error_message="该文件已有此版本号。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} 第 {self.number} 版"


class PlanPhase(models.Model):
    """A phase of a plan (规划设计, 全面实施, 成果验收 …) with its date range."""

    document = models.ForeignKey(
        Document, verbose_name="规划", on_delete=models.CASCADE, related_name="phases"
    )
    name = models.CharField("阶段", max_length=100)
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "规划阶段"
        verbose_name_plural = "规划阶段"
        ordering = ["document", "start_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__gte=models.F("start_on")),
                name="plan_phase_ends_after_start",
                violation_error_message="结束日期不能早于开始日期。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.start_on:%Y-%m-%d}—{self.end_on:%Y-%m-%d}）"


class MilestoneQuerySet(models.QuerySet):
    def overdue(self, today):
        """Not done and due before today (a milestone due today is not overdue yet)."""
        return self.exclude(status=MilestoneStatus.DONE).filter(due_on__lt=today)


class Milestone(models.Model):
    """A task of a plan: who is responsible (a school or a work group), when, and its evidence."""

    document = models.ForeignKey(
        Document, verbose_name="规划", on_delete=models.CASCADE, related_name="milestones"
    )
    phase = models.ForeignKey(
        PlanPhase,
        verbose_name="阶段",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
    )
    task = models.CharField("任务", max_length=300)
    school = models.ForeignKey(
        School,
        verbose_name="责任学校",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    group = models.ForeignKey(
        WorkGroup,
        verbose_name="责任小组",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField("完成时限")
    status = models.CharField(
        "状态", max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.TODO
    )
    evidence_note = models.CharField("完成情况", max_length=500, blank=True)
    evidence = files.protected_file_field("佐证材料")

    history = HistoricalRecords()
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = "里程碑任务"
        verbose_name_plural = "里程碑任务"
        ordering = ["document", "due_on", "id"]
        indexes = [models.Index(fields=["document", "due_on"], name="milestone_document_due")]

    def __str__(self) -> str:
        return self.task

    def is_overdue(self, today) -> bool:
        return self.status != MilestoneStatus.DONE and self.due_on < today

    @property
    def responsible(self) -> str:
        return self.school.name if self.school_id else (self.group.name if self.group_id else "")


class SupervisionTask(models.Model):
    """A key task on the bureau's supervision list (督办清单)."""

    district = models.ForeignKey(
        District, verbose_name="教育局", on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField("工作任务")
    lead_department = models.CharField("牵头部门", max_length=100)
    supervisor = models.CharField("督办领导", max_length=50)
    deadline = models.DateField("完成时限")
    schools = models.ManyToManyField(School, verbose_name="责任学校", blank=True, related_name="+")
    communities = models.ManyToManyField(
        Community, verbose_name="责任教共体", blank=True, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    created_by = _user("创建人")

    history = HistoricalRecords(m2m_fields=[schools, communities])

    class Meta:
        verbose_name = "督办任务"
        verbose_name_plural = "督办任务"
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.description[:40]

    def is_overdue(self, today) -> bool:
        return self.status != TaskStatus.DONE and self.deadline < today


class ProgressReport(models.Model):
    """A responsible unit's progress report on a supervised task, with an attachment."""

    task = models.ForeignKey(
        SupervisionTask, verbose_name="督办任务", on_delete=models.CASCADE, related_name="reports"
    )
    school = models.ForeignKey(
        School,
        verbose_name="报告学校",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    community = models.ForeignKey(
        Community,
        verbose_name="报告教共体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField("进展情况")
    attachment = files.protected_file_field("附件")
    reported_on = models.DateField("报告日期")
    reported_by = _user("报告人")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "督办进展"
        verbose_name_plural = "督办进展"
        ordering = ["task", "reported_on", "id"]

    def __str__(self) -> str:
        return f"{self.task} {self.reported_on:%Y-%m-%d}"

    @property
    def unit_name(self) -> str:
        return self.school.name if self.school_id else self.community.name
