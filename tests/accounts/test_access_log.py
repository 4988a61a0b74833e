"""The access log: authentication events and refused requests are written; a bureau
administrator reads its own district's part, nobody else's."""

import pytest
from django.urls import reverse

from accounts.enums import AccessEventKind as K
from accounts.models import AccessEvent
from tests.conftest import CANARY

pytestmark = pytest.mark.django_db
PASSWORD = "jgt-test-pass-2025"
IP = "127.0.0.31"


def login(client, username, password=PASSWORD):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=IP
    )


def kinds(**filters) -> list[str]:
    return list(AccessEvent.objects.filter(**filters).order_by("pk").values_list("kind", flat=True))


def test_login_failure_lockout_and_logout_are_logged(client, world):
    for _ in range(5):
        login(client, "t_staff", "wrong")
    login(client, "t_leader")
    client.post(reverse("logout"))

    staff = world.users["bureau_staff"]
    assert sorted(kinds(user=staff)) == sorted([K.LOGIN_FAILED] * 5 + [K.LOCKED_OUT])
    assert kinds(user=world.users["community_leader"]) == [K.LOGIN, K.LOGOUT]
    event = AccessEvent.objects.filter(kind=K.LOGIN).get()
    assert (
        event.ip == IP and event.district_id == world.district.pk and event.username == "t_leader"
    )


def test_a_failed_login_for_an_unknown_name_keeps_the_name(client, world):
    login(client, "nobody-such", "x")

    event = AccessEvent.objects.get()
    assert (event.kind, event.user, event.username, event.district) == (
        K.LOGIN_FAILED,
        None,
        "nobody-such",
        None,
    )


def test_a_scoped_404_is_logged_with_model_and_key(client, world):
    client.force_login(world.users["bureau_staff"])

    response = client.get(reverse("schools:school_detail", args=[world.other_school.pk]))

    assert response.status_code == 404
    event = AccessEvent.objects.get(kind=K.REFUSED_404)
    assert event.user == world.users["bureau_staff"]
    assert event.detail == f"schools.School pk={world.other_school.pk}"
    assert event.path == reverse("schools:school_detail", args=[world.other_school.pk])


def test_a_plain_404_is_not_logged(client, world):
    client.force_login(world.users["bureau_staff"])

    assert client.get("/no-such-page/").status_code == 404
    assert not AccessEvent.objects.filter(kind=K.REFUSED_404).exists()


def test_a_403_is_logged(client, world):
    client.force_login(world.users["school_leader"])

    response = client.get(reverse("access_log"))

    assert response.status_code == 403
    event = AccessEvent.objects.get(kind=K.REFUSED_403)
    assert (event.user, event.method, event.path) == (
        world.users["school_leader"],
        "GET",
        reverse("access_log"),
    )


def test_the_bureau_admin_reads_only_its_own_district(client, world):
    login(client, "t_other")  # bureau staff of the other district
    client.post(reverse("logout"))
    login(client, "t_school")
    client.post(reverse("logout"))
    client.force_login(world.users["bureau_admin"])

    html = client.get(reverse("access_log")).content.decode()

    assert "t_school" in html
    assert "t_other" not in html
    assert CANARY not in html


def test_the_page_filters_by_kind(client, world):
    login(client, "t_school", "wrong")
    login(client, "t_school")
    client.post(reverse("logout"))
    client.force_login(world.users["bureau_admin"])

    page = client.get(reverse("access_log"), {"kind": K.LOGIN_FAILED}).context["page_obj"]

    assert [e.kind for e in page] == [K.LOGIN_FAILED]


@pytest.mark.parametrize("count", [3, 300])
def test_the_page_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, count):
    AccessEvent.objects.bulk_create(
        AccessEvent(kind=K.LOGIN, username=f"u{n}", district=world.district) for n in range(count)
    )
    client.force_login(world.users["bureau_admin"])

    with django_assert_num_queries(5):
        response = client.get(reverse("access_log"))
    assert response.status_code == 200


def test_purge_keeps_the_last_year(world):
    import datetime
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    old = AccessEvent.objects.create(kind=K.LOGIN, username="old")
    recent = AccessEvent.objects.create(kind=K.LOGIN, username="recent")
    AccessEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=400))
    out = StringIO()

    call_command("purge_access_log", stdout=out)

    assert list(AccessEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert "已删除 1 条" in out.getvalue()
