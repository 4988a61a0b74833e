"""Chinese sort order (``core.sorting``): the stored keys give pinyin order, with surname
readings and width-normalised text, and the database orders them the same way on SQLite and
PostgreSQL (this module runs under whichever ``DATABASE_URL`` configures; CI runs both)."""

from __future__ import annotations

import pytest
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from communities.models import Community
from core.sorting import initials, sort_key
from schools.models import School, Teacher
from tests.factories import CommunityFactory, SchoolFactory, TeacherFactory

# Tricky teacher names, in the order a Chinese reader expects them.
TEACHERS_IN_ORDER = [
    "Ａ老师",  # full-width Latin letter: reads as a
    "b老师",
    "曹操",
    "丹青",
    "冯七",
    "李2",
    "李１０",  # full-width digits, and 10 after 2
    "刘一",
    "区伟",  # surname 区 reads ōu
    "欧阳修",
    "仇英",  # surname 仇 reads qiú
    "单丹",  # surname 单 reads shàn, not dān (丹青)
    "谢安",
    "解缙",  # surname 解 reads xiè (xie jin, after xie an), not jiě
    "曾巩",  # surname 曾 reads zēng, not céng
    "张三",
    "章三",  # same pinyin: code point decides, the same on both databases
    "张三丰",
    "周八",
]


def test_keys_follow_pinyin_and_surname_readings():
    assert sort_key("曾巩", person=True).startswith("zeng00")
    assert sort_key("曾经", person=False).startswith("ceng00")
    assert sort_key("单丹", person=True).startswith("shan00")
    assert sort_key("解缙", person=True).startswith("xie000")
    assert sort_key("区伟", person=True).startswith("ou0000")
    assert sort_key("仇英", person=True).startswith("qiu000")
    assert sort_key("万俟卨", person=True).startswith("mo0000qi0000")
    assert sort_key("ＡＢ　小学") == sort_key("ab小学")
    assert set(sort_key("李１０（一）")) <= set("0123456789abcdefghijklmnopqrstuvwxyz")
    assert sorted(["柳溪乡", "桃源乡", "毛坝镇"], key=sort_key) == ["柳溪乡", "毛坝镇", "桃源乡"]
    assert sorted(["西安", "先"], key=sort_key) == ["西安", "先"]
    assert sorted(["李10", "李1", "李2"], key=sort_key) == ["李1", "李2", "李10"]


def test_initials():
    assert initials("中心小学") == "zxxx"
    assert initials("曾小明", person=True) == "zxm"
    assert initials("第2中学") == "d2zx"


@pytest.mark.django_db
def test_database_orders_tricky_names_like_python(district):
    school = SchoolFactory(district=district, name="测试学校")
    shuffled = TEACHERS_IN_ORDER[::2] + TEACHERS_IN_ORDER[1::2]
    for name in shuffled:
        TeacherFactory(school=school, name=name)
    got = list(Teacher.objects.order_by("sort_key", "pk").values_list("name", flat=True))
    assert got == TEACHERS_IN_ORDER


@pytest.mark.django_db
def test_school_and_community_names_in_pinyin_order(district):
    for name in ["桃源乡中心小学", "毛坝镇中心小学", "柳溪乡中心小学", "ＸＸ学校"]:
        SchoolFactory(district=district, name=name)
    for name in ["桃源教共体", "柳溪教共体"]:
        CommunityFactory(district=district, name=name)
    schools = list(School.objects.order_by("sort_key").values_list("name", flat=True))
    assert schools == ["柳溪乡中心小学", "毛坝镇中心小学", "桃源乡中心小学", "ＸＸ学校"]
    communities = list(Community.objects.order_by("sort_key").values_list("name", flat=True))
    assert communities == ["柳溪教共体", "桃源教共体"]


@pytest.mark.django_db
def test_bulk_writes_fill_keys(district):
    """Imports and the demo builder write with bulk_create(_with_history): keys are filled."""
    parent = SchoolFactory(district=district, name="城南中心小学")
    (point,) = bulk_create_with_history(
        [
            School(
                district=district, name="河口教学点", stage="point", locale="rural", parent=parent
            )
        ],
        School,
    )
    (teacher,) = bulk_create_with_history([Teacher(school_id=point.pk, name="曾丽")], Teacher)
    point.refresh_from_db()
    teacher.refresh_from_db()
    assert point.sort_key == sort_key("河口教学点") and point.initials == "hkjxd"
    assert point.tree_key.startswith(parent.sort_key) and point.tree_key > parent.tree_key
    assert teacher.sort_key == sort_key("曾丽", person=True)
    assert teacher.school_key == point.sort_key
    teacher.name = "解丽"
    bulk_update_with_history([teacher], Teacher, ["name"])
    teacher.refresh_from_db()
    assert teacher.initials == "xl"


@pytest.mark.django_db
def test_renaming_a_school_updates_copies(district):
    parent = SchoolFactory(district=district, name="甲中心小学")
    child = SchoolFactory(district=district, name="乙教学点", parent=parent)
    teacher = TeacherFactory(school=parent, name="王一")
    parent.name = "丙中心小学"
    parent.save()
    child.refresh_from_db()
    teacher.refresh_from_db()
    assert teacher.school_key == sort_key("丙中心小学")
    assert child.tree_key.startswith(sort_key("丙中心小学"))
