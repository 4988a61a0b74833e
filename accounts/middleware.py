"""Session limits, the second factor, and the log of refused requests.

Order in ``MIDDLEWARE``: after ``AuthenticationMiddleware``, ``SessionLimitsMiddleware`` ends a
session that was idle or is too old; django-otp's ``OTPMiddleware`` marks a verified user;
``SecondFactorMiddleware`` sends a user who needs a second factor to enrol or verify;
``AccessLogMiddleware`` writes refused requests to the access log.

Every page needs a login (``login_required`` on each view) except the few marked with
:func:`public`: pages for people who have no account (the satisfaction survey's answer page).
Those answer anonymous visitors on purpose, and the access log keeps nothing of their requests
(a respondent's address is not ours to keep).
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import reverse

from core.scoping import ScopedNotFound

from . import audit, secondfactor
from .access import needs_second_factor
from .enums import AccessEventKind

SESSION_STARTED = "jgt_started"
SESSION_SEEN = "jgt_seen"
SEEN_RESOLUTION = 60  # seconds: the last-seen stamp is written at most once a minute


@receiver(user_logged_in, dispatch_uid="accounts.middleware.stamp_session")
def stamp_session(sender, request, user, **kwargs) -> None:
    """Login starts both clocks (so the next request writes nothing)."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[SESSION_STARTED] = now
        session[SESSION_SEEN] = now


class SessionLimitsMiddleware:
    """A session ends after ``JGT_SESSION_IDLE_SECONDS`` without a request and after
    ``JGT_SESSION_MAX_SECONDS`` from login, whatever the activity. The session row is deleted
    (``flush``), so the old cookie is worthless."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and self._expired(request):
            audit.record(AccessEventKind.SESSION_EXPIRED, request=request)
            request.session.flush()
            request.user = AnonymousUser()
        response = self.get_response(request)
        if request.user.is_authenticated and hasattr(request, "session"):
            self._touch(request)
        return response

    @staticmethod
    def _expired(request) -> bool:
        now = int(time.time())
        started = request.session.get(SESSION_STARTED)
        seen = request.session.get(SESSION_SEEN)
        if started is not None and now - started > settings.JGT_SESSION_MAX_SECONDS:
            return True
        return seen is not None and now - seen > settings.JGT_SESSION_IDLE_SECONDS

    @staticmethod
    def _touch(request) -> None:
        now = int(time.time())
        session = request.session
        if session.get(SESSION_STARTED) is None:
            session[SESSION_STARTED] = now
        seen = session.get(SESSION_SEEN)
        if seen is None or now - seen >= SEEN_RESOLUTION:
            session[SESSION_SEEN] = now


class SecondFactorMiddleware:
    """With ``REQUIRE_2FA`` on, a user who needs a second factor (``access.needs_second_factor``)
    reaches nothing but the enrolment and verification pages and logout until verified — the
    Django admin included."""

    # The verification page of printed assessment reports is public: anyone holding a copy may
    # check it, signed in or not.
    EXEMPT_NAMES = ("login", "logout", "otp_setup", "otp_verify", "assessment:verify")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.REQUIRE_2FA
            and user.is_authenticated
            and needs_second_factor(user)
            and not user.is_verified()
            and not self._exempt(request.path)
        ):
            target = "otp_verify" if secondfactor.has_confirmed_device(user) else "otp_setup"
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(target)}?{query}")
        return self.get_response(request)

    def _exempt(self, path: str) -> bool:
        if path.startswith(settings.STATIC_URL):
            return True
        return any(path == reverse(name) for name in self.EXEMPT_NAMES)


def public(view):
    """Mark a view as public: it serves anonymous visitors without a login, and its refusals
    are not written to the access log. Apply it outermost."""
    view.jgt_public = True
    return view


class AccessLogMiddleware:
    """Writes every 403 answer, and every 404 of a row fetched through a visibility rule
    (``core.scoping.ScopedNotFound``), to the access log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_jgt_public", False):
            return response
        if response.status_code == 403:
            audit.record(AccessEventKind.REFUSED_403, request=request)
        elif response.status_code == 404 and hasattr(request, "_jgt_scoped_404"):
            audit.record(
                AccessEventKind.REFUSED_404, request=request, detail=request._jgt_scoped_404
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "jgt_public", False):
            request._jgt_public = True
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, ScopedNotFound):
            lookup = ", ".join(f"{k}={v}" for k, v in exception.lookup.items())
            request._jgt_scoped_404 = f"{exception.model._meta.label} {lookup}"
        return None
