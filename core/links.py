"""``object_url``: an object's page URL without a full ``reverse()`` per row.
``public_url``: the absolute address printed on paper (QR codes, PDFs).

A list of 50 rows with two links each spent more on ``reverse()`` than on its query. The URL of
a named pattern with one integer argument is reversed once (per script prefix and URLconf) with
a placeholder, then filled in.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

# One placeholder per integer argument: same length, so none is a prefix of another.
_PLACEHOLDERS = ("987654321", "987654322", "987654323")


@functools.lru_cache(maxsize=128)
def _template(name: str, arity: int, prefix: str, urlconf) -> str:
    return reverse(name, args=[int(p) for p in _PLACEHOLDERS[:arity]])


def object_url(name: str, *pks: int) -> str:
    """The URL of ``name`` with these integer arguments (an object's page, or a page of an
    object inside another: ``object_url("communities:membership_end", community.pk, m.pk)``)."""
    url = _template(name, len(pks), get_script_prefix(), get_urlconf())
    if len(pks) == 1:  # the common case, a row's own page
        return url.replace(_PLACEHOLDERS[0], str(pks[0]), 1)
    for placeholder, pk in zip(_PLACEHOLDERS, pks, strict=False):
        url = url.replace(placeholder, str(pk), 1)
    return url


LOCAL_URL = "http://127.0.0.1:8000"


def public_url(path: str, request=None) -> str:
    """The absolute address of ``path`` (from ``/``) for a QR code or a printed page:
    ``settings.JGT_PUBLIC_URL`` + ``path`` when it is set (what a reader outside can open,
    whatever host made the page); otherwise the address the request came in on
    (``request.build_absolute_uri``). Made without a request (a background job, a command) and
    without the setting: the development server's address, ``LOCAL_URL``."""
    if settings.JGT_PUBLIC_URL:
        return settings.JGT_PUBLIC_URL.rstrip("/") + path
    if request is not None:
        return request.build_absolute_uri(path)
    return LOCAL_URL + path


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    if kwargs.get("setting") == "ROOT_URLCONF":
        _template.cache_clear()
