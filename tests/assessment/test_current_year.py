"""A school year being scored next to a published one: the bureau's to-do of the schools whose
scores are still to enter, and the community page and growth archive keeping to the published
year (the draft's report offered only to those who may read drafts)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import Indicator
from assessment.todos import scores_to_enter
from core.todos import todos_for
from tests.factories import MembershipFactory, SchoolFactory

D = Decimal
LABEL = "待录入评分的学校（2026-2027学年考核）"


@pytest.fixture
def scoring(assessed):
    """2025-2026 published; 2026-2027 copied, activated, and only 城关第一小学 scored. Assessed
    in 2026-2027: 城关第一小学, 河口小学, 溪口小学, 半路小学 (城关教共体) and 东片中心校."""
    w = assessed
    services.results_publish(scheme=w.s2025, actor=w.staff)
    w.s2026 = services.scheme_copy(source=w.s2025, school_year=2026, actor=w.staff)
    services.scheme_activate(scheme=w.s2026, actor=w.staff)
    w.q1 = Indicator.objects.get(dimension__scheme=w.s2026, code="q1")
    services.score_set(indicator=w.q1, school=w.core_school, value=D(50), actor=w.staff)
    return w


def _todo(user):
    return [(t.label, t.count, t.url) for t in todos_for(user) if t.label.startswith("待录入评分")]


def test_bureau_staff_see_the_schools_whose_scores_are_to_enter(scoring):
    w = scoring
    url = reverse("assessment:scheme", args=[w.s2026.pk])

    assert _todo(w.users["bureau_staff"]) == [(LABEL, 4, url)]

    services.score_set(indicator=w.q1, school=w.member_school, value=D(40), actor=w.staff)
    services.score_set(indicator=w.q1, school=w.xikou, value=D(30), actor=w.staff)
    assert _todo(w.users["bureau_staff"]) == [(LABEL, 2, url)]


def test_nothing_to_enter_once_every_school_is_scored_or_published(scoring):
    w = scoring
    for school in (w.member_school, w.xikou, w.banlu, w.east_core):
        services.score_set(indicator=w.q1, school=school, value=D(40), actor=w.staff)

    assert _todo(w.users["bureau_staff"]) == []


def test_a_draft_scheme_asks_for_no_scores(assessed):
    w = assessed
    services.results_publish(scheme=w.s2025, actor=w.staff)
    services.scheme_copy(source=w.s2025, school_year=2026, actor=w.staff)  # not activated

    assert _todo(w.users["bureau_staff"]) == []


@pytest.mark.parametrize("role", ["community_leader", "school_leader", "other_staff"])
def test_only_the_districts_bureau_gets_the_todo(scoring, role):
    assert _todo(scoring.users[role]) == []


@pytest.mark.parametrize("extra", [0, 25])
def test_the_todo_counts_in_a_fixed_number_of_queries(scoring, django_assert_num_queries, extra):
    w = scoring
    for n in range(extra):
        MembershipFactory(
            community=w.community, school=SchoolFactory(district=w.district, name=f"新增{n}小学")
        )

    # the scheme, the rosters (three), the scored indicators, the confirmed scores per school
    with django_assert_num_queries(6):
        items = scores_to_enter(w.users["bureau_staff"])

    assert [t.count for t in items] == [4 + extra]


def test_the_bureau_home_page_links_the_todo_to_the_scheme(client, scoring):
    w = scoring
    client.force_login(w.users["bureau_staff"])

    body = client.get(reverse("dashboard")).content.decode()

    url = reverse("assessment:scheme", args=[w.s2026.pk])
    assert f'<a href="{url}">{LABEL}</a> <span class="badge">4</span>' in body


def _panels(client, user, community):
    client.force_login(user)
    response = client.get(reverse("communities:community_detail", args=[community.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_community_page_shows_the_published_year_not_the_one_being_scored(client, scoring):
    w = scoring
    published = reverse("assessment:community_report", args=[w.s2025.pk, w.community.pk])
    draft = reverse("assessment:community_report", args=[w.s2026.pk, w.community.pk])

    staff = _panels(client, w.users["bureau_staff"], w.community)
    school = _panels(client, w.users["school_leader"], w.community)

    assert "2025-2026学年（已发布）" in staff and "2025-2026学年（已发布）" in school
    assert "年度考核报告（2025-2026学年）" in staff and "年度考核报告（2025-2026学年）" in school
    assert f'href="{published}"' in staff and f'href="{published}"' in school
    assert reverse("assessment:district_workbook", args=[w.s2025.pk]) in staff
    # the year being scored: its draft report for the bureau, nothing for a school leader
    assert f'href="{draft}"' in staff and "2026-2027学年考核评分中" in staff
    assert draft not in school and "学年考核评分中" not in school


def test_the_growth_archive_shows_no_result_of_the_year_being_scored(client, scoring):
    w = scoring
    client.force_login(w.users["bureau_staff"])
    archive = reverse("schools:school_archive", args=[w.core_school.pk])

    current = client.get(archive, {"year": "2026-2027"}).content.decode()
    last = client.get(archive, {"year": "2025-2026"}).content.decode()

    assert "捆绑考核结果" not in current
    assert "捆绑考核结果" in last
