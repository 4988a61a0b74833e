"""Rule-check pages: a community's rules for a school year, its settings, the district ranking.

The community is fetched through the user's visible communities (out of scope → 404); the
settings are the bureau's to change (others read them; a POST answers 403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts import access
from communities.models import Community
from communities.visibility import communities_visible_to
from core import scoping
from core.audit import audit_trail

from . import registry, selectors, services
from .forms import PeriodForm, RuleSettingsForm, field_name
from .models import RuleSetting


def _community(request: HttpRequest, pk: int) -> Community:
    return scoping.get_from_or_404(communities_visible_to(request.user), pk=pk)


def _crumbs(community: Community, label: str) -> list:
    return [
        ("教共体", reverse("communities:community_list")),
        (community.name, community.get_absolute_url()),
        (label, None),
    ]


@login_required
def community_rules(request: HttpRequest, pk: int) -> HttpResponse:
    community = _community(request, pk)
    period_form = PeriodForm(request.GET)
    year, semester = period_form.period()
    results = selectors.evaluate([community], year, semester)[community.pk]
    counted = [r for r in results if r.figure is not None]
    return render(
        request,
        "compliance/community_rules.html",
        {
            "community": community,
            "period_form": period_form,
            "school_year": year,
            "semester": semester,
            "results": results,
            "met": sum(1 for r in counted if r.figure.met),
            "applicable": len(counted),
            "can_edit": access.can_manage_rosters(request.user),
            "crumbs": _crumbs(community, "规则达成"),
            "nav_section": "communities",
        },
    )


@login_required
def community_settings(request: HttpRequest, pk: int) -> HttpResponse:
    community = _community(request, pk)
    can_edit = access.can_manage_rosters(request.user)
    if request.method == "POST":
        access.require(can_edit)
    period_form = PeriodForm(request.GET)
    year, _ = period_form.period()
    rules = registry.rules_for(community)
    stored = selectors.settings_of([community], year)
    values, enabled = {}, {}
    for rule in rules:
        setting = stored.get((community.pk, rule.code))
        values[rule.code], _ = selectors.effective_params(rule, community, setting)
        enabled[rule.code] = setting.enabled if setting is not None else True
    form = RuleSettingsForm(
        request.POST if request.method == "POST" else None,
        rules=rules,
        values=values,
        enabled=enabled,
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for rule in rules:
                    on, params = form.values_of(rule)
                    if on == enabled[rule.code] and params == values[rule.code]:
                        continue
                    services.rule_setting_save(
                        community=community,
                        school_year=year.start,
                        rule=rule,
                        params=params,
                        enabled=on,
                        actor=request.user,
                    )
        except ValidationError as error:
            for key, problems in error.message_dict.items():
                rule_of = next((r for r in rules if any(p.key == key for p in r.params)), None)
                name = field_name(rule_of, key) if rule_of else None
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(request, f"已保存{community.name} {year.label} 学年的规则设置。")
            url = reverse("compliance:community_settings", args=[community.pk])
            return redirect(f"{url}?year={year.label}")
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    trail = audit_trail(RuleSetting.history.filter(community_id=community.pk))
    return render(
        request,
        "compliance/community_settings.html",
        {
            "community": community,
            "period_form": period_form,
            "school_year": year,
            "form": form,
            "can_edit": can_edit,
            "trail": trail,
            "crumbs": _crumbs(community, "规则设置"),
            "nav_section": "communities",
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def district_ranking(request: HttpRequest) -> HttpResponse:
    period_form = PeriodForm(request.GET)
    year, semester = period_form.period()
    communities = communities_visible_to(request.user).active(year.first_day).order_by("name")
    standings = selectors.ranking(communities, year, semester)
    return render(
        request,
        "compliance/ranking.html",
        {
            "period_form": period_form,
            "school_year": year,
            "semester": semester,
            "standings": standings,
            "rules": registry.all_rules(),
            "crumbs": [("规则达成排名", None)],
            "nav_section": "dashboard",
        },
    )
