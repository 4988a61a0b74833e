"""School list, detail, create and edit pages."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schools.enums import Locale, Stage
from schools.models import School
from schools.services import school_save
from tests.conftest import CANARY
from tests.factories import SchoolFactory, TeacherFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("schools:school_list")
CREATE_URL = reverse("schools:school_create")


def listed_names(response):
    return sorted(s.name for s in response.context["page_obj"])


def school_data(**overrides):
    data = {
        "name": "新建示范小学",
        "code": "",
        "stage": Stage.PRIMARY,
        "locale": Locale.TOWN,
        "township": "城关镇",
        "parent": "",
        "is_legal_entity": "on",
        "principal": "周校长",
        "phone": "",
        "students": "420",
        "classes": "12",
        "address": "",
    }
    data.update(overrides)
    return data


# --- list --------------------------------------------------------------------------------


def test_list_shows_district_schools_without_canary(bureau_client, world):
    response = bureau_client.get(LIST_URL)
    assert response.status_code == 200
    assert listed_names(response) == ["城关第一小学", "孤岛小学", "河口小学", "河口教学点"]
    assert CANARY not in response.content.decode()


def test_list_shows_derived_community_and_teacher_count(bureau_client, world):
    response = bureau_client.get(LIST_URL, {"has_parent": "yes"})
    [row] = response.context["page_obj"]
    assert (row.name, row.community_name_now, row.teacher_count) == ("河口教学点", "城关教共体", 0)
    community_url = reverse("communities:community_detail", args=[world.community.pk])
    assert (
        f'<td>河口小学</td>\n      <td><a href="{community_url}">城关教共体</a></td>'
        in response.content.decode()
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"community": "none"}, ["东山中学", "孤岛小学"]),
        ({"stage": "primary"}, ["城关第一小学", "孤岛小学", "河口小学", "河口教学点"]),
        ({"locale": "rural"}, ["孤岛小学", "河口小学", "河口教学点"]),
        ({"locale": "urban"}, ["城关第一小学"]),
        ({"township": "东山乡"}, ["东山中学"]),
        ({"has_parent": "yes"}, ["河口教学点"]),
        ({"has_parent": "no"}, ["东山中学", "城关第一小学", "孤岛小学", "河口小学"]),
        ({"q": "河口"}, ["河口小学", "河口教学点"]),
        ({"q": "3510000001"}, ["城关第一小学"]),
        ({"q": "城关　第一"}, ["城关第一小学"]),
        ({"stage": "junior"}, ["东山中学"]),
    ],
)
def test_list_filters(bureau_client, world, query, expected):
    SchoolFactory(
        district=world.district,
        name="东山中学",
        township="东山乡",
        stage=Stage.JUNIOR,
        locale=Locale.TOWN,
    )
    response = bureau_client.get(LIST_URL, query)
    assert response.status_code == 200
    assert listed_names(response) == expected


def test_list_filter_by_community(bureau_client, world):
    response = bureau_client.get(LIST_URL, {"community": world.community.pk})
    assert listed_names(response) == ["城关第一小学", "河口小学", "河口教学点"]


def test_list_other_district_community_id_is_ignored(bureau_client, world):
    response = bureau_client.get(LIST_URL, {"community": world.other_community.pk})
    assert response.status_code == 200
    assert listed_names(response) == ["城关第一小学", "孤岛小学", "河口小学", "河口教学点"]
    assert CANARY not in response.content.decode()


def test_list_of_school_leader_is_its_scope(school_client, world):
    response = school_client.get(LIST_URL)
    assert listed_names(response) == ["城关第一小学", "河口小学", "河口教学点"]
    assert "新建学校" not in response.content.decode()


@pytest.mark.parametrize("extra", [0, 297])
def test_list_query_count_is_fixed(bureau_client, world, django_assert_num_queries, extra):
    parent = world.member_school
    for i in range(extra):
        school = SchoolFactory(
            district=world.district,
            name=f"批量学校{i:03d}",
            parent=parent if i % 3 == 0 else None,
            township=f"乡镇{i % 7}",
        )
        TeacherFactory(school=school)
    # The page's ids, then its rows with the list columns (core.tables.paginate).
    with django_assert_num_queries(8):
        response = bureau_client.get(LIST_URL, {"page": 2} if extra else {})
    assert response.status_code == 200


# --- detail ------------------------------------------------------------------------------


def test_detail_shows_parent_children_community_and_teachers(bureau_client, world):
    response = bureau_client.get(reverse("schools:school_detail", args=[world.member_school.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "河口教学点" in body
    assert "城关教共体" in body
    assert "李老师" in body
    assert "成员校" in body
    assert reverse("schools:school_update", args=[world.member_school.pk]) in body
    assert CANARY not in body


def test_detail_of_nested_school_shows_community_via_parent(bureau_client, world):
    body = bureau_client.get(
        reverse("schools:school_detail", args=[world.teaching_point.pk])
    ).content.decode()
    assert "随上级学校「河口小学」加入" in body
    assert "城关教共体" in body


def test_detail_without_edit_button_for_leader_of_other_school(school_client, world):
    response = school_client.get(reverse("schools:school_detail", args=[world.core_school.pk]))
    assert response.status_code == 200
    assert (
        reverse("schools:school_update", args=[world.core_school.pk])
        not in response.content.decode()
    )


def test_detail_other_district_is_404(bureau_client, world):
    response = bureau_client.get(reverse("schools:school_detail", args=[world.other_school.pk]))
    assert response.status_code == 404
    assert CANARY not in response.content.decode()


# --- create ------------------------------------------------------------------------------


def test_create_school(bureau_client, world):
    response = bureau_client.post(
        CREATE_URL, school_data(code="３５１０００００９９", parent=world.member_school.pk)
    )
    school = School.objects.get(name="新建示范小学")
    assert response.status_code == 302
    assert response.url == reverse("schools:school_detail", args=[school.pk])
    assert school.district == world.district
    assert school.code == "3510000099"
    assert school.parent == world.member_school
    record = school.history.get()
    assert record.history_user == world.users["bureau_staff"]


def test_create_ignores_posted_district(bureau_client, world, other_district):
    bureau_client.post(CREATE_URL, school_data(district=other_district.pk))
    assert School.objects.get(name="新建示范小学").district == world.district


@pytest.mark.parametrize("role", ["school_leader", "community_leader"])
def test_create_forbidden_for_non_bureau(client, world, role):
    client.force_login(world.users[role])
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, school_data()).status_code == 403
    assert not School.objects.filter(name="新建示范小学").exists()


def test_create_rejects_invalid_code(bureau_client, world):
    response = bureau_client.post(CREATE_URL, school_data(code="12345"))
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["学校标识码必须是 10 位数字。"]
    assert "学校标识码：学校标识码必须是 10 位数字。" in response.content.decode()
    assert not School.objects.filter(name="新建示范小学").exists()


def test_create_rejects_code_of_another_school(bureau_client, world):
    response = bureau_client.post(CREATE_URL, school_data(code="3510000001"))
    assert response.context["form"].errors["code"] == [
        "学校标识码 3510000001 已被「城关第一小学」使用。"
    ]


@pytest.mark.parametrize(
    "name", ["城关第一小学 ", "城关 第一小学", "城关第一小学　", "城关第一小学"]
)
def test_create_rejects_duplicate_name_after_normalisation(bureau_client, world, name):
    response = bureau_client.post(CREATE_URL, school_data(name=name))
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "本教育局已有学校「城关第一小学」，名称（忽略全角半角与空格）重复。"
    ]
    assert School.objects.filter(district=world.district, name_key="城关第一小学").count() == 1


def test_create_rejects_fullwidth_variant_of_existing_name(bureau_client, world):
    SchoolFactory(district=world.district, name="实验小学(南校区)")
    response = bureau_client.post(CREATE_URL, school_data(name="实验小学（南校区）"))
    assert response.context["form"].errors["name"] == [
        "本教育局已有学校「实验小学(南校区)」，名称（忽略全角半角与空格）重复。"
    ]


def test_create_same_name_as_other_district_is_allowed(bureau_client, world):
    response = bureau_client.post(CREATE_URL, school_data(name=world.other_school.name))

    created = School.objects.get(district=world.district, name=world.other_school.name)
    assert (response.status_code, response["Location"]) == (302, created.get_absolute_url())
    assert School.objects.filter(name=world.other_school.name).count() == 2
    world.other_school.refresh_from_db()
    assert world.other_school.district_id != world.district.pk


def test_create_rejects_parent_of_other_district(bureau_client, world):
    response = bureau_client.post(CREATE_URL, school_data(parent=world.other_school.pk))
    assert response.context["form"].errors["parent"] == ["请选择本教育局的学校作为上级学校。"]
    assert CANARY not in response.content.decode()


def test_create_rejects_missing_required_fields(bureau_client, world):
    response = bureau_client.post(CREATE_URL, school_data(name="", stage="", students="-1"))
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert sorted(errors) == ["name", "stage", "students"]


# --- edit --------------------------------------------------------------------------------


def test_edit_school_and_history_on_detail(bureau_client, world):
    url = reverse("schools:school_update", args=[world.lone_school.pk])
    response = bureau_client.post(url, school_data(name="孤岛中心小学", students="512"))
    assert response.status_code == 302
    world.lone_school.refresh_from_db()
    assert world.lone_school.name == "孤岛中心小学"
    body = bureau_client.get(world.lone_school.get_absolute_url()).content.decode()
    assert "学校名称：孤岛小学 → 孤岛中心小学" in body
    assert "在校学生数：300 → 512" in body


def test_edit_rejects_school_as_its_own_parent(bureau_client, world):
    url = reverse("schools:school_update", args=[world.member_school.pk])
    response = bureau_client.post(url, school_data(name="河口小学", parent=world.member_school.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [
        "上级学校不能是本校或本校的下级学校（形成循环）。"
    ]
    world.member_school.refresh_from_db()
    assert world.member_school.parent is None


def test_edit_rejects_own_child_as_parent(bureau_client, world):
    url = reverse("schools:school_update", args=[world.member_school.pk])
    response = bureau_client.post(url, school_data(name="河口小学", parent=world.teaching_point.pk))
    assert response.context["form"].errors["parent"] == [
        "上级学校不能是本校或本校的下级学校（形成循环）。"
    ]
    assert "上级学校：上级学校不能是本校" in response.content.decode()


def test_school_leader_edits_own_school_but_not_its_parent(school_client, world):
    url = reverse("schools:school_update", args=[world.member_school.pk])
    response = school_client.post(
        url, school_data(name="河口小学", principal="新校长", parent=world.core_school.pk)
    )
    assert response.status_code == 302
    world.member_school.refresh_from_db()
    assert world.member_school.principal == "新校长"
    assert world.member_school.parent is None


def test_school_leader_cannot_edit_another_school(school_client, world):
    url = reverse("schools:school_update", args=[world.core_school.pk])
    assert school_client.get(url).status_code == 403
    assert school_client.post(url, school_data(name="改名")).status_code == 403
    world.core_school.refresh_from_db()
    assert world.core_school.name == "城关第一小学"


def test_school_leader_gets_404_for_other_district_school(school_client, world):
    for name in ("school_detail", "school_update"):
        response = school_client.get(reverse(f"schools:{name}", args=[world.other_school.pk]))
        assert response.status_code == 404
        assert CANARY not in response.content.decode()


def test_edit_other_district_school_is_404_for_bureau(bureau_client, world):
    url = reverse("schools:school_update", args=[world.other_school.pk])
    assert bureau_client.post(url, school_data()).status_code == 404


# --- a school leader cannot change the registry identity ------------------------------------


def test_school_leaders_form_shows_identity_disabled(school_client, world):
    url = reverse("schools:school_update", args=[world.member_school.pk])
    form = school_client.get(url).context["form"]
    assert [name for name in ("name", "code", "stage", "locale") if form.fields[name].disabled] == [
        "name",
        "code",
        "stage",
        "locale",
    ]
    assert not form.fields["principal"].disabled


def test_school_leader_posting_identity_changes_keeps_them(school_client, world):
    school = world.member_school
    before = (school.name, school.code, school.stage, school.locale)
    url = reverse("schools:school_update", args=[school.pk])

    response = school_client.post(
        url,
        school_data(
            name="改名小学",
            code="3510009999",
            stage=Stage.SENIOR,
            locale=Locale.URBAN,
            principal="新校长",
        ),
    )

    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.name, school.code, school.stage, school.locale) == before
    assert school.principal == "新校长"


def test_service_refuses_identity_change_by_a_school_leader(world):
    school = School.objects.get(pk=world.member_school.pk)
    school.name = "改名小学"
    school.stage = Stage.SENIOR
    with pytest.raises(ValidationError) as caught:
        school_save(school=school, actor=world.users["school_leader"])
    assert caught.value.messages == ["学校名称、学段由教育局维护，不能修改。"]

    school.name, school.stage = "河口小学", Stage.PRIMARY
    school.principal = "新校长"
    school_save(school=school, actor=world.users["school_leader"])  # the rest is its own


def test_bureau_still_changes_identity(bureau_client, world):
    url = reverse("schools:school_update", args=[world.member_school.pk])
    assert bureau_client.post(url, school_data(name="河口镇中心小学")).status_code == 302
    world.member_school.refresh_from_db()
    assert world.member_school.name == "河口镇中心小学"


# --- teachers a user may not see -----------------------------------------------------------


def test_school_page_says_plainly_when_teachers_are_not_visible(school_client, world):
    body = school_client.get(world.core_school.get_absolute_url()).content.decode()
    assert "无权查看该校教师名单" in body
    assert "教师（0）" not in body
    assert "王骨干" not in body


def test_own_school_page_lists_its_teachers(school_client, world):
    body = school_client.get(world.member_school.get_absolute_url()).content.decode()
    assert "教师（1）" in body
    assert "无权查看该校教师名单" not in body


def test_community_leader_sees_teachers_of_community_schools(leader_client, world):
    body = leader_client.get(world.core_school.get_absolute_url()).content.decode()
    assert "教师（1）" in body
