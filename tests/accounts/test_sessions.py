"""Sessions: 30 minutes idle, 10 hours at most, a new key at login, logout ends it on the server."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from accounts.enums import AccessEventKind
from accounts.middleware import SESSION_SEEN, SESSION_STARTED
from accounts.models import AccessEvent

pytestmark = pytest.mark.django_db
PASSWORD = "jgt-test-pass-2025"


def login(client, username="t_staff"):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def shift(client, **seconds_ago):
    """Move the session's login / last-seen stamps into the past."""
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"started": SESSION_STARTED, "seen": SESSION_SEEN}[key]] = now - ago
    session.save()


def test_the_limits_are_settings(settings):
    assert settings.JGT_SESSION_IDLE_SECONDS == 30 * 60
    assert settings.JGT_SESSION_MAX_SECONDS == 10 * 3600
    assert settings.SESSION_COOKIE_AGE == settings.JGT_SESSION_MAX_SECONDS
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_login_stamps_the_session(client, world):
    login(client)
    client.get(reverse("dashboard"))

    assert client.session[SESSION_STARTED] <= time.time()
    assert client.session[SESSION_SEEN] <= time.time()


def test_a_session_idle_for_more_than_30_minutes_ends(client, world):
    login(client)
    client.get(reverse("dashboard"))
    old_key = client.session.session_key
    shift(client, seen=30 * 60 + 5, started=30 * 60 + 5)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Session.objects.filter(session_key=old_key).exists()
    assert AccessEvent.objects.filter(kind=AccessEventKind.SESSION_EXPIRED).count() == 1


def test_activity_within_the_idle_limit_keeps_the_session(client, world):
    login(client)
    shift(client, seen=29 * 60, started=29 * 60)

    assert client.get(reverse("dashboard")).status_code == 200
    # the stamp moved forward: another 29 minutes later it is still alive
    assert time.time() - client.session[SESSION_SEEN] < 5


def test_a_session_ends_10_hours_after_login_however_active(client, world):
    login(client)
    shift(client, seen=10, started=10 * 3600 + 5)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_changes_the_session_key(client, world):
    client.get(reverse("login"))
    session = client.session
    session["probe"] = 1
    session.save()
    before = session.session_key

    login(client)

    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logout_deletes_the_session_on_the_server(client, world):
    login(client)
    key = client.session.session_key
    cookie = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()

    client.post(reverse("logout"))

    assert not Session.objects.filter(session_key=key).exists()
    # the old cookie, replayed, is worth nothing
    client.cookies["sessionid"] = cookie
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
