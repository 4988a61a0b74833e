"""The teacher list's filters: community, township, gender, rotation eligibility (DOMAIN rule 6),
offered only where they can return rows."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from schools.enums import Gender
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db
URL = reverse("schools:teacher_list")


def _names(response) -> set[str]:
    assert response.status_code == 200
    return {t.name for t in response.context["page_obj"]}


def test_gender_and_rotation_eligibility(bureau_client, world):
    today = datetime.date.today()
    TeacherFactory(
        school=world.lone_school,
        name="老教师",
        gender=Gender.MALE,
        joined_school_on=today.replace(year=today.year - 10),
    )
    TeacherFactory(
        school=world.lone_school,
        name="新教师",
        gender=Gender.FEMALE,
        joined_school_on=today.replace(year=today.year - 1),
    )
    eligible = _names(bureau_client.get(URL, {"eligible": "yes"}))
    assert "老教师" in eligible and "新教师" not in eligible
    not_eligible = _names(bureau_client.get(URL, {"eligible": "no"}))
    assert "新教师" in not_eligible and "老教师" not in not_eligible
    assert "老教师" not in _names(bureau_client.get(URL, {"gender": Gender.FEMALE}))
    assert "新教师" in _names(bureau_client.get(URL, {"gender": Gender.FEMALE}))


def test_community_and_township(bureau_client, world):
    world.lone_school.township = "孤岛乡"
    world.lone_school.save()
    in_community = _names(bureau_client.get(URL, {"community": world.community.pk}))
    assert in_community == {world.core_teacher.name, world.member_teacher.name}
    assert _names(bureau_client.get(URL, {"community": "none"})) == {world.lone_teacher.name}
    assert _names(bureau_client.get(URL, {"township": "孤岛乡"})) == {world.lone_teacher.name}


def test_filters_offer_only_values_that_can_return_rows(client, world):
    world.lone_school.township = "孤岛乡"
    world.lone_school.save()
    client.force_login(world.users["bureau_staff"])
    form = client.get(URL).context["filter"].form
    assert "community" in form.fields
    assert "孤岛乡" in dict(form.fields["township"].choices)
    # A school leader sees one school: no community to choose, no other school's township.
    client.force_login(world.users["school_leader"])
    form = client.get(URL).context["filter"].form
    assert "community" not in form.fields
    assert "孤岛乡" not in dict(form.fields["township"].choices)
