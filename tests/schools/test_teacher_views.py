"""Teacher list, detail, create, edit and move pages."""

import datetime

import pytest
from django.urls import reverse

from schools.enums import BackboneLevel, Education, StaffPosition, Subject, Title
from schools.models import Teacher, TeacherMove
from tests.conftest import CANARY
from tests.factories import SchoolFactory, TeacherFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("schools:teacher_list")
CREATE_URL = reverse("schools:teacher_create")


def listed_names(response):
    return sorted(t.name for t in response.context["page_obj"])


def teacher_data(school, **overrides):
    data = {
        "school": school.pk,
        "name": "钱新师",
        "gender": "male",
        "birth_year": "1990",
        "subjects": ["数学", "体育"],
        "education": Education.BACHELOR,
        "title": Title.SECOND,
        "backbone_level": BackboneLevel.NONE,
        "position": StaffPosition.TEACHER,
        "joined_school_on": "2020-09-01",
        "staff_number": "T001",
    }
    data.update(overrides)
    return data


# --- list --------------------------------------------------------------------------------


@pytest.fixture
def staff(world):
    """A few teachers with distinct attributes, in the home district."""
    TeacherFactory(
        school=world.core_school,
        name="孙体育",
        subjects="数学、体育",
        title=Title.FIRST,
        backbone_level=BackboneLevel.COUNTY,
        education=Education.MASTER,
        position=StaffPosition.MIDDLE_MANAGER,
        staff_number="GX2024",
    )
    TeacherFactory(school=world.core_school, name="周体育教育", subjects="体育教育")
    TeacherFactory(
        school=world.teaching_point,
        name="吴校长",
        subjects="语文、音乐",
        position=StaffPosition.PRINCIPAL,
        title=Title.SENIOR,
        education=Education.JUNIOR_COLLEGE,
    )


def test_list_shows_district_teachers_without_canary(bureau_client, world, staff):
    response = bureau_client.get(LIST_URL)
    assert response.status_code == 200
    assert listed_names(response) == sorted(
        ["王骨干", "李老师", "赵老师", "孙体育", "周体育教育", "吴校长"]
    )
    assert CANARY not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"subject": "体育"}, ["孙体育"]),
        ({"subject": "音乐"}, ["吴校长"]),
        ({"subject": "数学"}, ["孙体育"]),
        ({"title": Title.SENIOR}, ["吴校长"]),
        ({"backbone_level": BackboneLevel.COUNTY}, ["孙体育"]),
        ({"education": Education.MASTER}, ["孙体育"]),
        ({"education": Education.JUNIOR_COLLEGE}, ["吴校长"]),
        ({"position": StaffPosition.PRINCIPAL}, ["吴校长"]),
        ({"q": "体育"}, ["周体育教育", "孙体育"]),
        ({"q": "ＧＸ2024"}, ["孙体育"]),
    ],
)
def test_list_filters(bureau_client, world, staff, query, expected):
    response = bureau_client.get(LIST_URL, query)
    assert response.status_code == 200
    assert listed_names(response) == sorted(expected)


def test_list_filter_by_school(bureau_client, world, staff):
    response = bureau_client.get(LIST_URL, {"school": world.teaching_point.pk})
    assert listed_names(response) == ["吴校长"]


def test_list_filter_by_other_district_school_is_rejected(bureau_client, world, staff):
    response = bureau_client.get(LIST_URL, {"school": world.other_school.pk})
    assert response.status_code == 200
    assert CANARY not in response.content.decode()
    assert listed_names(response) == sorted(
        ["王骨干", "李老师", "赵老师", "孙体育", "周体育教育", "吴校长"]
    )


def test_list_of_school_leader_is_own_school_and_children(school_client, world, staff):
    response = school_client.get(LIST_URL)
    assert listed_names(response) == ["吴校长", "李老师"]


def test_list_shows_years_and_rotation_flag(bureau_client, world):
    TeacherFactory(school=world.lone_school, name="新来的", joined_school_on=datetime.date.today())
    response = bureau_client.get(LIST_URL, {"school": world.lone_school.pk})
    rows = {t.name: t for t in response.context["page_obj"]}
    assert rows["赵老师"].is_rotation_eligible() is True
    assert rows["新来的"].is_rotation_eligible() is False
    assert rows["新来的"].years_at_school() == 0


@pytest.mark.parametrize("extra", [0, 297])
def test_list_query_count_is_fixed(bureau_client, world, django_assert_num_queries, extra):
    schools = (
        [SchoolFactory(district=world.district, name=f"批量学校{i}") for i in range(3)]
        if extra
        else []
    )
    for i in range(extra):
        TeacherFactory(school=schools[i % 3], name=f"批量教师{i:03d}")
    # session, user, count, page ids, page rows, district, school choices, communities, townships
    with django_assert_num_queries(9):
        response = bureau_client.get(LIST_URL, {"page": 3} if extra else {})
    assert response.status_code == 200


# --- detail ------------------------------------------------------------------------------


def test_detail_shows_derived_fields_and_buttons(bureau_client, world):
    world.core_teacher.subjects = "音乐"
    world.core_teacher.save()
    response = bureau_client.get(world.core_teacher.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["can_edit"] is True
    assert response.context["can_move"] is True
    assert reverse("schools:teacher_move", args=[world.core_teacher.pk]) in body
    assert "<dt>体育/艺术教师</dt><dd>是</dd>" in body
    assert '<dt>可交流轮岗</dt><dd><span class="badge">是</span>' in body


def test_detail_for_school_leader_has_edit_but_no_move(school_client, world):
    response = school_client.get(world.member_teacher.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("schools:teacher_update", args=[world.member_teacher.pk]) in body
    assert reverse("schools:teacher_move", args=[world.member_teacher.pk]) not in body


def test_school_leader_cannot_see_teachers_of_other_schools(school_client, world):
    assert school_client.get(world.core_teacher.get_absolute_url()).status_code == 404
    response = school_client.get(world.other_teacher.get_absolute_url())
    assert response.status_code == 404
    assert CANARY not in response.content.decode()


# --- create ------------------------------------------------------------------------------


def test_create_teacher(bureau_client, world):
    response = bureau_client.post(CREATE_URL, teacher_data(world.core_school))
    teacher = Teacher.objects.get(name="钱新师")
    assert response.status_code == 302
    assert response.url == teacher.get_absolute_url()
    assert teacher.school == world.core_school
    assert teacher.subjects == "数学、体育"
    assert teacher.history.get().history_user == world.users["bureau_staff"]


def test_create_form_subjects_are_a_compact_multi_select(bureau_client, world):
    """The 20 subjects: one ``<select multiple>`` (chips and a filter box by search_select.js,
    matching names or pinyin initials), not a column of 20 checkboxes."""
    html = str(bureau_client.get(CREATE_URL).context["form"]["subjects"])

    assert html.startswith('<select name="subjects"')
    assert " multiple" in html and 'data-local-search="1"' in html
    assert 'type="checkbox"' not in html
    assert html.count("<option") == len(Subject.choices) == 20
    assert '<option value="体育" data-initials="ty">体育</option>' in html


def test_create_form_preselects_school_from_query(bureau_client, world):
    response = bureau_client.get(CREATE_URL, {"school": world.lone_school.pk})
    assert response.context["form"].initial["school"] == world.lone_school.pk


def test_school_leader_creates_teacher_at_own_teaching_point(school_client, world):
    response = school_client.post(CREATE_URL, teacher_data(world.teaching_point))
    assert response.status_code == 302
    assert Teacher.objects.get(name="钱新师").school == world.teaching_point


def test_school_leader_cannot_create_teacher_at_another_school(school_client, world):
    response = school_client.post(CREATE_URL, teacher_data(world.core_school))
    assert response.status_code == 200
    assert response.context["form"].errors["school"] == ["请选择您有权维护的学校。"]
    assert not Teacher.objects.filter(name="钱新师").exists()


def test_community_leader_cannot_create_teachers(leader_client, world):
    assert leader_client.get(CREATE_URL).status_code == 403


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_year", "1900", "出生年份不能早于 1940 年。"),
        ("subjects", ["书法"], "选择一个有效的选项。 书法 不在可用的选项中。"),
        ("name", "  ", "请填写姓名。"),
        ("joined_school_on", "2020-13-40", "输入一个有效的日期。"),
    ],
)
def test_create_rejects_bad_input(bureau_client, world, field, value, message):
    response = bureau_client.post(CREATE_URL, teacher_data(world.core_school, **{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert Teacher.objects.filter(school=world.core_school).count() == 1


# --- edit --------------------------------------------------------------------------------


def test_edit_teacher_and_history_on_detail(bureau_client, world):
    url = reverse("schools:teacher_update", args=[world.core_teacher.pk])
    response = bureau_client.post(
        url,
        teacher_data(
            world.core_school, name="王骨干", title=Title.SENIOR, subjects=["语文", "美术"]
        ),
    )
    assert response.status_code == 302
    world.core_teacher.refresh_from_db()
    assert world.core_teacher.subjects == "语文、美术"
    body = bureau_client.get(world.core_teacher.get_absolute_url()).content.decode()
    assert "职称：未定级 → 高级" in body
    assert "任教学科：语文 → 语文、美术" in body


def test_edit_cannot_change_school(bureau_client, world):
    url = reverse("schools:teacher_update", args=[world.core_teacher.pk])
    bureau_client.post(url, teacher_data(world.lone_school, name="王骨干"))
    world.core_teacher.refresh_from_db()
    assert world.core_teacher.school == world.core_school


def test_edit_keeps_unlisted_subject(bureau_client, world):
    world.core_teacher.subjects = "语文、书法"
    world.core_teacher.save()
    response = bureau_client.get(reverse("schools:teacher_update", args=[world.core_teacher.pk]))
    assert response.context["form"].initial["subjects"] == ["语文", "书法"]
    assert ("书法", "书法") in response.context["form"].fields["subjects"].choices


def test_school_leader_edits_own_teacher(school_client, world):
    url = reverse("schools:teacher_update", args=[world.member_teacher.pk])
    response = school_client.post(
        url, teacher_data(world.member_school, name="李老师", staff_number="HK9")
    )
    assert response.status_code == 302
    world.member_teacher.refresh_from_db()
    assert world.member_teacher.staff_number == "HK9"


def test_school_leader_cannot_edit_teacher_of_another_school(school_client, world):
    # The core school's teacher is not even visible to the member school's leader.
    url = reverse("schools:teacher_update", args=[world.core_teacher.pk])
    assert school_client.post(url, teacher_data(world.core_school, name="改名")).status_code == 404
    world.core_teacher.refresh_from_db()
    assert world.core_teacher.name == "王骨干"


def test_community_leader_sees_but_cannot_edit_teacher(leader_client, world):
    url = reverse("schools:teacher_update", args=[world.core_teacher.pk])
    assert leader_client.get(world.core_teacher.get_absolute_url()).status_code == 200
    assert leader_client.get(url).status_code == 403
    assert leader_client.post(url, teacher_data(world.core_school, name="改名")).status_code == 403


def test_edit_other_district_teacher_is_404(bureau_client, world):
    url = reverse("schools:teacher_update", args=[world.other_teacher.pk])
    response = bureau_client.get(url)
    assert response.status_code == 404
    assert CANARY not in response.content.decode()


# --- move --------------------------------------------------------------------------------


def move_url(teacher):
    return reverse("schools:teacher_move", args=[teacher.pk])


def test_move_teacher_is_recorded(bureau_client, world):
    teacher = world.core_teacher
    response = bureau_client.post(
        move_url(teacher),
        {"to_school": world.lone_school.pk, "moved_on": "2025-09-01", "note": "交流轮岗"},
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.school == world.lone_school
    assert teacher.joined_school_on == datetime.date(2025, 9, 1)
    move = TeacherMove.objects.get(teacher=teacher)
    assert (move.from_school, move.to_school, move.note) == (
        world.core_school,
        world.lone_school,
        "交流轮岗",
    )
    assert move.recorded_by == world.users["bureau_staff"]
    assert teacher.history.count() == 2
    body = bureau_client.get(teacher.get_absolute_url()).content.decode()
    assert "所在学校：城关第一小学 → 孤岛小学" in body
    assert "<td>城关第一小学</td>\n        <td>孤岛小学</td>\n        <td>交流轮岗</td>" in body


def test_move_form_lists_district_schools_except_current(bureau_client, world):
    response = bureau_client.get(move_url(world.core_teacher))
    choices = sorted(s.name for s in response.context["form"].fields["to_school"].queryset)
    assert choices == ["孤岛小学", "河口小学", "河口教学点"]
    assert CANARY not in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"to_school": "", "moved_on": "2025-09-01"}, "to_school", "请选择调入学校。"),
        (
            {"to_school": "SAME", "moved_on": "2025-09-01"},
            "to_school",
            "请选择本教育局的其他学校。",
        ),
        (
            {"to_school": "OTHER", "moved_on": "2025-09-01"},
            "to_school",
            "请选择本教育局的其他学校。",
        ),
        ({"to_school": "LONE", "moved_on": ""}, "moved_on", "请填写调动日期。"),
        (
            {"to_school": "LONE", "moved_on": "2010-01-01"},
            "moved_on",
            "调动日期不能早于到当前学校工作的日期。",
        ),
    ],
)
def test_move_rejects_bad_input(bureau_client, world, data, field, message):
    ids = {
        "SAME": world.core_school.pk,
        "OTHER": world.other_school.pk,
        "LONE": world.lone_school.pk,
    }
    data = {k: ids.get(v, v) for k, v in data.items()}
    response = bureau_client.post(move_url(world.core_teacher), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert TeacherMove.objects.count() == 0
    world.core_teacher.refresh_from_db()
    assert world.core_teacher.school == world.core_school


@pytest.mark.parametrize("role", ["school_leader", "community_leader"])
def test_move_is_bureau_only(client, world, role):
    client.force_login(world.users[role])
    teacher = world.member_teacher
    expected = 403
    assert client.get(move_url(teacher)).status_code == expected
    response = client.post(
        move_url(teacher), {"to_school": world.lone_school.pk, "moved_on": "2025-09-01"}
    )
    assert response.status_code == expected
    assert TeacherMove.objects.count() == 0


def test_move_other_district_teacher_is_404(bureau_client, world):
    response = bureau_client.post(
        move_url(world.other_teacher), {"to_school": world.lone_school.pk, "moved_on": "2025-09-01"}
    )
    assert response.status_code == 404
    assert TeacherMove.objects.count() == 0
