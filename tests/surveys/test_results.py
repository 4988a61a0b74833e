"""A round's results: per school and community against the target, the distribution, the
charts and PDFs, in a fixed number of queries; who sees which schools; the assessment's
measure."""

from __future__ import annotations

import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from core.measures import get_measure
from core.school_year import SchoolYear
from core.todos import todos_for
from surveys import services
from surveys.models import Round

from .factories import bulk_responses, survey_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def results_round(world_with_second_member):
    w = world_with_second_member
    round = survey_round(
        w.district, [w.core_school, w.member_school, w.second_member, w.lone_school]
    )
    bulk_responses(round, w.core_school, total=100, satisfied=99)  # 99.0 %
    bulk_responses(round, w.member_school, total=40, satisfied=37)  # 92.5 %: under
    bulk_responses(round, w.second_member, total=20, satisfied=19)  # 95.0 %: not above
    return round


def test_results_per_school_and_community_against_the_target(bureau_client, results_round):
    page = bureau_client.get(reverse("surveys:round_detail", args=[results_round.pk]))

    results = page.context["results"]
    rows = {
        row.name: (row.responses, row.satisfied, row.rate, row.under) for row in results.schools
    }
    assert rows == {
        "城关第一小学": (100, 99, Decimal("99.0"), False),
        "河口小学": (40, 37, Decimal("92.5"), True),
        "溪口小学": (20, 19, Decimal("95.0"), True),
        "孤岛小学": (0, 0, None, False),
    }
    communities = {
        c.name: (c.schools, c.responses, c.satisfied, c.rate) for c in results.communities
    }
    assert communities == {
        "城关教共体": (3, 160, 155, Decimal("96.9")),
        "未加入教共体": (1, 0, 0, None),
    }
    assert (results.total.responses, results.total.rate) == (160, Decimal("96.9"))
    html = page.content.decode()
    assert html.count('class="badge warn">未达标') == 2
    assert "<svg" in html and "目标 95%" in html
    assert "第 1 题「您对孩子所在学校的总体办学满意吗？」：非常满意、满意为满意" in html


def test_the_distribution_of_each_question(bureau_client, results_round, world):
    page = bureau_client.get(
        reverse("surveys:round_detail", args=[results_round.pk])
        + f"?school={world.member_school.pk}"
    )

    first = page.context["results"].questions[0]
    assert first.answered == 40
    assert [(o.label, o.count, o.percent, o.good) for o in first.options] == [
        ("非常满意", 37, Decimal("92.5"), True),
        ("满意", 0, Decimal("0.0"), True),
        ("一般", 0, Decimal("0.0"), False),
        ("不满意", 3, Decimal("7.5"), False),
        ("非常不满意", 0, Decimal("0.0"), False),
    ]


def test_a_thousand_responses_are_summarised_in_a_fixed_number_of_queries(
    bureau_client, world, django_assert_num_queries
):
    round = survey_round(world.district, [world.core_school, world.member_school])
    url = reverse("surveys:round_detail", args=[round.pk])
    bulk_responses(round, world.core_school, total=2, satisfied=2)
    with django_assert_num_queries(14):
        small = bureau_client.get(url)
    bulk_responses(round, world.core_school, total=600, satisfied=590)
    bulk_responses(round, world.member_school, total=398, satisfied=360)

    with django_assert_num_queries(14):
        page = bureau_client.get(url)

    assert small.status_code == 200
    assert page.context["results"].total.responses == 1000
    assert page.context["results"].total.satisfied == 952


def test_the_round_list_reads_in_a_fixed_number_of_queries(
    bureau_client, world, django_assert_num_queries
):
    survey_round(world.district, [world.core_school])
    with django_assert_num_queries(5):
        bureau_client.get(reverse("surveys:round_list"))
    for index in range(5):
        round = survey_round(world.district, [world.member_school], title=f"调查{index}")
        bulk_responses(round, world.member_school, total=10, satisfied=9)

    with django_assert_num_queries(5):
        page = bureau_client.get(reverse("surveys:round_list"))

    assert len(page.context["rows"]) == 6
    assert page.context["rows"][0]["rate"] == Decimal("90.0")


def test_a_school_leader_sees_its_own_school_only(school_client, results_round):
    page = school_client.get(reverse("surveys:round_detail", args=[results_round.pk]))

    assert [row.name for row in page.context["results"].schools] == ["河口小学"]
    html = page.content.decode()
    assert "城关第一小学" not in html and "溪口小学" not in html
    assert page.context["results"].questions[0].answered == 40


def test_a_community_leader_sees_its_communitys_schools(leader_client, results_round):
    page = leader_client.get(reverse("surveys:round_detail", args=[results_round.pk]))

    names = [row.name for row in page.context["results"].schools]
    assert names == ["城关第一小学", "河口小学", "溪口小学"]
    assert "孤岛小学" not in page.content.decode()


def test_the_results_pdf_has_the_charts_and_the_figures(bureau_client, results_round, tmp_path):
    answer = bureau_client.get(reverse("surveys:round_pdf", args=[results_round.pk]))

    assert answer["Content-Type"] == "application/pdf"
    path = tmp_path / "results.pdf"
    path.write_bytes(answer.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "河口小学" in text and "92.5%" in text and "未达标" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "CJK" in fonts or "Hei" in fonts


def test_the_code_sheet_of_a_school_carries_the_qr_and_the_codes(bureau_client, world):
    round = survey_round(world.district, [world.member_school], codes=4)
    link = round.round_schools.get()
    answer = bureau_client.get(
        reverse("surveys:sheet_pdf", args=[round.pk, world.member_school.pk])
    )
    qr = bureau_client.get(reverse("surveys:qr_png", args=[round.pk, world.member_school.pk]))

    assert answer["Content-Type"] == "application/pdf"
    assert qr["Content-Type"] == "image/png" and qr.content[:8] == b"\x89PNG\r\n\x1a\n"
    text = _pdf_text(answer.content)
    assert link.token in text.replace("\n", "")
    for code in link.codes.values_list("code", flat=True):
        assert code in text


def test_the_sheets_address_is_the_public_url_when_set_else_the_requests(
    bureau_client, world, settings
):
    round = survey_round(world.district, [world.member_school], codes=0)
    url = reverse("surveys:sheet_pdf", args=[round.pk, world.member_school.pk])
    path = round.round_schools.get().answer_path()

    settings.JGT_PUBLIC_URL = ""
    from_request = "".join(_pdf_text(bureau_client.get(url).content).split())
    settings.JGT_PUBLIC_URL = "https://jgt.example.edu.cn"
    from_setting = "".join(_pdf_text(bureau_client.get(url).content).split())

    assert f"http://testserver{path}" in from_request
    assert f"https://jgt.example.edu.cn{path}" in from_setting
    assert "testserver" not in from_setting


def test_a_school_leaders_sheet_has_no_codes(school_client, world):
    round = survey_round(world.district, [world.member_school], codes=4)
    answer = school_client.get(
        reverse("surveys:sheet_pdf", args=[round.pk, world.member_school.pk])
    )

    text = _pdf_text(answer.content)
    for code in round.round_schools.get().codes.values_list("code", flat=True):
        assert code not in text
    assert "答题码由教育局打印分发" in text


def _pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True)
    return result.stdout.decode()


def test_the_satisfaction_measure_per_school_for_a_school_year(results_round, world):
    measure = get_measure("surveys.satisfaction_rate")
    year = SchoolYear(results_round.school_year)

    values = measure.compute([world.core_school, world.member_school, world.lone_school], year)

    assert set(values) == {world.core_school.pk, world.member_school.pk}
    member = values[world.member_school.pk]
    assert member.value == Decimal("92.5")
    assert member.detail == "40 份问卷中 37 份满意"
    assert member.sources[0].url == (
        reverse("surveys:round_detail", args=[results_round.pk])
        + f"?school={world.member_school.pk}"
    )
    assert measure.compute([world.core_school], year.next()) == {}


def test_the_measure_adds_up_every_round_of_the_year(results_round, world):
    second = survey_round(world.district, [world.member_school], title="第二轮")
    bulk_responses(second, world.member_school, total=60, satisfied=60)

    values = get_measure("surveys.satisfaction_rate").compute(
        [world.member_school], SchoolYear(results_round.school_year)
    )

    assert values[world.member_school.pk].value == Decimal("97.0")
    assert values[world.member_school.pk].detail == "100 份问卷中 97 份满意"
    assert len(values[world.member_school.pk].sources) == 2


def test_ended_rounds_with_schools_under_target_are_a_to_do(results_round, world):
    services.round_close(round=results_round, actor=world.users["bureau_staff"])

    bureau = {t.label: t.count for t in todos_for(world.users["bureau_staff"])}
    school = {t.label: t.count for t in todos_for(world.users["school_leader"])}

    assert bureau["满意度未达标的学校（本学年）"] == 2
    assert school["满意度未达标的学校（本学年）"] == 1


def test_closing_a_round_is_the_bureaus_and_is_recorded(bureau_client, results_round):
    answer = bureau_client.post(reverse("surveys:round_close", args=[results_round.pk]))

    assert answer.status_code == 302
    results_round.refresh_from_db()
    assert results_round.closed_at is not None
    assert results_round.history.first().history_change_reason == "结束调查"
    assert Round.objects.get(pk=results_round.pk).status(results_round.opens_on) == "closed"
