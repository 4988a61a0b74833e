"""Vocabularies of remote lessons (DOMAIN.md §2: 同步课堂 / 专递课堂 / 名师课堂)."""

from django.db import models


class RemoteKind(models.TextChoices):
    SYNC = "sync", "同步课堂"
    DELIVERED = "delivered", "专递课堂"
    FAMOUS = "famous", "名师课堂"


class SessionStatus(models.TextChoices):
    HELD = "held", "已开课"
    NOT_HELD = "not_held", "未开课"


class NotHeldReason(models.TextChoices):
    POWER = "power", "停电"
    NETWORK = "network", "网络故障"
    EXAM = "exam", "考试"
    HOLIDAY = "holiday", "节假日"
    OTHER = "other", "其他"


class Weekday(models.IntegerChoices):
    MONDAY = 1, "周一"
    TUESDAY = 2, "周二"
    WEDNESDAY = 3, "周三"
    THURSDAY = 4, "周四"
    FRIDAY = 5, "周五"
    SATURDAY = 6, "周六"
    SUNDAY = 7, "周日"


# A week whose session was not held for this reason is a holiday week: nothing was due.
EXCUSED_REASONS = frozenset({NotHeldReason.HOLIDAY})
