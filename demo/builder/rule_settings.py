"""The bureau's rule numbers in the demo county: two communities differ from the defaults."""

from __future__ import annotations

from compliance import services
from compliance.registry import get_rule
from core.school_year import SchoolYear

# (community key, rule code, numbers): applied to this and last school year.
SETTINGS = [
    ("community", "exchange.core_to_member", {"teachers": 2}),
    ("group", "exchange.lesson_days", {"days": 2}),
    ("group", "exchange.national_share", {"percent": 15}),
]


def demo_rule_settings(communities: dict, *, actor) -> int:
    """Store the settings through the service (recorded in history); returns how many."""
    year = SchoolYear.current()
    count = 0
    for key, code, params in SETTINGS:
        for school_year in (year.previous(), year):
            services.rule_setting_save(
                community=communities[key],
                school_year=school_year.start,
                rule=get_rule(code),
                params=params,
                note="示范数据：按本教共体章程调整",
                actor=actor,
            )
            count += 1
    return count
