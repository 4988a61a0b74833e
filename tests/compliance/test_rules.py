"""Every exchange rule's figure on the hand-built district of ``conftest`` (read it first)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from compliance import selectors, services
from compliance.registry import Figure, get_rule
from core.school_year import SchoolYear, Semester
from exchanges import rules
from exchanges import services as exchange_services

from .conftest import file_on

D = datetime.date
YEAR = SchoolYear(2025)


def results(community, year=YEAR, semester=Semester.AUTUMN):
    return {r.rule.code: r for r in selectors.evaluate([community], year, semester)[community.pk]}


def parts(figure):
    return {p.label: (p.required, p.done, p.counted) for p in figure.parts}


@pytest.mark.django_db
def test_core_sends_to_each_member(town):
    figure = results(town.community)["exchange.core_to_member"].figure

    # 河口: 甲, 乙 (at its teaching point, two school years), 丁 (走教); 丙 was cancelled.
    # 溪口: 丁 (走教, second host); 己 was sent back (退回). 转校小学 belongs to 江北 this year: shown, not required.
    assert parts(figure) == {
        "河口小学": (3, 3, True),
        "溪口小学": (3, 1, True),
        "转校小学": (0, 1, False),
    }
    assert (figure.required, figure.done, figure.short, figure.met) == (6, 4, 2, False)
    assert set(figure.parts[0].ids) == {town.x_jia.pk, town.x_yi.pk, town.x_ding.pk}


@pytest.mark.django_db
def test_two_year_exchange_counts_in_both_years(town):
    figure = results(town.community, SchoolYear(2024))["exchange.core_to_member"].figure

    # 2024-2025: only 乙 (2024 autumn – 2025 spring); 转校小学 was here all year, so required.
    assert parts(figure) == {
        "河口小学": (3, 1, True),
        "溪口小学": (3, 0, True),
        "转校小学": (3, 0, True),
    }


@pytest.mark.django_db
def test_moved_school_is_required_in_its_new_community(town):
    figure = results(town.north)["exchange.core_to_member"].figure

    assert parts(figure) == {"转校小学": (3, 0, True)}


@pytest.mark.django_db
def test_members_send_back_the_same_number(town):
    figure = results(town.community)["exchange.member_to_core"].figure

    # 河口 received 3 and sent back 河甲 and 点甲 (its teaching point counts under it).
    assert parts(figure) == {
        "河口小学": (3, 2, True),
        "溪口小学": (1, 0, True),
    }
    assert (figure.required, figure.done, figure.short) == (4, 2, 2)


@pytest.mark.django_db
def test_exchange_length(town):
    figure = results(town.community)["exchange.length"].figure

    # Starting in 2025, secondments: 甲 河甲 点甲 (2 semesters) and 戊 (1 semester: too short);
    # 丙 cancelled, 丁 走教 not a secondment, 乙 started in 2024.
    assert (figure.required, figure.done, figure.ids) == (4, 3, (town.x_wu.pk,))


@pytest.mark.django_db
def test_filed_before_term_start(town):
    file_on(town.x_wu, D(2025, 9, 1))  # on the first day of term: not before it

    figure = results(town.community)["exchange.filed"].figure

    # Starting in 2025 and counting: 甲 (filed 08-20, in time), 河甲 (filed 09-10, late),
    # 戊 (filed 09-01, the term's first day: late), 丁 点甲 (not filed).
    assert (figure.required, figure.done) == (5, 1)
    assert set(figure.ids) == {town.x_he.pk, town.x_ding.pk, town.x_wu.pk, town.x_point.pk}


@pytest.mark.django_db
def test_lesson_days_per_month(town, monkeypatch):
    monkeypatch.setattr(rules, "_today", lambda: D(2025, 11, 15))
    for teacher, month, days in [
        (town.he_jia, D(2025, 9, 1), 2),
        (town.he_jia, D(2025, 10, 1), 1),
        (town.point_jia, D(2025, 11, 1), 1),
    ]:
        exchange_services.lesson_day_create(
            actor=None, teacher=teacher, core_school=town.core, month=month, days=days
        )

    figure = results(town.community)["exchange.lesson_days"].figure

    # Months begun by 2025-11-15: Sep, Oct, Nov. 河口 (with its teaching point) has all three.
    assert parts(figure)["河口小学"] == (3, 3, True)
    assert parts(figure)["溪口小学"] == (3, 0, True)
    # In the autumn semester 转校小学 was still here (it left on 2026-03-01): required.
    assert parts(figure)["转校小学"] == (3, 0, True)
    assert (figure.required, figure.done) == (9, 3)


@pytest.mark.django_db
def test_national_share_and_backbone_share(town):
    found = results(town.community)
    share = found["exchange.national_share"].figure
    backbone = found["exchange.backbone_share"].figure

    # 城关小学 (core; the only urban school here): eligible 甲 乙 丙 丁 (戊 too recent, 己
    # exempt near retirement, the principal not two terms yet) → ceil(10 % × 4) = 1.
    # Rotated in 2025: 甲 丁 戊 (乙 started 2024, 丙 cancelled).
    assert parts(share) == {"城关小学": (1, 3, True)}
    assert share.parts[0].note == "符合交流条件 4 人"
    # ceil(20 % × 3) = 1; 甲 is county level (丁 only school level).
    assert parts(backbone) == {"城关小学": (1, 1, True)}


@pytest.mark.django_db
def test_exemption_settings_change_eligibility(town, bureau_user):
    rule = get_rule("exchange.national_share")
    services.rule_setting_save(
        community=town.community,
        school_year=2025,
        rule=rule,
        params={"eligible_years": 3, "retirement_exempt_years": 0, "percent": 50},
        actor=bureau_user,
    )

    share = results(town.community)["exchange.national_share"].figure

    # Now 戊 (3 years) and 己 (no exemption) are eligible too: 6 → ceil(50 % × 6) = 3.
    assert share.parts[0].note == "符合交流条件 6 人"
    assert parts(share) == {"城关小学": (3, 3, True)}


@pytest.mark.django_db
def test_mentoring(town):
    exchange_services.mentorship_create(
        actor=None, mentor=town.jia, apprentice=town.he_yi, start_on=D(2025, 9, 1)
    )

    figure = results(town.community)["mentorship.backbone"].figure

    # Backbone teachers: 甲 (county) mentors 河乙; 丁 (school level) has no apprentice.
    assert (figure.required, figure.done, figure.ids) == (2, 1, (town.ding.pk,))


@pytest.mark.django_db
def test_principal_weeks_in_binding_only(town, binding):
    for head, partner, weeks in [
        (binding.core_head, binding.member, Decimal("1")),
        (binding.member_head, binding.core, Decimal("0.5")),
    ]:
        exchange_services.principal_post_create(
            actor=None,
            teacher=head,
            partner_school=partner,
            school_year=2025,
            semester=Semester.AUTUMN,
            weeks=weeks,
        )

    figure = results(binding.community)["binding.principal_weeks"].figure

    assert parts(figure) == {"城南小学": (1, 1.0, True), "山村小学": (1, 0.5, True)}
    assert figure.short == 0.5
    assert results(town.community)["binding.principal_weeks"].figure is None
    # The 1+1 quota: 2 teachers a year each way.
    assert results(binding.community)["exchange.core_to_member"].params == {"teachers": 2}


@pytest.mark.django_db
def test_setting_overrides_a_default_for_one_community_and_year(town, bureau_user):
    services.rule_setting_save(
        community=town.community,
        school_year=2025,
        rule=get_rule("exchange.core_to_member"),
        params={"teachers": 1},
        actor=bureau_user,
    )

    found = results(town.community)["exchange.core_to_member"]

    assert found.params == {"teachers": 1} and found.changed == {"teachers"}
    assert found.figure.met is True
    assert results(town.community, SchoolYear(2024))["exchange.core_to_member"].changed == set()
    assert results(town.north)["exchange.core_to_member"].params == {"teachers": 3}


@pytest.mark.django_db
def test_switched_off_rule_has_no_figure(town, bureau_user):
    services.rule_setting_save(
        community=town.community,
        school_year=2025,
        rule=get_rule("exchange.lesson_days"),
        params={},
        enabled=False,
        actor=bureau_user,
    )

    found = results(town.community)["exchange.lesson_days"]

    assert (found.enabled, found.figure) == (False, None)


@pytest.mark.django_db
def test_ranking_orders_by_rules_met(town, bureau_user):
    standings = selectors.ranking([town.community, town.north], YEAR, Semester.AUTUMN)

    assert [s.community.name for s in standings] == ["江北教共体", "城关教共体"]
    assert [s.applicable for s in standings] == [
        14,
        14,
    ]  # 8 exchange rules, 3 activity rules, the remote-lesson rule, governance rules 14 and 15


def test_total_short_counts_each_part_once():
    capped = Figure(6, 4, parts=[Figure(3, 3), Figure(3, 1), Figure(0, 1, counted=False)])
    uneven = Figure(2, 2, parts=[Figure(1, 0), Figure(1, 2)])

    assert (capped.short, capped.total_short, capped.met) == (2, 2, False)
    # Its own total met, one part short: still short by that part.
    assert (uneven.total_short, uneven.met) == (1, False)


def test_ranking_completion_does_not_add_yuan_to_teachers():
    """A rule's completion is done / required, capped at 1: 1 yuan short of 300,000 in funds is
    nearly complete, 1 teacher short of 2 is half — where added shortfalls made both "1", and a
    community 50,000 yuan short ranked below one 2 teachers short by the number 50,000."""
    from compliance.selectors import _completion

    assert _completion(Figure(300000, 299999)) == pytest.approx(299999 / 300000)
    assert _completion(Figure(2, 1)) == 0.5
    assert _completion(Figure(0, 0)) == 1.0
    assert _completion(Figure(2, 5)) == 1.0  # done beyond the requirement counts as complete
