"""Vocabulary of governance: meetings, funds, expenses and their approval steps."""

from django.db import models


class MeetingKind(models.TextChoices):
    JOINT = "joint", "联席会"
    COUNCIL = "council", "理事会"
    PRINCIPALS = "principals", "校长办公会"
    LEADING_GROUP = "leading_group", "领导小组会议"
    OTHER = "other", "其他会议"


# Kinds that count as the leadership meeting of rule 11 (every month).
LEADERSHIP_KINDS = (
    MeetingKind.JOINT,
    MeetingKind.COUNCIL,
    MeetingKind.PRINCIPALS,
    MeetingKind.LEADING_GROUP,
)


class FundSource(models.TextChoices):
    SPECIAL = "special", "专项经费"
    POOLED = "pooled", "公用经费统筹"
    OTHER = "other", "其他"


class ExpenseCategory(models.TextChoices):
    TRAINING = "training", "培训研修"
    RESEARCH = "research", "教研活动"
    EXCHANGE = "exchange", "交流补贴"
    EQUIPMENT = "equipment", "设备资源"
    EVENT = "event", "活动竞赛"
    OTHER = "other", "其他"


class ExpenseStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "已退回"
    SPENT = "spent", "已支出"
    WITHDRAWN = "withdrawn", "已撤回"


# A request may be changed or withdrawn by its side until it is approved.
EXPENSE_OPEN = (ExpenseStatus.PENDING, ExpenseStatus.REFUSED)


class ExpenseAction(models.TextChoices):
    SUBMIT = "submit", "提交申请"
    EDIT = "edit", "修改申请"
    RESUBMIT = "resubmit", "修改后重新提交"
    WITHDRAW = "withdraw", "撤回"
    APPROVE = "approve", "批准"
    REFUSE = "refuse", "退回"
    SPEND = "spend", "登记实际支出"


class DocumentKind(models.TextChoices):
    CHARTER = "charter", "章程"
    PLAN = "plan", "发展规划"
    ANNUAL = "annual", "年度工作计划"
    REGULATION = "regulation", "管理制度"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "草案"
    CONSULTATION = "consultation", "征求意见"
    ADOPTED = "adopted", "已通过"
    REPEALED = "repealed", "已废止"


class MilestoneStatus(models.TextChoices):
    TODO = "todo", "未开始"
    DOING = "doing", "进行中"
    DONE = "done", "已完成"


class TaskStatus(models.TextChoices):
    OPEN = "open", "推进中"
    DONE = "done", "已完成"
