import pytest
from django.core.exceptions import ValidationError

from schools import services
from schools.models import School
from tests.factories import SchoolFactory


def _errors(school: School) -> dict:
    with pytest.raises(ValidationError) as exc:
        services.school_save(school=school)
    return exc.value.message_dict


@pytest.mark.django_db
def test_duplicate_name_after_normalisation_is_refused(world):
    twin = School(district=world.district, name=" 城关 第一小学 ", stage="primary", locale="urban")
    assert _errors(twin)["name"] == [
        "本教育局已有学校「城关第一小学」，名称（忽略全角半角与空格）重复。"
    ]

    world.core_school.name = "城关（一）小学"
    services.school_save(school=world.core_school)
    halfwidth = School(
        district=world.district, name="城关(一)小学", stage="primary", locale="urban"
    )

    assert _errors(halfwidth)["name"] == [
        "本教育局已有学校「城关（一）小学」，名称（忽略全角半角与空格）重复。"
    ]


@pytest.mark.django_db
def test_same_name_in_another_district_is_allowed(world):
    school = School(
        district=world.other_school.district, name="城关第一小学", stage="primary", locale="urban"
    )

    services.school_save(school=school)

    assert School.objects.filter(name="城关第一小学").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["12345", "35100000011", "351000000a"])
def test_invalid_school_code(world, code):
    school = School(
        district=world.district, name="新校", stage="primary", locale="rural", code=code
    )

    assert _errors(school)["code"] == ["学校标识码必须是 10 位数字。"]


@pytest.mark.django_db
def test_duplicate_school_code(world):
    school = School(
        district=world.district, name="新校", stage="primary", locale="rural", code="3510000001"
    )

    assert _errors(school)["code"] == ["学校标识码 3510000001 已被「城关第一小学」使用。"]


@pytest.mark.django_db
def test_school_cannot_be_its_own_ancestor(world):
    world.member_school.parent = world.teaching_point

    assert _errors(world.member_school)["parent"] == [
        "上级学校不能是本校或本校的下级学校（形成循环）。"
    ]


@pytest.mark.django_db
def test_parent_must_be_in_the_same_district(world):
    school = SchoolFactory.build(
        district=world.district, name="新教学点", parent=world.other_school
    )

    assert _errors(school)["parent"] == ["上级学校必须属于同一教育局。"]


@pytest.mark.django_db
def test_teacher_move_without_a_user_is_recorded(world):
    """Commands and imports move teachers with no logged-in user."""
    import datetime

    move = services.teacher_move(
        teacher=world.member_teacher,
        to_school=world.lone_school,
        moved_on=datetime.date(2025, 9, 1),
    )

    world.member_teacher.refresh_from_db()
    assert (move.from_school, move.to_school, move.recorded_by) == (
        world.member_school,
        world.lone_school,
        None,
    )
    assert world.member_teacher.school == world.lone_school
