"""DOMAIN rule 6 as a query: eligible after N whole years at the same school."""

import datetime

import pytest
from django.test import override_settings

from schools.models import Teacher

from ..factories import TeacherFactory

ON = datetime.date(2025, 9, 1)


@pytest.fixture
def teachers(world):
    school = world.member_school
    joined = {
        "six_years_to_the_day": datetime.date(2019, 9, 1),
        "one_day_short": datetime.date(2019, 9, 2),
        "long_serving": datetime.date(2001, 3, 1),
        "new": datetime.date(2024, 9, 1),
        "no_date": None,
    }
    return {
        key: TeacherFactory(school=school, name=key, joined_school_on=day)
        for key, day in joined.items()
    }


def _names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def test_rotation_eligible_is_a_query_with_the_date_and_years_given(teachers):
    mine = Teacher.objects.filter(pk__in=[t.pk for t in teachers.values()])

    assert _names(mine.rotation_eligible(on=ON)) == {"six_years_to_the_day", "long_serving"}
    assert _names(mine.rotation_eligible(on=ON, years=1)) == {
        "six_years_to_the_day",
        "one_day_short",
        "long_serving",
        "new",
    }
    assert _names(mine.rotation_eligible(on=ON, years=20)) == {"long_serving"}


@override_settings(JGT_ROTATION_ELIGIBLE_YEARS=5)
def test_the_configured_default_applies_when_years_is_not_given(teachers):
    mine = Teacher.objects.filter(pk__in=[t.pk for t in teachers.values()])

    assert _names(mine.rotation_eligible(on=ON)) == {
        "six_years_to_the_day",
        "one_day_short",
        "long_serving",
    }


def test_annotation_and_single_teacher_answer_agree_with_the_query(teachers):
    annotated = {
        t.name: t.rotation_eligible
        for t in Teacher.objects.filter(
            pk__in=[t.pk for t in teachers.values()]
        ).with_rotation_eligibility(on=ON)
    }

    assert annotated == {
        "six_years_to_the_day": True,
        "one_day_short": False,
        "long_serving": True,
        "new": False,
        "no_date": False,
    }
    assert {name: teachers[name].is_rotation_eligible(ON) for name in teachers} == annotated


def test_a_leap_day_counts_whole_years(world):
    leap = TeacherFactory(school=world.member_school, joined_school_on=datetime.date(2018, 2, 28))
    late = TeacherFactory(school=world.member_school, joined_school_on=datetime.date(2018, 3, 1))
    on = datetime.date(2024, 2, 29)

    eligible = Teacher.objects.filter(pk__in=[leap.pk, late.pk]).rotation_eligible(on=on)

    assert list(eligible) == [leap]
    assert leap.years_at_school(on) == 6
    assert late.years_at_school(on) == 5
