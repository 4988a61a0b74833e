"""The balance page and its export: the bureau's, with the what-if; fixed queries."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.enums import Role
from tests.factories import CommunityFactory, SchoolFactory, TeacherFactory, UserFactory

from .test_figures import plan  # noqa: F401 - the fixture


@pytest.fixture
def staff(county):
    return UserFactory(username="b_staff", role=Role.BUREAU_STAFF, district=county.district)


@pytest.mark.django_db
def test_page_shows_table_chart_and_what_if(client, plan, staff):  # noqa: F811
    client.force_login(staff)

    response = client.get(reverse("balance:overview") + "?year=2025-2026&what_if=on")

    assert response.status_code == 200
    text = response.content.decode()
    assert "<svg" in text and "<script>" not in text
    assert "丙九年一贯制学校" in text and "不计入：教学点不足 50 人" in text
    stages = response.context["stages"]
    assert [round(s["figures"].overall, 3) for s in stages] == [0.257, 0.303]
    assert [round(s["after"].overall, 3) for s in stages] == [0.355, 0.094]
    assert "交流后" in text


@pytest.mark.django_db
def test_export_has_before_and_after_sheets(client, plan, staff):  # noqa: F811
    client.force_login(staff)

    response = client.get(reverse("balance:export") + "?year=2025-2026&what_if=on")

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "学校（交流前）",
        "差异系数（交流前）",
        "学校（交流后）",
        "差异系数（交流后）",
    ]
    cv = list(book["差异系数（交流前）"].iter_rows(values_only=True))
    assert cv[1] == ("小学", 0.195, 0.577, 0.0, 0.257, 0.5, "达标")
    rows = list(book["学校（交流后）"].iter_rows(values_only=True))
    assert ("甲小学", "小学", 200) == rows[-1][:3]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COMMUNITY_LEADER, Role.SCHOOL_LEADER])
def test_other_roles_are_refused(client, county, role):
    school = county.a
    community = (
        CommunityFactory(district=county.district) if role == Role.COMMUNITY_LEADER else None
    )
    user = UserFactory(
        username=f"b_{role}",
        role=role,
        district=county.district,
        school=school if role == Role.SCHOOL_LEADER else None,
        community=community,
    )
    client.force_login(user)

    assert client.get(reverse("balance:overview")).status_code == 403
    assert client.get(reverse("balance:export")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [0, 30])
def test_page_runs_fixed_queries(client, plan, staff, extra, django_assert_num_queries):  # noqa: F811
    for n in range(extra):
        school = SchoolFactory(district=plan.district, name=f"加测小学{n}", students=120)
        TeacherFactory(school=school, name=f"加测教师{n}")
    client.force_login(staff)

    with django_assert_num_queries(9):
        client.get(reverse("balance:overview") + "?year=2025-2026&what_if=on")
