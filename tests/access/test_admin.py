"""The Django admin is district-scoped: a bureau administrator only ever meets its own district."""

import datetime

import pytest
from django.urls import reverse

from accounts.enums import Role
from accounts.models import User
from communities.models import Community
from schools.enums import Locale, Stage
from schools.models import District, School
from tests.conftest import CANARY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME_SCHOOLS = {"城关第一小学", "河口小学", "河口教学点", "孤岛小学"}


def admin_url(obj_or_model, action="changelist", *args):
    opts = obj_or_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def platform_client(client, world):
    user = UserFactory(
        username="t_platform", role="", district=None, is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client


def test_bureau_admin_changelist_lists_own_district_schools_only(admin_client_, world):
    response = admin_client_.get(admin_url(School))

    assert response.status_code == 200
    assert {s.name for s in response.context["cl"].result_list} == HOME_SCHOOLS
    assert "河口小学" in body(response)
    assert CANARY not in body(response)


def test_other_district_school_change_page_is_not_found(admin_client_, world):
    url = admin_url(School, "change", world.other_school.pk)

    response = admin_client_.get(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    followed = admin_client_.get(url, follow=True)
    assert CANARY not in body(followed)


def test_other_district_school_history_is_not_found(admin_client_, world):
    response = admin_client_.get(admin_url(School, "history", world.other_school.pk))

    assert response.status_code == 404
    assert CANARY not in body(response)


def test_other_district_school_cannot_be_deleted(admin_client_, world):
    url = admin_url(School, "delete", world.other_school.pk)

    page = admin_client_.get(url)
    post = admin_client_.post(url, {"post": "yes"})

    # Deleting schools is not offered at all (see schools/admin.py), so no row is looked up.
    assert (page.status_code, post.status_code) == (403, 403)
    assert CANARY not in body(page) + body(post)
    assert School.objects.filter(pk=world.other_school.pk).exists()


def test_other_district_history_version_is_not_found(admin_client_, world):
    version = world.other_school.history.first()
    url = reverse(
        "admin:schools_school_simple_history", args=[world.other_school.pk, version.history_id]
    )

    response = admin_client_.get(url)

    assert response.status_code == 404
    assert CANARY not in body(response)


def test_own_school_history_page_opens(admin_client_, world):
    response = admin_client_.get(admin_url(School, "history", world.member_school.pk))

    assert response.status_code == 200
    assert "河口小学" in body(response)


# Every admin, every choice and every filter: tests/access/test_admin_walk.py.


def test_platform_superuser_sees_every_district(platform_client, world):
    response = platform_client.get(admin_url(School))

    names = {s.name for s in response.context["cl"].result_list}
    assert names == HOME_SCHOOLS | {f"{CANARY}中心小学", f"{CANARY}教学点"}


def test_bureau_staff_without_is_staff_cannot_open_admin(bureau_client, world):
    response = bureau_client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={reverse('admin:index')}"


def test_bureau_staff_with_is_staff_flag_still_has_no_admin_rights(client, world):
    staff = world.users["bureau_staff"]
    staff.is_staff = True
    staff.save()
    client.force_login(staff)

    assert client.get(admin_url(School)).status_code == 403
    assert client.get(admin_url(School, "change", world.member_school.pk)).status_code == 403
    # django-import-export lets any staff user export unless the admin says otherwise.
    assert client.get(reverse("admin:schools_school_export")).status_code == 403
    assert client.get(reverse("admin:schools_teacher_export")).status_code == 403


def test_school_created_in_admin_belongs_to_admin_district(admin_client_, world):
    data = {
        "district": world.district.pk,
        "name": "新建小学",
        "code": "",
        "stage": Stage.PRIMARY,
        "locale": Locale.RURAL,
        "township": "",
        "parent": "",
        "is_legal_entity": "on",
        "principal": "",
        "phone": "",
        "address": "",
        "students": "0",
        "classes": "0",
    }

    response = admin_client_.post(admin_url(School, "add"), data)

    assert response.status_code == 302
    assert School.objects.get(name="新建小学").district == world.district


def test_school_cannot_be_created_in_other_district_or_under_other_parent(admin_client_, world):
    data = {
        "district": world.other_school.district_id,
        "name": "越界小学",
        "code": "",
        "stage": Stage.PRIMARY,
        "locale": Locale.RURAL,
        "parent": world.other_school.pk,
        "students": "0",
        "classes": "0",
    }

    response = admin_client_.post(admin_url(School, "add"), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"district", "parent"}
    assert not School.objects.filter(name="越界小学").exists()
    assert CANARY not in body(response)


def test_community_add_form_offers_only_home_schools_in_no_community(admin_client_, world):
    response = admin_client_.get(admin_url(Community, "add"))

    form = response.context["adminform"].form
    assert [s.name for s in form.fields["core_school"].queryset] == ["孤岛小学"]
    assert CANARY not in body(response)


def test_autocomplete_never_returns_other_district(admin_client_, world):
    url = reverse("admin:autocomplete")
    params = {"app_label": "schools", "model_name": "school", "field_name": "parent", "term": ""}

    response = admin_client_.get(url, params)

    assert response.status_code == 200
    assert {r["text"] for r in response.json()["results"]} == HOME_SCHOOLS
    assert CANARY not in body(response)


def test_district_admin_is_read_only_for_bureau_admin(admin_client_, world):
    assert admin_client_.get(admin_url(District, "add")).status_code == 403
    changelist = admin_client_.get(admin_url(District))
    assert [d.name for d in changelist.context["cl"].result_list] == ["示范县"]
    view = admin_client_.post(
        admin_url(District, "change", world.district.pk), {"name": "改名县", "code": "999999"}
    )
    assert view.status_code == 403
    assert District.objects.get(pk=world.district.pk).name == "示范县"


# --- users and roles ------------------------------------------------------------------------


def test_user_changelist_shows_own_district_users_only(admin_client_, world):
    response = admin_client_.get(admin_url(User))

    assert {u.username for u in response.context["cl"].result_list} == {
        "t_admin",
        "t_staff",
        "t_leader",
        "t_school",
    }
    assert CANARY not in body(response)


def test_other_district_user_cannot_be_changed(admin_client_, world):
    other = world.users["other_staff"]

    page = admin_client_.get(admin_url(User, "change", other.pk))
    password = admin_client_.get(reverse("admin:auth_user_password_change", args=[other.pk]))

    assert page.status_code == 302
    assert password.status_code == 404
    assert CANARY not in body(password)


def _user_add_data(**overrides):
    data = {
        "username": "new_leader",
        "usable_password": "true",
        "password1": "Lx-secure-pass-2025",
        "password2": "Lx-secure-pass-2025",
        "last_name": "",
        "first_name": "",
        "role": Role.SCHOOL_LEADER,
        "district": "",
        "community": "",
        "school": "",
        "phone": "",
        "is_staff": "",
    }
    data.update(overrides)
    return data


def test_bureau_admin_creates_school_leader_of_own_district(admin_client_, world):
    data = _user_add_data(
        district=world.district.pk, school=world.member_school.pk, is_superuser="on"
    )

    response = admin_client_.post(admin_url(User, "add"), data)

    assert response.status_code == 302
    created = User.objects.get(username="new_leader")
    assert (created.role, created.district, created.school) == (
        Role.SCHOOL_LEADER,
        world.district,
        world.member_school,
    )
    assert created.is_superuser is False
    assert created.check_password("Lx-secure-pass-2025")


def test_bureau_admin_cannot_bind_other_district_school(admin_client_, world):
    data = _user_add_data(district=world.district.pk, school=world.other_school.pk)

    response = admin_client_.post(admin_url(User, "add"), data)

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["school"]
    assert not User.objects.filter(username="new_leader").exists()
    assert CANARY not in body(response)


def test_community_leader_needs_a_community(admin_client_, world):
    data = _user_add_data(role=Role.COMMUNITY_LEADER, district=world.district.pk)

    response = admin_client_.post(admin_url(User, "add"), data)

    errors = response.context["adminform"].form.errors
    assert errors["community"] == ["教共体负责人必须绑定一个教共体。"]


def test_bureau_admin_cannot_make_a_superuser(admin_client_, world):
    staff = world.users["bureau_staff"]
    response = admin_client_.get(admin_url(User, "change", staff.pk))
    form = response.context["adminform"].form
    assert "is_superuser" not in form.fields

    data = {
        "username": "t_staff",
        "last_name": "",
        "first_name": "",
        "email": "",
        "role": Role.BUREAU_STAFF,
        "district": world.district.pk,
        "community": "",
        "school": "",
        "phone": "",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
    }
    saved = admin_client_.post(admin_url(User, "change", staff.pk), data)

    assert saved.status_code == 302
    staff.refresh_from_db()
    assert (staff.is_staff, staff.is_superuser) == (True, False)


def test_bureau_admin_sets_a_password_with_validators(admin_client_, world):
    leader = world.users["school_leader"]
    url = reverse("admin:auth_user_password_change", args=[leader.pk])

    weak = admin_client_.post(
        url, {"password1": "12345678", "password2": "12345678", "usable_password": "true"}
    )
    strong = admin_client_.post(
        url,
        {
            "password1": "Hk-new-pass-2025",
            "password2": "Hk-new-pass-2025",
            "usable_password": "true",
        },
    )

    assert weak.status_code == 200
    assert "这个密码太常见了。" in body(weak)
    assert strong.status_code == 302
    leader.refresh_from_db()
    assert leader.check_password("Hk-new-pass-2025")


def _community_add_data(world, **overrides):
    data = {
        "district": world.district.pk,
        "name": "新教共体",
        "kind": "community",
        "closeness": "tight",
        "model": "urban_rural",
        "stage": "primary",
        "founded_on": "2025-09-01",
        "dissolved_on": "",
        "member_limit": "6",
        "note": "",
        "core_school": world.lone_school.pk,
        "core_start_on": "2025-09-01",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_community_created_in_admin_gets_its_core_school_through_the_service(admin_client_, world):
    response = admin_client_.post(admin_url(Community, "add"), _community_add_data(world))

    assert response.status_code == 302
    community = Community.objects.get(name="新教共体")
    assert community.district == world.district
    membership = community.memberships.get()
    assert (membership.school, membership.role, membership.start_on, membership.end_on) == (
        world.lone_school,
        "core",
        datetime.date(2025, 9, 1),
        None,
    )
    assert membership.history.get().history_user == world.users["bureau_admin"]
