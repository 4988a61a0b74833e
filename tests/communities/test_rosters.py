"""Create and edit communities, add and end memberships, replace the core school."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from communities import services
from communities.models import Community, Membership
from core.services import validated_save
from core.widgets import PLAIN_LIMIT
from tests.conftest import CANARY
from tests.factories import CommunityFactory, MembershipFactory, SchoolFactory


def url(name, *args):
    return reverse(f"communities:{name}", args=args)


def create_data(**overrides):
    data = {
        "name": "新城教育集团",
        "kind": "group",
        "closeness": "tight",
        "model": "urban_rural",
        "stage": "primary",
        "founded_on": "2025-09-01",
        "member_limit": "6",
        "note": "",
        "start_on": "2025-09-01",
    }
    data.update(overrides)
    return data


# --- create ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_create_community_with_core_school_in_users_district(bureau_client, world):
    response = bureau_client.post(
        url("community_create"),
        create_data(core_school=world.lone_school.pk, district=world.other_community.district_id),
    )

    community = Community.objects.get(name="新城教育集团")
    assert response.status_code == 302
    assert response["Location"] == community.get_absolute_url()
    assert community.district == world.district
    assert [(m.school, m.role, m.start_on) for m in community.memberships.all()] == [
        (world.lone_school, "core", datetime.date(2025, 9, 1))
    ]
    assert community.history.first().history_user == world.users["bureau_staff"]


@pytest.mark.django_db
def test_create_form_offers_only_top_level_schools_in_no_community(bureau_client, world):
    free_school = SchoolFactory(district=world.district, name="空闲小学")
    SchoolFactory(district=world.district, name="空闲教学点", parent=free_school)

    response = bureau_client.get(url("community_create"))

    offered = [
        label for value, label in response.context["form"].fields["core_school"].choices if value
    ]
    assert offered == ["孤岛小学（小学）", "空闲小学（小学）"]
    assert CANARY not in response.content.decode()


@pytest.mark.django_db
def test_create_with_school_already_in_a_community_names_the_field(bureau_client, world):
    response = bureau_client.post(
        url("community_create"), create_data(core_school=world.member_school.pk)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["core_school"] == [
        "「河口小学」目前已在「城关教共体」中，请先办理退出。"
    ]
    assert not Community.objects.filter(name="新城教育集团").exists()


@pytest.mark.django_db
def test_create_with_other_district_school_is_rejected(bureau_client, world):
    response = bureau_client.post(
        url("community_create"), create_data(core_school=world.other_school.pk)
    )

    assert response.context["form"].errors["core_school"] == ["请选择本教育局的学校。"]
    assert CANARY not in response.content.decode()


@pytest.mark.django_db
def test_create_with_duplicate_name_and_bad_dates(bureau_client, world):
    response = bureau_client.post(
        url("community_create"),
        create_data(name="城关教共体", core_school=world.lone_school.pk, start_on="not-a-date"),
    )

    errors = response.context["form"].errors
    assert errors["name"] == ["本教育局已有同名教共体。"]
    assert errors["start_on"] == ["输入一个有效的日期。"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["community_leader", "school_leader"])
def test_create_is_forbidden_below_bureau(client, world, role):
    client.force_login(world.users[role])

    assert client.get(url("community_create")).status_code == 403
    assert (
        client.post(
            url("community_create"), create_data(core_school=world.lone_school.pk)
        ).status_code
        == 403
    )
    assert not Community.objects.filter(name="新城教育集团").exists()


# --- edit -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_edit_community_and_upload_charter(bureau_client, world):
    charter = SimpleUploadedFile("章程.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    data = create_data(name="城关教共体（更名）", kind="cluster", charter=charter)

    response = bureau_client.post(url("community_update", world.community.pk), data)

    assert response.status_code == 302
    world.community.refresh_from_db()
    assert (world.community.name, world.community.kind) == ("城关教共体（更名）", "cluster")
    charter = world.community.charter
    assert (charter.original_name, charter.content_type) == ("章程.pdf", "application/pdf")
    assert world.community.district == world.district
    detail = bureau_client.get(url("community_detail", world.community.pk)).content.decode()
    download = reverse(
        "file_download",
        kwargs={"model": "communities.community", "pk": world.community.pk, "field": "charter"},
    )
    assert f'<a href="{download}">章程.pdf</a>' in detail


@pytest.mark.django_db
def test_edit_rejects_dissolved_before_founded_and_bad_charter(bureau_client, world):
    charter = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    data = create_data(founded_on="2024-09-01", dissolved_on="2024-01-01", charter=charter)

    response = bureau_client.post(url("community_update", world.community.pk), data)

    errors = response.context["form"].errors
    assert errors["dissolved_on"] == ["结束日期不能早于成立日期。"]
    assert errors["charter"] == [
        "「章程」只能上传PDF、Word（.docx）、Word 97-2003（.doc）文件；无法识别此文件的内容"
        "（按文件内容识别，改扩展名无效）。"
    ]


@pytest.mark.django_db
def test_school_leader_reads_but_cannot_edit(school_client, world):
    assert school_client.get(url("community_detail", world.community.pk)).status_code == 200
    assert school_client.get(url("community_update", world.community.pk)).status_code == 403
    response = school_client.post(
        url("community_update", world.community.pk), create_data(name="改名")
    )
    assert response.status_code == 403
    world.community.refresh_from_db()
    assert world.community.name == "城关教共体"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "community_detail",
        "community_update",
        "membership_add",
        "core_replace",
        "position_add",
        "workgroup_add",
    ],
)
def test_other_district_community_is_404(bureau_client, world, name):
    response = bureau_client.get(url(name, world.other_community.pk))

    assert response.status_code == 404
    assert CANARY not in response.content.decode()


@pytest.mark.django_db
def test_other_district_membership_through_home_community_is_404(bureau_client, world):
    response = bureau_client.post(
        url("membership_end", world.community.pk, world.other_membership.pk),
        {"end_on": "2025-01-01"},
    )

    assert response.status_code == 404
    world.other_membership.refresh_from_db()
    assert world.other_membership.end_on is None


# --- add member ---------------------------------------------------------------------------


def add(client, community, school, **extra):
    data = {"school": school.pk, "role": "member", "start_on": "2025-09-01", "note": ""}
    data.update(extra)
    return client.post(url("membership_add", community.pk), data)


@pytest.mark.django_db
def test_add_member(bureau_client, world):
    response = add(bureau_client, world.community, world.lone_school, note="县局调整")

    assert response.status_code == 302
    membership = Membership.objects.current().get(school=world.lone_school)
    assert (membership.community, membership.role, membership.start_on, membership.note) == (
        world.community,
        "member",
        datetime.date(2025, 9, 1),
        "县局调整",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "field"), [("membership_add", "school"), ("community_create", "core_school")]
)
def test_school_choice_among_many_is_a_searchable_select(bureau_client, world, page, field):
    """Over PLAIN_LIMIT schools in no community: a text input searching the free schools (the
    combobox of search_select.js), no option list; a typed name works without JavaScript."""
    for n in range(PLAIN_LIMIT + 5):
        SchoolFactory(district=world.district, name=f"空闲{n:03d}小学")
    target = url(page, world.community.pk) if page == "membership_add" else url(page)

    html = str(bureau_client.get(target).context["form"][field])

    assert html.startswith('<input type="text"')
    assert f'data-search-url="{reverse("schools:school_search")}?free=1"' in html
    assert "空闲000小学" not in html
    data = (
        {"school": "空闲007小学", "start_on": "2025-09-01"}
        if page == "membership_add"
        else create_data(core_school="空闲007小学")
    )
    assert bureau_client.post(target, data).status_code == 302
    assert Membership.objects.current().get(school__name="空闲007小学").start_on == (
        datetime.date(2025, 9, 1)
    )


@pytest.mark.django_db
def test_add_school_already_in_another_community(bureau_client, world):
    other = Community.objects.create(district=world.district, name="北片", stage="primary")
    MembershipFactory(community=other, school=world.lone_school, role="core")

    response = add(bureau_client, world.community, world.lone_school)

    assert response.context["form"].errors["school"] == [
        "「孤岛小学」目前已在「北片」中，请先办理退出。"
    ]
    assert Membership.objects.current().get(school=world.lone_school).community == other


@pytest.mark.django_db
def test_add_nested_school_on_its_own_is_rejected(bureau_client, world):
    response = add(bureau_client, world.community, world.teaching_point)

    assert response.context["form"].errors["school"] == [
        "「河口教学点」隶属于「河口小学」，随上级学校所在教共体，不能单独加入。"
    ]
    assert not Membership.objects.filter(school=world.teaching_point).exists()


@pytest.mark.django_db
def test_add_member_offers_no_core_role_when_the_community_has_a_core(bureau_client, world):
    url = reverse("communities:membership_add", args=[world.community.pk])
    assert "role" not in bureau_client.get(url).context["form"].fields

    # A posted role is ignored: the school joins as a member, never as a second core.
    add(bureau_client, world.community, world.lone_school, role="core")

    assert Membership.objects.get(school=world.lone_school).role == "member"


def test_add_member_offers_the_core_role_to_a_community_without_core(bureau_client, world):
    community = CommunityFactory(district=world.district, name="新建教共体")
    url = reverse("communities:membership_add", args=[community.pk])
    assert "role" in bureau_client.get(url).context["form"].fields

    add(bureau_client, community, world.lone_school, role="core")

    assert Membership.objects.get(school=world.lone_school).role == "core"


@pytest.mark.django_db
def test_service_refuses_a_second_core_school(world):
    with pytest.raises(ValidationError) as excinfo:
        services.membership_add(
            community=world.community,
            school=world.lone_school,
            role="core",
            start_on=datetime.date(2025, 9, 1),
        )
    assert excinfo.value.message_dict["role"] == [
        "本教共体已有核心校「城关第一小学」，请使用「更换核心校」。"
    ]


@pytest.mark.django_db
def test_second_current_core_is_refused_by_model_and_database(world):
    second = Membership(
        community=world.community,
        school=world.lone_school,
        role="core",
        start_on=datetime.date(2025, 9, 1),
    )

    with pytest.raises(ValidationError) as excinfo:
        validated_save(second)
    assert excinfo.value.messages == ["该教共体已有核心校。"]
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


@pytest.mark.django_db
def test_add_member_over_limit_is_allowed_but_flagged(bureau_client, world):
    world.community.member_limit = 1
    world.community.save()

    response = add(bureau_client, world.community, world.lone_school)

    assert response.status_code == 302
    assert world.community.memberships.current().filter(role="member").count() == 2
    page = bureau_client.get(url("community_detail", world.community.pk))
    assert "成员校 2 所，超过上限 1 所" in page.content.decode()
    dashboard = bureau_client.get(reverse("dashboard"))
    assert [c.name for c in dashboard.context["overview"]["communities_over_limit"]] == [
        "城关教共体"
    ]


@pytest.mark.django_db
def test_add_member_bad_date_and_missing_school(bureau_client, world):
    response = bureau_client.post(
        url("membership_add", world.community.pk),
        {"school": "", "role": "member", "start_on": "2025-13-40"},
    )

    errors = response.context["form"].errors
    assert errors["school"] == ["请选择学校。"]
    assert errors["start_on"] == ["输入一个有效的日期。"]


@pytest.mark.django_db
def test_community_leader_cannot_add_member(leader_client, world):
    assert leader_client.get(url("membership_add", world.community.pk)).status_code == 403
    assert add(leader_client, world.community, world.lone_school).status_code == 403
    assert not Membership.objects.filter(school=world.lone_school).exists()


# --- end member, re-add --------------------------------------------------------------------


@pytest.mark.django_db
def test_end_member_keeps_row_and_readding_opens_a_new_row(bureau_client, world):
    end_url = url("membership_end", world.community.pk, world.membership.pk)

    assert bureau_client.get(end_url).status_code == 200
    response = bureau_client.post(end_url, {"end_on": "2024-07-01", "note": "调整至北片"})
    assert response.status_code == 302
    world.membership.refresh_from_db()
    assert (world.membership.end_on, world.membership.note) == (
        datetime.date(2024, 7, 1),
        "调整至北片",
    )

    add(bureau_client, world.community, world.member_school, start_on="2025-09-01")

    rows = list(
        Membership.objects.filter(school=world.member_school)
        .order_by("start_on")
        .values_list("start_on", "end_on")
    )
    assert rows == [
        (datetime.date(2023, 9, 1), datetime.date(2024, 7, 1)),
        (datetime.date(2025, 9, 1), None),
    ]


@pytest.mark.django_db
def test_end_before_start_is_rejected_on_end_on(bureau_client, world):
    response = bureau_client.post(
        url("membership_end", world.community.pk, world.membership.pk), {"end_on": "2020-01-01"}
    )

    assert response.context["form"].errors["end_on"] == ["退出日期不能早于加入日期。"]
    world.membership.refresh_from_db()
    assert world.membership.end_on is None


@pytest.mark.django_db
def test_readding_before_last_exit_is_rejected(bureau_client, world):
    bureau_client.post(
        url("membership_end", world.community.pk, world.membership.pk), {"end_on": "2024-07-01"}
    )

    response = add(bureau_client, world.community, world.member_school, start_on="2024-01-01")

    assert response.context["form"].errors["start_on"] == [
        "加入日期不能早于该校上次退出日期 2024-07-01。"
    ]


@pytest.mark.django_db
def test_ending_core_or_ended_membership_is_rejected(bureau_client, world):
    core = bureau_client.post(
        url("membership_end", world.community.pk, world.core_membership.pk),
        {"end_on": "2025-01-01"},
    )
    assert core.context["form"].errors["end_on"] == ["核心校不能直接退出，请使用「更换核心校」。"]

    end_url = url("membership_end", world.community.pk, world.membership.pk)
    bureau_client.post(end_url, {"end_on": "2024-07-01"})
    again = bureau_client.post(end_url, {"end_on": "2025-07-01"})
    assert again.context["form"].errors["end_on"] == ["该成员关系已结束。"]


@pytest.mark.django_db
def test_end_member_forbidden_below_bureau(leader_client, world):
    response = leader_client.post(
        url("membership_end", world.community.pk, world.membership.pk), {"end_on": "2024-07-01"}
    )

    assert response.status_code == 403
    world.membership.refresh_from_db()
    assert world.membership.end_on is None


# --- core replace --------------------------------------------------------------------------


@pytest.mark.django_db
def test_replace_core_with_member_keeps_old_core_as_member(bureau_client, world):
    response = bureau_client.post(
        url("core_replace", world.community.pk),
        {"school": world.member_school.pk, "start_on": "2025-09-01", "keep_old_as_member": "on"},
    )

    assert response.status_code == 302
    current = {m.school.name: m.role for m in world.community.memberships.current()}
    assert current == {"河口小学": "core", "城关第一小学": "member"}
    assert world.community.memberships.count() == 4


@pytest.mark.django_db
def test_replace_core_with_same_school_or_early_date(bureau_client, world):
    same = bureau_client.post(
        url("core_replace", world.community.pk),
        {"school": world.core_school.pk, "start_on": "2025-09-01"},
    )
    early = bureau_client.post(
        url("core_replace", world.community.pk),
        {"school": world.lone_school.pk, "start_on": "2020-01-01"},
    )

    assert same.context["form"].errors["school"] == ["该校已是本教共体的核心校。"]
    assert early.context["form"].errors["start_on"] == ["更换日期不能早于原核心校的加入日期。"]


@pytest.mark.django_db
def test_senior_high_school_joins_a_primary_community_only_when_confirmed(bureau_client, world):
    senior = SchoolFactory(district=world.district, name="县第一高级中学", stage="senior")

    asked = add(bureau_client, world.community, senior)

    assert asked.status_code == 200
    assert asked.context["form"].errors["school"] == [
        "「县第一高级中学」是高中学校，本教共体的学段是小学。确需加入，请勾选「确认加入」后再提交。"
    ]
    assert 'type="checkbox" name="confirm_stage"' in asked.content.decode()
    assert not Membership.objects.filter(school=senior).exists()

    confirmed = add(bureau_client, world.community, senior, confirm_stage="on")

    assert confirmed.status_code == 302
    assert Membership.objects.get(school=senior).role == "member"


@pytest.mark.django_db
def test_a_fitting_stage_joins_without_question(bureau_client, world):
    nine_year = SchoolFactory(district=world.district, name="九年一贯制学校", stage="nine_year")
    assert add(bureau_client, world.community, nine_year).status_code == 302
