"""Second-factor pages (enrolment, verification) and the access log page."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from core import labels, scoping

from . import access, audit, secondfactor
from .enums import AccessEventKind
from .models import AccessEvent


class TokenForm(forms.Form):
    token = forms.CharField(
        label="验证码",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="身份验证器显示的 6 位数字，或一个恢复码。",
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP device: scan the QR code, enter the first code, note the recovery codes."""
    if secondfactor.has_confirmed_device(request.user) and not request.user.is_verified():
        return HttpResponseRedirect(reverse("otp_verify") + "?" + request.GET.urlencode())
    device = secondfactor.pending_totp_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = secondfactor.totp_confirm(device=device, token=form.cleaned_data["token"])
        if codes is not None:
            otp_login(request, device)
            request.session.cycle_key()  # a new key for the verified session
            audit.record(AccessEventKind.OTP_ENROLLED, request=request)
            return render(
                request,
                "accounts/otp_recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        audit.record(AccessEventKind.OTP_FAILED, request=request, detail="启用时验证码错误")
        form.add_error("token", "验证码不正确，请确认手机时间准确后重试。")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": secondfactor.qr_code_data_uri(device.config_url),
            "key": secondfactor.base32_key(device),
            "next": request.GET.get("next", ""),
        },
    )


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of login: a TOTP code or a recovery code."""
    if not secondfactor.has_confirmed_device(request.user):
        return HttpResponseRedirect(reverse("otp_setup") + "?" + request.GET.urlencode())
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = secondfactor.verify(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()  # a new key for the verified session
            kind = (
                AccessEventKind.OTP_RECOVERY_USED
                if isinstance(device, StaticDevice)
                else AccessEventKind.OTP_VERIFIED
            )
            audit.record(kind, request=request)
            return HttpResponseRedirect(_next_url(request))
        audit.record(AccessEventKind.OTP_FAILED, request=request)
        form.add_error("token", "验证码不正确或已使用。")
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": request.GET.get("next", "")},
    )


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    """The district's part of the access log (bureau administrator), all of it (platform)."""
    access.require(access.can_read_access_log(request.user))
    events = scoping.visible(request.user, AccessEvent).select_related("district")
    kind = request.GET.get("kind", "")
    if kind in AccessEventKind.values:
        events = events.filter(kind=kind)
    page = Paginator(events.order_by("-at", "-pk"), settings.JGT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/access_log.html",
        {
            "page_obj": page,
            "kinds": AccessEventKind.choices,
            "kind": kind,
            "crumbs": [("访问日志", None)],
            "nav_section": "access_log",
        },
    )


class LogoutWithMessage(LogoutView):
    """Log out, then say so on the login page (the messages outlive the flushed session)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, labels.LOGGED_OUT)
        return response
