"""The bureau's numbers for a community's rules, per school year (DOMAIN.md §4 rules 1–7).

A rule's defaults by community kind live with the rule (``compliance.registry.Param``); a
``RuleSetting`` row stores only what the bureau changed for one community and one school year.
Every change is kept in its history (who, when, what).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from communities.models import Community
from core.school_year import SchoolYear

from .registry import all_rules


def rule_choices() -> list[tuple[str, str]]:
    """The registered rules (filled at start-up by the feature apps), code → title."""
    return [(rule.code, rule.title) for rule in all_rules()]


class RuleSetting(models.Model):
    community = models.ForeignKey(
        Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="rule_settings"
    )
    school_year = models.PositiveSmallIntegerField(
        "学年",
        validators=[
            MinValueValidator(1990, "学年超出范围。"),
            MaxValueValidator(2100, "学年超出范围。"),
        ],
        help_text="学年的起始年份，如 2025 表示 2025-2026 学年。",
    )
    rule_code = models.CharField("规则", max_length=60, choices=rule_choices)
    enabled = models.BooleanField("适用", default=True)
    # {param key: number}; only the numbers that differ from the rule's defaults.
    params = models.JSONField("参数", default=dict, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    # The history row's own user is the one who changed it: updated_by is not repeated there.
    history = HistoricalRecords(excluded_fields=["updated_at", "updated_by"])

    class Meta:
        verbose_name = "规则设置"
        verbose_name_plural = "规则设置"
        ordering = ["community", "-school_year", "rule_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "school_year", "rule_code"],
                name="rule_setting_unique",
                violation_error_message="该教共体本学年的这条规则已有设置。",
            ),
        ]
        # The unique constraint's index serves the one read: settings of these communities
        # for one school year (compliance.selectors.evaluate).

    def __str__(self) -> str:
        return f"{self.community} {SchoolYear(self.school_year).label} {self.rule_code}"
