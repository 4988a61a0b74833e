"""Writes of the rule checks: the bureau's numbers for one community, rule and school year."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from core.services import validated_save

from .models import RuleSetting
from .registry import Rule


def rule_setting_save(
    *,
    community,
    school_year: int,
    rule: Rule,
    params: dict,
    enabled: bool = True,
    note: str = "",
    actor=None,
) -> RuleSetting:
    """Store the numbers of ``rule`` for ``community`` in ``school_year``. Only values that
    differ from the kind's defaults are kept; a setting equal to the defaults is kept too (it
    records that someone looked), with empty ``params``."""
    errors = {}
    stored = {}
    for param in rule.params:
        if param.key not in params or params[param.key] is None:
            continue
        value = params[param.key]
        if not param.minimum <= value <= param.maximum:
            errors[param.key] = f"{param.label}应在 {param.minimum:g} 与 {param.maximum:g} 之间。"
            continue
        if param.whole and value != int(value):
            errors[param.key] = f"{param.label}应为整数。"
            continue
        value = int(value) if param.whole else float(value)
        if value != param.default_for(community.kind):
            stored[param.key] = value
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        setting = (
            RuleSetting.objects.select_for_update()
            .filter(community=community, school_year=school_year, rule_code=rule.code)
            .first()
        ) or RuleSetting(community=community, school_year=school_year, rule_code=rule.code)
        setting.params = stored
        setting.enabled = enabled
        setting.note = note
        setting.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        return validated_save(setting, actor=actor)
