"""The vocabulary of satisfaction surveys."""

from __future__ import annotations

from django.db import models


class Audience(models.TextChoices):
    PARENT = "parent", "家长"
    TEACHER = "teacher", "教师"
    STUDENT = "student", "学生"


class QuestionKind(models.TextChoices):
    CHOICE = "choice", "单选"
    SCALE = "scale", "量表"
    TEXT = "text", "填空"


class RepeatLimit(models.TextChoices):
    CODES = "codes", "每人一码（打印答题码）"
    COOKIE = "cookie", "每台手机一次（浏览器标记 + 频率限制）"


class RoundStatus(models.TextChoices):
    PENDING = "pending", "未开始"
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


# The five points of a scale question, from the top. Points 5 and 4 count as satisfied.
SCALE_LABELS = ("非常满意", "满意", "一般", "不满意", "非常不满意")
SCALE_POINTS = (5, 4, 3, 2, 1)
SCALE_SATISFIED = (5, 4)
