"""school_list / teacher_list: the filtered, scoped querysets shared by the pages and exports."""

import pytest

from schools.enums import Locale, Stage
from schools.selectors import school_list, teacher_list
from tests.factories import SchoolFactory, TeacherFactory

pytestmark = pytest.mark.django_db


def names(queryset):
    return sorted(obj.name for obj in queryset)


HOME_SCHOOLS = ["城关第一小学", "孤岛小学", "河口小学", "河口教学点"]


def test_school_list_without_params_is_the_visible_district(world):
    assert names(school_list(user=world.users["bureau_staff"], params={})) == sorted(HOME_SCHOOLS)


def test_school_list_annotates_current_community_through_the_parent(world):
    rows = {s.name: s for s in school_list(user=world.users["bureau_staff"], params={})}
    assert rows["河口教学点"].community_name_now == "城关教共体"
    assert rows["河口小学"].community_id_now == world.community.pk
    assert rows["孤岛小学"].community_name_now is None
    assert rows["城关第一小学"].teacher_count == 1
    assert rows["河口教学点"].teacher_count == 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"community": "none"}, ["孤岛小学"]),
        ({"stage": "primary"}, sorted(HOME_SCHOOLS)),
        ({"stage": "junior"}, []),
        ({"locale": "urban"}, ["城关第一小学"]),
        ({"has_parent": "yes"}, ["河口教学点"]),
        ({"has_parent": "no"}, ["城关第一小学", "孤岛小学", "河口小学"]),
        ({"q": "3510000001"}, ["城关第一小学"]),
        ({"q": "河口"}, ["河口小学", "河口教学点"]),
        ({"q": "城关 第一"}, ["城关第一小学"]),
    ],
)
def test_school_list_filters(world, params, expected):
    assert names(school_list(user=world.users["bureau_staff"], params=params)) == expected


def test_school_list_community_filter(world):
    params = {"community": str(world.community.pk)}
    assert names(school_list(user=world.users["bureau_staff"], params=params)) == [
        "城关第一小学",
        "河口小学",
        "河口教学点",
    ]


def test_school_list_township_filter(world):
    SchoolFactory(
        district=world.district,
        name="东山小学",
        township="东山乡",
        stage=Stage.JUNIOR,
        locale=Locale.TOWN,
    )
    assert names(school_list(user=world.users["bureau_staff"], params={"township": "东山乡"})) == [
        "东山小学"
    ]


def test_school_list_ignores_invalid_values(world):
    params = {"community": "999999", "stage": "nonsense"}
    assert names(school_list(user=world.users["bureau_staff"], params=params)) == sorted(
        HOME_SCHOOLS
    )


def test_teacher_list_filters_subject_within_joined_string(world):
    TeacherFactory(school=world.core_school, name="体育老师", subjects="数学、体育、音乐")
    TeacherFactory(school=world.core_school, name="体育教育老师", subjects="体育教育")
    user = world.users["bureau_staff"]
    assert names(teacher_list(user=user, params={"subject": "体育"})) == ["体育老师"]
    assert names(teacher_list(user=user, params={"subject": "数学"})) == ["体育老师"]
    assert names(teacher_list(user=user, params={"subject": "音乐"})) == ["体育老师"]


def test_teacher_list_scoped_to_school_leader(world):
    assert names(teacher_list(user=world.users["school_leader"], params={})) == ["李老师"]
