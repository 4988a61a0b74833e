"""The second factor: TOTP devices (django-otp) and recovery codes (its static device).

Enrolment creates an unconfirmed TOTP device whose key the user scans as a QR code (an SVG made
here by ``qrcode``, no outside service); the first correct code confirms it and issues ten
one-time recovery codes, shown once.
"""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
TOTP_NAME = "身份验证器"
RECOVERY_NAME = "恢复码"


def pending_totp_device(user) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def has_confirmed_device(user) -> bool:
    return any(isinstance(d, TOTPDevice) for d in devices_for_user(user, confirmed=True))


def qr_code_data_uri(text: str) -> str:
    """An SVG QR code of ``text`` as a ``data:`` URI (allowed by the CSP's img-src)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def base32_key(device: TOTPDevice) -> str:
    """The key for manual entry, in groups of four."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def totp_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm ``device`` with a correct ``token``; return the new recovery codes (or None).

    The user's other TOTP devices and old recovery codes are removed.
    """
    if not device.verify_token(token.strip()):
        return None
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=device.user).delete()
    static = StaticDevice.objects.create(user=device.user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def verify(user, token: str):
    """The device that accepts ``token`` (TOTP code or a recovery code, used up), or None."""
    token = "".join(token.split())
    if not token:
        return None
    return match_token(user, token)
