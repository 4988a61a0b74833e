"""The assessment pages: quick entry (all or nothing, fixed queries), results, the school
leader's view, publishing and corrections through the browser's forms."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import Indicator, Score
from tests.assessment.conftest import enter
from tests.factories import MembershipFactory, SchoolFactory

D = Decimal
COMMUNITY_PAGE_QUERIES = {False: 93, True: 58}  # not published / published
SCHOOL_PAGE_QUERIES = 52


def _entry_url(w):
    return reverse("assessment:quick_entry", args=[w.s2025.pk, w.community.pk])


def _grid(w, **overrides):
    q1 = Indicator.objects.get(dimension__scheme=w.s2025, code="q1")
    s1 = Indicator.objects.get(dimension__scheme=w.s2025, code="s1")
    data = {}
    for school, (quality, rate) in {
        w.core_school: ("54", "98"),
        w.member_school: ("42", "90"),
        w.xikou: ("30", ""),
        w.banlu: ("60", "100"),
    }.items():
        data[f"v-{school.pk}-{q1.pk}"] = quality
        data[f"v-{school.pk}-{s1.pk}"] = rate
    data.update(overrides)
    return data, q1, s1


def test_quick_entry_is_all_or_nothing(client, assessed):
    w = assessed
    client.force_login(w.staff)
    data, q1, s1 = _grid(w)
    data[f"v-{w.member_school.pk}-{q1.pk}"] = "50"
    data[f"v-{w.xikou.pk}-{q1.pk}"] = "61"
    data[f"v-{w.banlu.pk}-{s1.pk}"] = "abc"

    response = client.post(_entry_url(w), data)

    assert response.status_code == 400
    text = response.content.decode()
    assert "溪口小学：「质量监测」得分应在 0 到 60 之间。" in text
    assert "「半路小学·满意度」应为数字，现为「abc」。" in text
    assert Score.objects.get(indicator=q1, school=w.member_school).points == D("42.00")

    data[f"v-{w.xikou.pk}-{q1.pk}"] = "33.5"
    data[f"v-{w.banlu.pk}-{s1.pk}"] = "96"
    response = client.post(_entry_url(w), data)
    assert response.status_code == 302
    assert Score.objects.get(indicator=q1, school=w.member_school).points == D("50.00")
    assert Score.objects.get(indicator=q1, school=w.xikou).points == D("33.50")
    banlu = Score.objects.get(indicator=s1, school=w.banlu)
    assert (banlu.raw, banlu.points, banlu.raw_source) == (D("96.00"), D("38.40"), "hand")


@pytest.mark.parametrize("extra", [0, 12])
def test_quick_entry_query_count_is_fixed(client, assessed, django_assert_num_queries, extra):
    w = assessed
    for n in range(extra):
        school = SchoolFactory(district=w.district, name=f"新增成员{n}小学")
        MembershipFactory(community=w.community, school=school)
    client.force_login(w.staff)
    with django_assert_num_queries(16):
        response = client.get(_entry_url(w))
    assert response.status_code == 200


def test_community_page_shows_formula_and_components(client, assessed):
    w = assessed
    client.force_login(w.staff)
    response = client.get(reverse("assessment:community_result", args=[w.s2025.pk, w.community.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "0.4×93.20 + 0.3×69.33 + 0.3×40.00 = 70.08" in text
    assert "教育质量提升度连续两年下降：83.33% → 75.00% → 70.00%（得分率）" in text


def test_school_leader_sees_own_scores_and_published_community_results_only(client, assessed):
    w = assessed
    client.force_login(w.users["school_leader"])  # leader of 河口小学
    own = reverse("assessment:school_result", args=[w.s2025.pk, w.member_school.pk])
    other = reverse("assessment:school_result", args=[w.s2025.pk, w.core_school.pk])
    community = reverse("assessment:community_result", args=[w.s2025.pk, w.community.pk])
    east = reverse("assessment:community_result", args=[w.s2025.pk, w.east.pk])
    assert client.get(own).status_code == 200
    assert client.get(other).status_code == 404
    assert client.get(community).status_code == 404  # not published yet
    services.results_publish(scheme=w.s2025, actor=w.staff)
    response = client.get(community)
    assert response.status_code == 200
    text = response.content.decode()
    # other schools' totals are listed (the community's published results), not linked
    assert f'href="{other}"' not in text
    assert f'href="{own}"' in text
    assert client.get(other).status_code == 404
    assert client.get(east).status_code == 404


def test_correction_through_the_form(client, assessed):
    w = assessed
    services.results_publish(scheme=w.s2025, actor=w.staff)
    q1 = Indicator.objects.get(dimension__scheme=w.s2025, code="q1")
    client.force_login(w.staff)
    url = reverse("assessment:correct", args=[w.s2025.pk, w.member_school.pk, q1.pk])
    response = client.post(url, {"value": "45", "reason": ""})
    assert response.status_code == 400
    assert "请填写更正原因。" in response.content.decode()
    response = client.post(url, {"value": "45", "reason": "复核"})
    assert response.status_code == 302
    page = client.get(reverse("assessment:school_result", args=[w.s2025.pk, w.member_school.pk]))
    assert "复核" in page.content.decode()
    assert "81.00" in page.content.decode()


def _add_members(w, extra):
    for n in range(extra):
        school = SchoolFactory(district=w.district, name=f"新增成员{n}小学")
        MembershipFactory(community=w.community, school=school)
        enter(w.s2025, school, 40, 95, w.staff)


@pytest.mark.parametrize("extra", [0, 12])
@pytest.mark.parametrize("publish", [False, True])
def test_community_page_shows_the_report_charts_in_fixed_queries(
    client, assessed, django_assert_num_queries, extra, publish
):
    w = assessed
    _add_members(w, extra)
    if publish:
        services.results_publish(scheme=w.s2025, actor=w.staff)
    client.force_login(w.staff)
    url = reverse("assessment:community_result", args=[w.s2025.pk, w.community.pk])
    with django_assert_num_queries(COMMUNITY_PAGE_QUERIES[publish]):
        response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200
    # one profile chart a school and the rules chart, the same SVG as the PDF, each with its
    # text alternative
    assert text.count('<svg xmlns="http://www.w3.org/2000/svg"') == 4 + extra + 1
    assert text.count("各维度得分</title>") == 4 + extra
    assert "<title>规则要求与完成情况</title>" in text
    assert '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480' in text
    assert "<title>城关第一小学（核心校）各维度得分</title>" in text
    assert "教育质量提升度（2025-2026学年）：42 / 60；" in text  # 河口小学's <desc>


@pytest.mark.parametrize("extra", [0, 12])
def test_school_page_shows_its_profile_chart_in_fixed_queries(
    client, assessed, django_assert_num_queries, extra
):
    w = assessed
    _add_members(w, extra)
    client.force_login(w.users["school_leader"])  # leader of 河口小学
    url = reverse("assessment:school_result", args=[w.s2025.pk, w.member_school.pk])
    with django_assert_num_queries(SCHOOL_PAGE_QUERIES):
        response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count("<svg") == 1
    assert "<title>河口小学（成员校）各维度得分</title>" in text
    assert (
        "教育质量提升度（2025-2026学年）：42 / 60；教育质量提升度（2024-2025学年）：45 / 60" in text
    )


def test_scheme_page_reads_in_words_after_publishing(client, assessed):
    w = assessed
    services.results_publish(scheme=w.s2025, actor=w.staff)
    client.force_login(w.staff)

    text = client.get(reverse("assessment:scheme", args=[w.s2025.pk])).content.decode()

    assert "系统数据：满意度，100.00% 得满分" in text  # not the measure's code
    assert "surveys.satisfaction_rate" not in text
    assert "结果发布" in text  # the publication is in the trail …
    assert "发布内容" not in text  # … without its snapshot of every result
    assert f"发布人：{w.staff}" in text  # 姓名 in Chinese order
