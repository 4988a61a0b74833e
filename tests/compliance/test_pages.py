"""The rule pages: a community's rules, its settings (bureau writes, others read), the ranking,
the community page's panel, and fixed query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from accounts.enums import Role
from communities.enums import MemberRole
from compliance.models import RuleSetting
from tests.factories import (
    CommunityFactory,
    MembershipFactory,
    SchoolFactory,
    TeacherFactory,
    UserFactory,
)

from .conftest import exchange

D = datetime.date


def rules_url(community, query="year=2025-2026&semester=autumn"):
    return reverse("compliance:community_rules", args=[community.pk]) + f"?{query}"


def settings_url(community):
    return reverse("compliance:community_settings", args=[community.pk]) + "?year=2025-2026"


@pytest.fixture
def staff(town):
    return UserFactory(username="p_staff", role=Role.BUREAU_STAFF, district=town.district)


@pytest.fixture
def leader(town):
    return UserFactory(
        username="p_leader",
        role=Role.COMMUNITY_LEADER,
        district=town.district,
        community=town.community,
    )


@pytest.mark.django_db
def test_rules_page_shows_each_rule_with_its_figures(client, town, staff):
    client.force_login(staff)

    response = client.get(rules_url(town.community))

    assert response.status_code == 200
    results = {r.rule.code: r for r in response.context["results"]}
    assert (
        results["exchange.core_to_member"].figure.required,
        results["exchange.core_to_member"].figure.done,
    ) == (6, 4)
    text = response.content.decode()
    assert "核心校向每所成员校派出教师" in text
    assert "差 2" in text
    assert "溪口小学" in text
    assert results["binding.principal_weeks"].figure is None


@pytest.mark.django_db
def test_bureau_changes_a_number_and_it_is_recorded(client, town, staff):
    client.force_login(staff)
    form = client.get(settings_url(town.community)).context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    data["exchange.core_to_member__teachers"] = 1

    response = client.post(settings_url(town.community), data)

    assert response.status_code == 302
    setting = RuleSetting.objects.get(community=town.community, rule_code="exchange.core_to_member")
    assert (setting.school_year, setting.params, setting.updated_by) == (
        2025,
        {"teachers": 1},
        staff,
    )
    assert RuleSetting.objects.count() == 1  # unchanged rules keep no row
    assert setting.history.get().history_user == staff
    page = client.get(rules_url(town.community))
    found = {r.rule.code: r for r in page.context["results"]}["exchange.core_to_member"]
    assert found.figure.met is True


@pytest.mark.django_db
def test_bad_number_is_refused_naming_the_field(client, town, staff):
    client.force_login(staff)
    form = client.get(settings_url(town.community)).context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    data["exchange.national_share__percent"] = 150

    response = client.post(settings_url(town.community), data)

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "exchange.national_share__percent": ["比例（%）不能大于 100。"]
    }
    assert RuleSetting.objects.count() == 0


@pytest.mark.django_db
def test_leader_reads_settings_but_cannot_change_them(client, town, leader):
    client.force_login(leader)

    page = client.get(settings_url(town.community))
    refused = client.post(settings_url(town.community), {"exchange.core_to_member__teachers": 1})

    assert page.status_code == 200
    assert all(field.disabled for field in page.context["form"].fields.values())
    assert "保存</button>" not in page.content.decode()
    assert refused.status_code == 403
    assert RuleSetting.objects.count() == 0


@pytest.mark.django_db
def test_community_page_has_the_rules_panel(client, town, staff):
    client.force_login(staff)

    # The panel is deferred (core.panels): the page holds a placeholder linking to the
    # community's panels page, which the page's script fetches with ?partial=1.
    panels_url = reverse("communities:community_panels", args=[town.community.pk])
    page = client.get(town.community.get_absolute_url()).content.decode()
    assert f'data-deferred-panels="{panels_url}"' in page
    assert "已达成" not in page

    partial = client.get(panels_url + "?partial=1").content.decode()
    assert "规则达成" in partial
    assert reverse("compliance:community_rules", args=[town.community.pk]) in partial
    assert "<html" not in partial

    full = client.get(panels_url).content.decode()
    assert "规则达成" in full and "<html" in full


@pytest.mark.django_db
def test_ranking_lists_communities_by_rules_met(client, town, staff):
    client.force_login(staff)

    response = client.get(reverse("compliance:ranking") + "?year=2025-2026")

    names = [s.community.name for s in response.context["standings"]]
    assert names == ["江北教共体", "城关教共体"]


def _community_of(town, members: int):
    community = CommunityFactory(district=town.district, name=f"大教共体{members}")
    core = SchoolFactory(district=town.district, name=f"大核心校{members}")
    MembershipFactory(community=community, school=core, role=MemberRole.CORE)
    for n in range(members):
        member = SchoolFactory(district=town.district, name=f"成员校{members}-{n}")
        SchoolFactory(district=town.district, name=f"教学点{members}-{n}", parent=member)
        MembershipFactory(community=community, school=member)
        sent = TeacherFactory(school=core, name=f"派出{members}-{n}")
        exchange(sent, [member])
        back = TeacherFactory(school=member, name=f"派回{members}-{n}")
        exchange(back, [core])
    return community


@pytest.mark.django_db
@pytest.mark.parametrize("members", [2, 19])
def test_rules_page_runs_fixed_queries(client, town, staff, members, django_assert_num_queries):
    """The compliance page of a 20-school community (1 core + 19 members) runs as many
    queries as that of a 3-school one."""
    community = _community_of(town, members)
    client.force_login(staff)

    with django_assert_num_queries(27):
        response = client.get(rules_url(community))

    assert len(response.context["results"][0].figure.parts) == members


@pytest.mark.django_db
@pytest.mark.parametrize("members", [2, 19])
def test_community_page_with_panel_runs_fixed_queries(
    client, town, staff, members, django_assert_num_queries
):
    community = _community_of(town, members)
    client.force_login(staff)

    # The page without its deferred panels, then the panels page (the rule checks, governance).
    with django_assert_num_queries(23):
        client.get(community.get_absolute_url())
    with django_assert_num_queries(34):
        client.get(reverse("communities:community_panels", args=[community.pk]) + "?partial=1")
