"""Survey pages: the bureau's questionnaires and rounds, a round's results (page and PDF), the
schools' link sheets and QR codes — and the public answer page, the one page of the platform
without a login.

Staff pages fetch rows through the user's visibility rules (out of scope → 404) and ask
``surveys.permissions`` what the user may do (→ 403). The answer page finds its one school of
one round by the link's unguessable token and shows nothing else: the round's title, the
school's name, the questions.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import io

import qrcode
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signing import BadSignature
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_POST

from accounts.access import is_bureau
from accounts.audit import client_ip
from accounts.middleware import public
from communities.visibility import schools_visible_to
from core import pdf, scoping
from core.audit import recent_history
from core.forms import apply_errors
from core.links import public_url
from core.tables import paginate

from . import selectors, services
from .enums import RoundStatus
from .forms import AnswerForm, QuestionnaireForm, RoundForm
from .models import Questionnaire, Round, RoundSchool
from .permissions import can_manage_surveys
from .services import Refused
from .visibility import (
    codes_visible_to,
    questionnaires_visible_to,
    round_schools_visible_to,
    rounds_visible_to,
)

NAV = "surveys"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _crumbs(*items) -> list:
    return [("满意度调查", reverse("surveys:round_list")), *items]


def _today():
    return timezone.localdate()


# --- rounds --------------------------------------------------------------------------------


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.round_list(request.user), request, per_page=settings.JGT_PAGE_SIZE)
    today = _today()
    rows = []
    for round in page.object_list:
        rate = selectors.rate_of(round.n_satisfied, round.n_counted)
        rows.append(
            {
                "round": round,
                "status": RoundStatus(round.status(today)).label,
                "rate": rate,
                "under": selectors.under_target(rate, round.target),
            }
        )
    return render(
        request,
        "surveys/round_list.html",
        {
            "page": page,
            "rows": rows,
            "can_manage": can_manage_surveys(request.user),
            "crumbs": [("满意度调查", None)],
            "nav_section": NAV,
        },
    )


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(can_manage_surveys(user))
    form = RoundForm(
        request.POST or None,
        questionnaires=questionnaires_visible_to(user),
        schools=schools_visible_to(user),
        initial={
            "opens_on": _today(),
            "closes_on": _today() + datetime.timedelta(days=14),
            "target": settings.JGT_SURVEY_TARGET,
            "questionnaire": request.GET.get("questionnaire"),
        },
        instance=Round(district_id=user.district_id),
    )
    if request.method == "POST" and form.is_valid():
        round = form.save(commit=False)
        round.district_id = user.district_id
        try:
            services.round_create(round=round, schools=form.cleaned_data["schools"], actor=user)
        except ValidationError as error:
            round.pk = None
            round._state.adding = True
            apply_errors(form, error)
        else:
            messages.success(request, f"已开启调查「{round.title}」，请下载各校的二维码和答题单。")
            return redirect(round)
    return render(
        request,
        "surveys/round_form.html",
        {
            "form": form,
            "title": "新建满意度调查",
            "crumbs": _crumbs(("新建调查", None)),
            "nav_section": NAV,
        },
    )


def _get_round(request: HttpRequest, pk: int) -> Round:
    return scoping.get_from_or_404(
        rounds_visible_to(request.user).select_related("questionnaire", "created_by"), pk=pk
    )


def _school_pk(request: HttpRequest) -> int | None:
    value = request.GET.get("school", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _results(request: HttpRequest, round: Round):
    links = selectors.visible_links(request.user, round)
    return selectors.round_results(round, links, school_pk=_school_pk(request))


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round = _get_round(request, pk)
    results = _results(request, round)
    return render(
        request,
        "surveys/round_detail.html",
        {
            "round": round,
            "results": results,
            "status": round.status(_today()),
            "status_label": RoundStatus(round.status(_today())).label,
            "can_manage": can_manage_surveys(request.user),
            "crumbs": _crumbs((round.title, None)),
            "nav_section": NAV,
            **recent_history(round),
        },
    )


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    round = _get_round(request, pk)
    _require(can_manage_surveys(request.user))
    try:
        services.round_close(round=round, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "调查已结束，不再接收答卷。")
    return redirect(round)


@login_required
@require_GET
def round_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    round = _get_round(request, pk)
    results = _results(request, round)
    title = f"{round.title} · 结果"
    body = pdf.render(
        "surveys/pdf/results.html",
        {"title": title, "round": round, "results": results, "printed_on": _today()},
    )
    return pdf.response(body, filename=f"{round.title}结果.pdf")


# --- link sheets and QR codes ----------------------------------------------------------------


def _get_link(request: HttpRequest, pk: int, school_pk: int) -> RoundSchool:
    queryset = round_schools_visible_to(request.user).select_related("round", "school")
    return scoping.get_from_or_404(queryset, round_id=pk, school_id=school_pk)


def _qr_png(url: str) -> bytes:
    image = qrcode.make(url, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@login_required
@require_GET
def qr_png(request: HttpRequest, pk: int, school_pk: int) -> HttpResponse:
    link = _get_link(request, pk, school_pk)
    answer = HttpResponse(
        _qr_png(public_url(link.answer_path(), request)), content_type="image/png"
    )
    answer["Content-Disposition"] = content_disposition_header(
        True, f"{link.round.title}-{link.school.name}-二维码.png"
    )
    return answer


@login_required
@require_GET
def sheet_pdf(request: HttpRequest, pk: int, school_pk: int) -> HttpResponse:
    link = _get_link(request, pk, school_pk)
    url = public_url(link.answer_path(), request)
    codes = []
    if link.round.uses_codes:
        codes = list(
            codes_visible_to(request.user)
            .filter(round_school=link)
            .order_by("pk")
            .values_list("code", flat=True)
        )
    qr = "data:image/png;base64," + base64.b64encode(_qr_png(url)).decode()
    body = pdf.render(
        "surveys/pdf/sheet.html",
        {
            "title": f"{link.round.title} · {link.school.name}",
            "link": link,
            "round": link.round,
            "url": url,
            "qr": qr,
            "codes": codes,
            "codes_withheld": link.round.uses_codes and not is_bureau(request.user),
        },
    )
    return pdf.response(body, filename=f"{link.round.title}-{link.school.name}-答题单.pdf")


# --- questionnaires --------------------------------------------------------------------------


@login_required
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(can_manage_surveys(user))
    questionnaires = list(
        questionnaires_visible_to(user)
        .prefetch_related("questions")
        .order_by("district_id", "audience", "pk")
    )
    used = set(rounds_visible_to(user).values_list("questionnaire_id", flat=True).distinct())
    return render(
        request,
        "surveys/questionnaire_list.html",
        {
            "questionnaires": questionnaires,
            "used": used,
            "crumbs": _crumbs(("问卷", None)),
            "nav_section": NAV,
        },
    )


def _get_questionnaire(request: HttpRequest, pk: int) -> Questionnaire:
    return scoping.get_from_or_404(questionnaires_visible_to(request.user), pk=pk)


@login_required
@require_POST
def questionnaire_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = _get_questionnaire(request, pk)
    user = request.user
    _require(can_manage_surveys(user))
    copy = services.questionnaire_copy(source=source, district=user.district, actor=user)
    messages.success(request, f"已复制「{source.title}」为本局问卷，可修改后使用。")
    return redirect("surveys:questionnaire_update", pk=copy.pk)


@login_required
def questionnaire_update(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _get_questionnaire(request, pk)
    user = request.user
    _require(can_manage_surveys(user) and not questionnaire.builtin)
    in_use = services.questionnaire_in_use(questionnaire)
    form = QuestionnaireForm(request.POST or None, instance=questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_update(
                questionnaire=form.save(commit=False),
                lines=form.cleaned_data["questions"],
                actor=user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "问卷已保存。")
            return redirect("surveys:questionnaire_list")
    return render(
        request,
        "surveys/questionnaire_form.html",
        {
            "form": form,
            "questionnaire": questionnaire,
            "in_use": in_use,
            "title": f"编辑问卷：{questionnaire.title}",
            "crumbs": _crumbs(("问卷", reverse("surveys:questionnaire_list")), ("编辑", None)),
            "nav_section": NAV,
            **recent_history(questionnaire),
        },
    )


# --- the public answer page ------------------------------------------------------------------

COOKIE = "jgt_survey_done"


def _cookie_salt(link: RoundSchool) -> str:
    return f"surveys.answered.{link.token}"


def _answered_here(request: HttpRequest, link: RoundSchool) -> bool:
    try:
        request.get_signed_cookie(COOKIE, salt=_cookie_salt(link))
    except (KeyError, BadSignature):
        return False
    return True


def _rate_key(request: HttpRequest, link: RoundSchool) -> str:
    """A keyed hash of the address and the link: the cache never holds the address itself."""
    address = client_ip(request) or ""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{address}|{link.token}".encode(), hashlib.sha256
    ).hexdigest()
    return f"surveys:rate:{digest}"


def _over_rate(request: HttpRequest, link: RoundSchool) -> bool:
    key = _rate_key(request, link)
    window = settings.JGT_SURVEY_RATE_WINDOW
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > settings.JGT_SURVEY_RATE_LIMIT


def _public_page(request, link, *, form=None, refused=None, thanks=False, status=200):
    answer = render(
        request,
        "surveys/answer.html",
        {
            "link": link,
            "round": link.round,
            "school": link.school,
            "form": form,
            "refused": refused,
            "thanks": thanks,
        },
        status=status,
    )
    answer["Cache-Control"] = "no-store"
    answer["X-Robots-Tag"] = "noindex"
    return answer


@public
@csrf_protect
def answer(request: HttpRequest, token: str) -> HttpResponse:
    if len(token) > 40:
        raise Http404
    link = (
        RoundSchool.objects.select_related("round__questionnaire", "school")
        .filter(token=token)
        .first()
    )
    if link is None:
        raise Http404
    round = link.round
    try:
        services.check_open(round, _today())
        if not round.uses_codes and _answered_here(request, link):
            raise Refused(services.REFUSED_REPEAT, status=409)
    except Refused as refusal:
        return _public_page(request, link, refused=refusal.message, status=refusal.status)
    questions = list(round.questionnaire.questions.all())
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        uses_codes=round.uses_codes,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if not round.uses_codes and _over_rate(request, link):
                raise Refused(services.REFUSED_RATE, status=429)
            services.response_submit(
                link=link,
                questions=questions,
                given=form.answers(),
                code=form.cleaned_data.get("code", ""),
            )
        except Refused as refusal:
            if refusal.message in (services.REFUSED_CODE_UNKNOWN, services.REFUSED_CODE_USED):
                form.add_error("code", refusal.message)
                return _public_page(request, link, form=form, status=refusal.status)
            return _public_page(request, link, refused=refusal.message, status=refusal.status)
        page = _public_page(request, link, thanks=True)
        if not round.uses_codes:
            page.set_signed_cookie(
                COOKIE,
                "1",
                salt=_cookie_salt(link),
                max_age=((round.closes_on - _today()).days + 1) * 86400,
                path=link.answer_path(),
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return page
    return _public_page(request, link, form=form)
