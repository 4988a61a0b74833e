"""The demo county in the browser: each demo user lands on pages that show the seeded shapes."""

import pytest
from django.urls import reverse

from accounts.models import User
from assessment.models import Scheme, Score
from communities.models import Community
from schools.models import School

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(seeded, client):
    def _login(username: str):
        client.force_login(User.objects.get(username=username))
        return client

    return _login


def test_bureau_overview_flags_over_limit_and_unaffiliated(login):
    over = Community.objects.get(name="实验中学教共体")
    body = login("demo_bureau").get(reverse("dashboard")).content.decode()
    assert f'<td><a href="{over.get_absolute_url()}">实验中学教共体</a></td>' in body
    assert '<div class="num">4</div><div class="label">未加入任何教共体的学校</div>' in body


def test_leader_sees_group_with_nested_teaching_points(login):
    group = Community.objects.get(name="示范县实验小学教育集团")
    response = login("demo_leader").get(group.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "河口镇石岭教学点" in body
    assert "欧阳明远" in body


def test_school_leader_reads_own_community_but_not_others(login):
    client = login("demo_school")
    group = Community.objects.get(name="示范县实验小学教育集团")
    other = Community.objects.get(name="实验中学教共体")
    assert client.get(group.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404


def test_group_charter_is_a_protected_chinese_pdf(login):
    group = Community.objects.get(name="示范县实验小学教育集团")
    url = reverse("file_download", args=["communities.community", group.pk, "charter"])

    response = login("demo_leader").get(url)
    pdf = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF-")
    assert group.charter.original_name == "示范县实验小学教育集团章程.pdf"
    assert login("demo_school").get(url).status_code == 200


def test_teaching_points_are_not_legal_persons(seeded):
    points = School.objects.filter(name__endswith="教学点")
    assert points.count() > 10
    assert list(points.filter(is_legal_entity=True)) == []


# --- the bundled assessment: three published years and the year being scored ------------------


def test_assessment_has_three_published_years_and_one_being_scored(seeded):
    schemes = Scheme.objects.filter(district__code="999999").order_by("school_year")
    assert [(s.school_year, s.status, s.publications.exists()) for s in schemes] == [
        (2023, "active", True),
        (2024, "active", True),
        (2025, "active", True),
        (2026, "active", False),
    ]
    current = schemes.get(school_year=2026)
    scored = Score.objects.filter(indicator__dimension__scheme=current)
    assert scored.exclude(indicator__kind="scored").count() == 0  # hand-scored only
    assert 10 <= scored.values("school").distinct().count() <= 30


def test_bureau_home_lists_the_schools_whose_scores_are_to_enter(login):
    current = Scheme.objects.get(district__code="999999", school_year=2026)
    body = login("demo_bureau").get(reverse("dashboard")).content.decode()
    assert (
        f'<a href="{current.get_absolute_url()}">待录入评分的学校（2026-2027学年考核）</a>' in body
    )


def test_quick_entry_of_the_year_being_scored_has_filled_and_empty_rows(login):
    current = Scheme.objects.get(district__code="999999", school_year=2026)
    west = Community.objects.get(name="城西教共体")
    response = login("demo_bureau").get(
        reverse("assessment:quick_entry", args=[current.pk, west.pk])
    )
    grid = response.context["grid"]
    filled = [
        row["school"].is_core
        for row in grid
        if all(c["value"] for c in row["cells"] if not c["derived"])
    ]
    assert response.context["open"] is True
    assert filled == [True]  # the core school only
    assert len(grid) > 1


def test_community_page_shows_the_published_year_to_the_school_leader(login):
    group = Community.objects.get(name="示范县实验小学教育集团")
    body = login("demo_school").get(group.get_absolute_url()).content.decode()
    assert "2025-2026学年（已发布）" in body
    assert "年度考核报告（2025-2026学年）" in body
    assert "学年考核评分中" not in body
