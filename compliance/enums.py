"""Vocabulary of the rule checks."""

from django.db import models


class PeriodKind(models.TextChoices):
    """How often a rule's quota recurs (DOMAIN.md §4)."""

    SEMESTER = "semester", "每学期"
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    SCHOOL_YEAR = "school_year", "每学年"
    TWO_YEARS = "two_years", "每两学年"
