"""Rule settings are visible with their community (``core.scoping``)."""

from __future__ import annotations

from django.db.models import QuerySet

from communities.visibility import communities_visible_to
from core.scoping import visibility_rule

from .models import RuleSetting


@visibility_rule(RuleSetting)
def rule_settings_visible_to(user) -> QuerySet[RuleSetting]:
    return RuleSetting.objects.filter(community__in=communities_visible_to(user).values("pk"))
