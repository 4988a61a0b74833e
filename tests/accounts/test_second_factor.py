"""Second factor (django-otp): enrolment by QR code with recovery codes, required for bureau
administrators when REQUIRE_2FA is on, the admin refusing them until verified."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.enums import AccessEventKind
from accounts.models import AccessEvent

pytestmark = pytest.mark.django_db
PASSWORD = "jgt-test-pass-2025"


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True


def login(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(reverse("otp_setup"), {"token": code(device), "next": "/"})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    device.refresh_from_db()
    return device, codes


def test_production_requires_it_and_the_demo_does_not():
    from tests.access.test_security import _manage

    production = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.REQUIRE_2FA)",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="jgt.example.org",
    )
    local = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.REQUIRE_2FA)",
        DJANGO_SETTINGS_MODULE="config.settings.local",
    )

    assert production.stdout.strip().splitlines()[-1] == "True", production.stderr
    assert local.stdout.strip().splitlines()[-1] == "False", local.stderr


def test_a_bureau_admin_without_a_device_is_sent_to_enrolment(client, world, require_2fa):
    login(client, "t_admin")

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_setup"))


def test_enrolment_shows_a_qr_code_svg_and_the_key(client, world, require_2fa):
    login(client, "t_admin")

    response = client.get(reverse("otp_setup"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in html
    assert "密钥" in html
    assert TOTPDevice.objects.filter(user=world.users["bureau_admin"], confirmed=False).count() == 1


def test_enrolment_with_a_wrong_code_is_refused(client, world, require_2fa):
    login(client, "t_admin")
    client.get(reverse("otp_setup"))

    response = client.post(reverse("otp_setup"), {"token": "000000"})

    assert "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get(reverse("dashboard")).status_code == 302


def test_enrolment_confirms_the_device_and_issues_ten_recovery_codes(client, world, require_2fa):
    login(client, "t_admin")

    device, codes = enrol(client)

    assert device.confirmed
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=world.users["bureau_admin"]).count() == 10
    assert client.get(reverse("dashboard")).status_code == 200
    assert AccessEvent.objects.filter(kind=AccessEventKind.OTP_ENROLLED).count() == 1


def test_next_login_asks_for_the_code(client, world, require_2fa):
    login(client, "t_admin")
    device, _ = enrol(client)
    client.post(reverse("logout"))
    login(client, "t_admin")

    blocked = client.get(reverse("schools:school_list"))
    wrong = client.post(reverse("otp_verify"), {"token": "123456"})
    key_before = client.session.session_key
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.last_t = -1
    device.save()
    right = client.post(
        reverse("otp_verify"), {"token": code(device), "next": reverse("schools:school_list")}
    )

    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("otp_verify"))
    assert "验证码不正确" in wrong.content.decode()
    assert right.status_code == 302 and right["Location"] == reverse("schools:school_list")
    assert client.session.session_key != key_before  # verification changes the session key
    assert client.get(reverse("schools:school_list")).status_code == 200
    kinds = list(AccessEvent.objects.values_list("kind", flat=True))
    assert AccessEventKind.OTP_FAILED in kinds and AccessEventKind.OTP_VERIFIED in kinds


def test_a_recovery_code_works_once(client, world, require_2fa):
    login(client, "t_admin")
    _, codes = enrol(client)
    client.post(reverse("logout"))

    login(client, "t_admin")
    first = client.post(reverse("otp_verify"), {"token": codes[0]})
    client.post(reverse("logout"))
    login(client, "t_admin")
    again = client.post(reverse("otp_verify"), {"token": codes[0]})

    assert first.status_code == 302
    assert again.status_code == 200 and "验证码不正确或已使用" in again.content.decode()
    assert AccessEvent.objects.filter(kind=AccessEventKind.OTP_RECOVERY_USED).count() == 1


def test_the_admin_refuses_a_password_only_login_when_required(client, world, require_2fa):
    admin_user = world.users["bureau_admin"]
    TOTPDevice.objects.create(user=admin_user, name="x", confirmed=True)

    response = client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": "t_admin", "password": PASSWORD, "next": "/admin/"},
    )
    follow = client.get(reverse("admin:index"))

    assert response.status_code in (200, 302)
    assert follow.status_code == 302
    assert follow["Location"].startswith(reverse("otp_verify"))


def test_the_admin_site_denies_an_unverified_admin_even_past_the_middleware(rf, world, require_2fa):
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = world.users["bureau_admin"]
    request.user.is_verified = lambda: False
    assert admin.site.has_permission(request) is False
    request.user.is_verified = lambda: True
    assert admin.site.has_permission(request) is True


def test_without_require_2fa_nobody_is_stopped(client, world, settings):
    settings.REQUIRE_2FA = False
    login(client, "t_admin")

    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_other_roles_need_no_second_factor(client, world, require_2fa):
    login(client, "t_staff")

    assert client.get(reverse("dashboard")).status_code == 200
