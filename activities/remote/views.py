"""Remote-lesson pages: the pairing list, a pairing with its term grid of weeks, add/edit a
pairing, log a session (held / not held with a reason), delete a session record.

Objects are fetched through the user's visibility rules (out of scope -> 404); what the user may
do comes from ``activities.remote.permissions`` (visible but not allowed -> 403); writes go
through ``activities.remote.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from communities.visibility import communities_visible_to
from core import scoping
from core.audit import recent_history
from core.forms import apply_errors

from ..permissions import can_manage_kinds
from . import selectors, services
from .enums import NotHeldReason, SessionStatus
from .forms import PairingForm, SessionForm
from .models import RemotePairing
from .permissions import can_add_pairing, can_edit_pairing, can_log_sessions
from .visibility import pairings_visible_to
from .weeks import week_number


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _get_pairing(request: HttpRequest, pk: int) -> RemotePairing:
    queryset = selectors.with_rows(pairings_visible_to(request.user)).select_related("created_by")
    return scoping.get_from_or_404(queryset, pk=pk)


def _crumbs(pairing: RemotePairing | None = None, label: str | None = None) -> list:
    crumbs = [("远程课堂", reverse("activities:remote_pairing_list"))]
    if pairing is None:
        return [*crumbs, (label, None)] if label else [("远程课堂", None)]
    if label is None:
        return [*crumbs, (pairing.display_name, None)]
    return [*crumbs, (pairing.display_name, pairing.get_absolute_url()), (label, None)]


@login_required
def pairing_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    filterset = selectors.pairing_filterset(user=user, params=request.GET)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset
    page = Paginator(selectors.with_rows(queryset), settings.JGT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    figures = selectors.tallies(rows, today=timezone.localdate())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "activities/remote/pairing_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "rows": [{"pairing": p, "tally": figures[p.pk]} for p in rows],
            "summary": selectors.list_summary(queryset),
            "query": query.urlencode(),
            "can_add": can_add_pairing(user),
            "can_import": can_manage_kinds(user),
            "crumbs": _crumbs(),
            "nav_section": "activities",
        },
    )


@login_required
def pairing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = _get_pairing(request, pk)
    user = request.user
    classes = list(pairing.classes.all())
    today = timezone.localdate()
    weeks, figures = selectors.grid(pairing, today=today)
    return render(
        request,
        "activities/remote/pairing_detail.html",
        {
            "pairing": pairing,
            "classes": classes,
            "teachers": list(pairing.teachers.select_related("school").order_by("sort_key")),
            "weeks": weeks,
            "tally": figures,
            "today": today,
            "reasons": NotHeldReason.choices,
            "HELD": SessionStatus.HELD,
            "NOT_HELD": SessionStatus.NOT_HELD,
            "can_edit": can_edit_pairing(user, pairing),
            "can_log": can_log_sessions(user, pairing, classes),
            "session_form": SessionForm(initial={"date": today}),
            **recent_history(pairing),
            "crumbs": _crumbs(pairing),
            "nav_section": "activities",
        },
    )


def _form_page(request, *, form, title, pairing=None, status=200) -> HttpResponse:
    return render(
        request,
        "activities/remote/pairing_form.html",
        {
            "form": form,
            "title": title,
            "pairing": pairing,
            "cancel_url": pairing.get_absolute_url()
            if pairing
            else reverse("activities:remote_pairing_list"),
            "crumbs": _crumbs(pairing, title),
            "nav_section": "activities",
        },
        status=status,
    )


def _save(request, form, pairing: RemotePairing, *, message: str) -> HttpResponse | None:
    user = request.user
    if not can_edit_pairing(user, pairing):
        form.add_error(None, "您只能登记本校主讲或本教共体的结对。")
        return None
    try:
        services.pairing_save(
            pairing=pairing,
            classes=form.classes,
            teachers=form.cleaned_data["teachers"],
            actor=user,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "classes" in error.error_dict:
            form.add_error("class_school_1", error.error_dict.pop("classes"))
        apply_errors(form, error)
        return None
    messages.success(request, message)
    return redirect(pairing)


@login_required
def pairing_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(can_add_pairing(user))
    initial = {}
    communities = communities_visible_to(user)
    if communities.count() == 1:
        initial["community"] = communities.first()
    if user.school_id:
        initial["core_school"] = user.school_id
    form = PairingForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        pairing = form.save(commit=False)
        done = _save(request, form, pairing, message="已添加结对，可在每周的格子里登记开课情况。")
        if done is not None:
            return done
        pairing.pk = None
        pairing._state.adding = True
    return _form_page(request, form=form, title="添加远程课堂结对")


@login_required
def pairing_update(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = _get_pairing(request, pk)
    _require(can_edit_pairing(request.user, pairing))
    form = PairingForm(request.POST or None, instance=pairing, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = _save(request, form, form.save(commit=False), message="已保存。")
        if done is not None:
            return done
    return _form_page(request, form=form, title="编辑结对", pairing=pairing)


@login_required
@require_POST
def session_log(request: HttpRequest, pk: int) -> HttpResponse:
    """One click (held) or one small form (not held, reason, note) for one day."""
    pairing = _get_pairing(request, pk)
    user = request.user
    _require(can_log_sessions(user, pairing, pairing.classes.all()))
    form = SessionForm(request.POST)
    anchor = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            session, created = services.session_log(
                pairing=pairing,
                date=data["date"],
                status=data["status"],
                reason=data["reason"],
                note=data["note"],
                actor=user,
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            anchor = f"#week-{week_number(pairing.first_day, session.date)}"
            verb = "已登记" if created else "已更新"
            text = session.get_status_display()
            if session.reason:
                text += f"（{session.get_reason_display()}）"
            messages.success(request, f"{verb} {session.date:%Y-%m-%d}：{text}。")
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else "登记"
            messages.error(request, f"{label}：{' '.join(errors)}")
    return redirect(pairing.get_absolute_url() + anchor)


@login_required
@require_POST
def session_delete(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    pairing = _get_pairing(request, pk)
    session = scoping.get_from_or_404(pairing.sessions.all(), pk=session_pk)
    _require(can_log_sessions(request.user, pairing, pairing.classes.all()))
    services.session_delete(session=session, actor=request.user)
    messages.success(request, f"已删除 {session.date:%Y-%m-%d} 的记录。")
    return redirect(pairing)
