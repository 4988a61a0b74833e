"""The access log (``AccessEvent``): authentication events and refused requests.

Login, logout and failed logins come from Django's auth signals, lockouts from django-axes'
signal, second-factor events from ``accounts.views_2fa``, refused requests (403, and 404 on a
row fetched through a visibility rule) from ``accounts.middleware.AccessLogMiddleware``. Writing
a line never breaks the request it describes.
"""

from __future__ import annotations

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import DatabaseError, transaction
from django.dispatch import receiver

from .enums import AccessEventKind
from .models import AccessEvent, User

logger = logging.getLogger(__name__)


def client_ip(request) -> str | None:
    """The client's address as nginx passed it (X-Real-IP), else the socket's."""
    if request is None:
        return None
    meta = request.META
    return meta.get("HTTP_X_REAL_IP") or meta.get("REMOTE_ADDR") or None


def record(kind: str, *, request=None, user=None, username: str = "", detail: str = "") -> None:
    """Write one line; the user defaults to the request's authenticated user."""
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if user is not None and not isinstance(user, User):
        user = None
    event = AccessEvent(
        kind=kind,
        user=user,
        username=(user.get_username() if user is not None else username)[:150],
        district_id=getattr(user, "district_id", None),
        ip=client_ip(request),
        method=(getattr(request, "method", None) or "")[:10],
        path=(request.get_full_path() if request is not None else "")[:500],
        detail=detail[:300],
    )
    try:
        with transaction.atomic():
            event.save()
    except DatabaseError:
        logger.exception("access log line not written: %s %s", kind, event.username)


def _user_by_name(username: str) -> User | None:
    if not username:
        return None
    return User.objects.filter(username=username).first()


@receiver(user_logged_in, dispatch_uid="accounts.audit.login")
def _on_login(sender, request, user, **kwargs) -> None:
    record(AccessEventKind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="accounts.audit.logout")
def _on_logout(sender, request, user, **kwargs) -> None:
    record(AccessEventKind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="accounts.audit.login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str((credentials or {}).get("username", ""))
    record(
        AccessEventKind.LOGIN_FAILED,
        request=request,
        user=_user_by_name(username),
        username=username,
    )


@receiver(user_locked_out, dispatch_uid="accounts.audit.locked_out")
def _on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    record(
        AccessEventKind.LOCKED_OUT,
        request=request,
        user=_user_by_name(username or ""),
        username=username or "",
        detail=f"连续登录失败，已锁定（{ip_address}）",
    )
