"""Vocabulary of teacher exchanges (交流轮岗), principals' posts, lesson days and mentorships."""

from django.db import models


class ExchangeKind(models.TextChoices):
    ROTATION = "rotation", "交流轮岗"
    SUPPORT = "support", "支教"
    ITINERANT = "itinerant", "走教"
    SHADOW = "shadow", "跟岗学习"
    POST = "post", "挂职"
    DELIVERY = "delivery", "送教"


class ExchangeStatus(models.TextChoices):
    """Where an exchange stands in its workflow (see ``exchanges.workflow``).

    草稿 → 已申报 (学校申报) → 已审核 (教共体审核) → 已备案 (局备案) → 在岗 → 已考核 (期满考核).
    退回 sends it back to the home school as RETURNED (editable like a draft, shown as 已退回, and
    left out of the counted exchanges until it is submitted again); 中止 (CANCELLED) ends it.
    """

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已申报"
    APPROVED = "approved", "已审核"
    FILED = "filed", "已备案"
    SERVING = "serving", "在岗"
    ASSESSED = "assessed", "已考核"
    RETURNED = "returned", "已退回"
    CANCELLED = "cancelled", "已中止"


# Statuses the home school may still edit.
EDITABLE_STATUSES = frozenset({ExchangeStatus.DRAFT, ExchangeStatus.RETURNED})
# Statuses that no step leaves.
TERMINAL_STATUSES = frozenset({ExchangeStatus.ASSESSED, ExchangeStatus.CANCELLED})
# Statuses left out of every count (rules, balance what-if): returned and cancelled.
NOT_COUNTING_STATUSES = frozenset({ExchangeStatus.RETURNED, ExchangeStatus.CANCELLED})
# Filed with the bureau or later: the teacher is (or was) really serving at the host.
ON_RECORD_STATUSES = frozenset(
    {ExchangeStatus.FILED, ExchangeStatus.SERVING, ExchangeStatus.ASSESSED}
)


class StepAction(models.TextChoices):
    CREATE = "create", "创建"
    SUBMIT = "submit", "学校申报"
    APPROVE = "approve", "教共体审核通过"
    FILE = "file", "局备案"
    START = "start", "到岗"
    ASSESS = "assess", "期满考核"
    RETURN = "return", "退回"
    CANCEL = "cancel", "中止"


class AssessmentResult(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class Direction(models.TextChoices):
    """Derived from the schools' memberships at the planned start (``exchanges.direction``)."""

    CORE_TO_MEMBER = "core_to_member", "核心校→成员校"
    MEMBER_TO_CORE = "member_to_core", "成员校→核心校"
    MEMBER_TO_MEMBER = "member_to_member", "成员校之间"
    CROSS_COMMUNITY = "cross_community", "跨教共体"
    OUTSIDE = "outside", "未入教共体"
    MIXED = "mixed", "多向（走教）"


class MentorshipStatus(models.TextChoices):
    ACTIVE = "active", "进行中"
    COMPLETED = "completed", "已期满"
    ENDED = "ended", "已中止"
