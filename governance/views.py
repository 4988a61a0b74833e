"""Governance pages of a community: the ledger (funds and expenses, rule 14–15) and its
``.xlsx``, expense requests and their approval, meetings and decisions; and the district's
governance overview (治理).

A community is fetched through the user's visible communities (out of scope → 404), its rows
through it; writes are checked by ``governance.permissions`` in the services (visible but not
allowed → 403), whose ValidationErrors are shown on the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from communities.models import Community, Position, WorkGroup
from communities.visibility import communities_visible_to, community_school_ids
from core import files, scoping
from core.forms import apply_errors
from core.school_year import SchoolYear
from schools.models import School
from spreadsheets.exports import attachment_header

from . import permissions, selectors, services
from .enums import EXPENSE_OPEN, ExpenseStatus
from .export import ledger_workbook, supervision_workbook
from .forms import (
    DecisionForm,
    DocumentForm,
    ExpenseActionForm,
    ExpenseForm,
    FundReceiptForm,
    MeetingForm,
    MilestoneEditForm,
    MilestoneForm,
    PhaseEditForm,
    PhaseForm,
    ProgressForm,
    ProgressReportForm,
    SupervisionTaskForm,
    VersionForm,
    YearForm,
)
from .models import Document, Expense, Meeting, Milestone, PlanPhase, SupervisionTask

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _community(request: HttpRequest, pk: int) -> Community:
    return scoping.get_from_or_404(communities_visible_to(request.user), pk=pk)


def _crumbs(community: Community, *labels) -> list:
    crumbs = [
        ("治理", reverse("governance:index")),
        (community.name, community.get_absolute_url()),
    ]
    return crumbs + list(labels)


def _year_form(request: HttpRequest) -> YearForm:
    """?year=2025-2026; without one, the current school year (shown selected)."""
    return YearForm(request.GET if "year" in request.GET else {"year": SchoolYear.current().label})


def _form_page(request, community, title, form, crumbs, *, cancel, multipart=False, status=200):
    return render(
        request,
        "communities/form.html",
        {
            "community": community,
            "title": title,
            "form": form,
            "crumbs": crumbs,
            "submit_label": "保存",
            "cancel_url": cancel,
            "multipart": multipart,
            "nav_section": "governance",
        },
        status=status,
    )


# --- the district overview -----------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    form = _year_form(request)
    year = form.school_year()
    rows = selectors.district_overview(communities_visible_to(request.user), year)
    return render(
        request,
        "governance/index.html",
        {
            "form": form,
            "school_year": year,
            "rows": rows,
            "crumbs": [("治理", None)],
            "nav_section": "governance",
        },
    )


# --- ledger ----------------------------------------------------------------------------------


@login_required
def ledger(request: HttpRequest, pk: int) -> HttpResponse:
    community = _community(request, pk)
    form = _year_form(request)
    year = form.school_year()
    book = selectors.ledger(community, year)
    return render(
        request,
        "governance/ledger.html",
        {
            "community": community,
            "form": form,
            "school_year": year,
            "ledger": book,
            "threshold": services.expense_threshold(community, year.start),
            "can_manage": permissions.can_manage(request.user, community),
            "can_request": permissions.can_manage(request.user, community)
            or access.is_school_leader(request.user),
            "crumbs": _crumbs(community, ("经费台账", None)),
            "nav_section": "governance",
        },
    )


@login_required
@require_GET
def ledger_export(request: HttpRequest, pk: int) -> HttpResponse:
    community = _community(request, pk)
    year = _year_form(request).school_year()
    book = selectors.ledger(community, year)
    response = HttpResponse(ledger_workbook(book), content_type=XLSX)
    response["Content-Disposition"] = attachment_header(
        f"{community.name}经费台账{year.label}.xlsx", "ledger.xlsx"
    )
    return response


@login_required
def fund_add(request: HttpRequest, pk: int) -> HttpResponse:
    community = _community(request, pk)
    access.require(permissions.can_manage(request.user, community))
    form = FundReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.fund_receipt_add(
                actor=request.user,
                community=community,
                school_year=SchoolYear.parse(data["year"]).start,
                source=data["source"],
                amount=data["amount"],
                received_on=data["received_on"],
                note=data["note"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "经费到账已登记。")
            return redirect(
                reverse("governance:ledger", args=[community.pk]) + f"?year={data['year']}"
            )
    status = 400 if request.method == "POST" else 200
    return _form_page(
        request,
        community,
        "登记经费到账",
        form,
        _crumbs(
            community, ("经费台账", reverse("governance:ledger", args=[pk])), ("登记到账", None)
        ),
        cancel=reverse("governance:ledger", args=[pk]),
        status=status,
    )


def _community_schools(community):
    """The schools of the community, in Chinese order."""
    return School.objects.filter(pk__in=community_school_ids(community)).order_by("sort_key", "id")


def _expense_schools(request, community):
    schools = _community_schools(community)
    if permissions.can_manage(request.user, community):
        return schools
    return schools.filter(pk=request.user.school_id)


@login_required
def expense_add(request: HttpRequest, pk: int) -> HttpResponse:
    community = _community(request, pk)
    schools = _expense_schools(request, community)
    access.require(
        permissions.can_manage(request.user, community)
        or (access.is_school_leader(request.user) and schools.exists())
    )
    form = ExpenseForm(
        request.POST or None, schools=schools, decisions=selectors.major_decisions(community)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            expense = services.expense_submit(
                actor=request.user,
                community=community,
                school=data["school"],
                school_year=SchoolYear.parse(data["year"]).start,
                category=data["category"],
                title=data["title"],
                amount=data["amount"],
                decision=data["decision"],
                comment=data["comment"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "支出申请已提交。")
            return redirect("governance:expense_detail", pk=community.pk, expense_pk=expense.pk)
    status = 400 if request.method == "POST" else 200
    return _form_page(
        request,
        community,
        "经费支出申请",
        form,
        _crumbs(
            community, ("经费台账", reverse("governance:ledger", args=[pk])), ("支出申请", None)
        ),
        cancel=reverse("governance:ledger", args=[pk]),
        status=status,
    )


def _expense(community, expense_pk: int) -> Expense:
    return scoping.get_from_or_404(
        Expense.objects.filter(community=community).select_related(
            "school", "decision", "decision__meeting", "requested_by", "approved_by"
        ),
        pk=expense_pk,
    )


@login_required
def expense_edit(request: HttpRequest, pk: int, expense_pk: int) -> HttpResponse:
    """Change a request not approved yet (pending, or refused: saved, it goes back for approval)."""
    community = _community(request, pk)
    expense = _expense(community, expense_pk)
    access.require(permissions.can_change_expense(request.user, expense))
    detail_url = reverse("governance:expense_detail", args=[pk, expense.pk])
    if expense.status not in EXPENSE_OPEN:
        messages.error(request, f"该支出已{expense.get_status_display()}，不能再修改。")
        return redirect(detail_url)
    form = ExpenseForm(
        request.POST or None,
        schools=_expense_schools(request, community),
        decisions=selectors.major_decisions(community),
        versioned=expense,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.expense_update(
                actor=request.user,
                expense=expense,
                school=data["school"],
                school_year=SchoolYear.parse(data["year"]).start,
                category=data["category"],
                title=data["title"],
                amount=data["amount"],
                decision=data["decision"],
                comment=data["comment"],
                expected_version=form.expected_version,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "支出申请已修改。")
            return redirect(detail_url)
    return _form_page(
        request,
        community,
        "修改支出申请",
        form,
        _crumbs(
            community,
            ("经费台账", reverse("governance:ledger", args=[pk])),
            (expense.title, detail_url),
            ("修改", None),
        ),
        cancel=detail_url,
        status=400 if request.method == "POST" else 200,
    )


def _expense_step(request, expense, data, version) -> None:
    actor, comment = request.user, data["comment"]
    action = data["action"]
    if action == "approve":
        services.expense_approve(
            actor=actor, expense=expense, comment=comment, expected_version=version
        )
    elif action == "refuse":
        services.expense_refuse(
            actor=actor, expense=expense, comment=comment, expected_version=version
        )
    elif action == "withdraw":
        services.expense_withdraw(
            actor=actor, expense=expense, comment=comment, expected_version=version
        )
    else:
        if data["actual_amount"] is None:
            raise ValidationError({"actual_amount": "请填写实际支出金额。"})
        services.expense_record_actual(
            actor=actor,
            expense=expense,
            actual_amount=data["actual_amount"],
            comment=comment,
            expected_version=version,
        )


@login_required
def expense_detail(request: HttpRequest, pk: int, expense_pk: int) -> HttpResponse:
    community = _community(request, pk)
    expense = _expense(community, expense_pk)
    can_approve = permissions.can_approve(request.user, expense)
    can_spend = permissions.can_request_expense(request.user, community, expense.school)
    form = ExpenseActionForm(request.POST or None, versioned=expense)
    if request.method == "POST":
        access.require(can_approve or can_spend)
        if form.is_valid():
            try:
                _expense_step(request, expense, form.cleaned_data, form.expected_version)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "已记录。")
                return redirect("governance:expense_detail", pk=pk, expense_pk=expense.pk)
    return render(
        request,
        "governance/expense_detail.html",
        {
            "community": community,
            "expense": expense,
            "steps": expense.steps.select_related("user").order_by("at", "id"),
            "form": form,
            "can_approve": can_approve and expense.status == ExpenseStatus.PENDING,
            "can_spend": can_spend and expense.status == ExpenseStatus.APPROVED,
            "can_change": can_spend and expense.status in EXPENSE_OPEN,
            "crumbs": _crumbs(
                community,
                ("经费台账", reverse("governance:ledger", args=[pk])),
                (expense.title, None),
            ),
            "nav_section": "governance",
        },
        status=400 if request.method == "POST" else 200,
    )


# --- meetings --------------------------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    community = _community(request, pk)
    return render(
        request,
        "governance/meeting_list.html",
        {
            "community": community,
            "meetings": selectors.meetings_of(community),
            "can_manage": permissions.can_manage(request.user, community),
            "crumbs": _crumbs(community, ("会议与决议", None)),
            "nav_section": "governance",
        },
    )


@login_required
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    community = _community(request, pk)
    access.require(permissions.can_manage(request.user, community))
    positions = Position.objects.filter(community=community, end_on__isnull=True).select_related(
        "teacher"
    )
    form = MeetingForm(request.POST or None, request.FILES or None, positions=positions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                actor=request.user,
                community=community,
                kind=data["kind"],
                held_on=data["held_on"],
                place=data["place"],
                attendees=list(data["attendees"]),
                other_attendees=data["other_attendees"],
                agenda=data["agenda"],
                minutes_text=data["minutes_text"],
                minutes_upload=data["minutes_file"] or None,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "会议已登记。")
            return redirect("governance:meeting_detail", pk=pk, meeting_pk=meeting.pk)
    return _form_page(
        request,
        community,
        "登记会议",
        form,
        _crumbs(
            community,
            ("会议与决议", reverse("governance:meeting_list", args=[pk])),
            ("登记会议", None),
        ),
        cancel=reverse("governance:meeting_list", args=[pk]),
        multipart=True,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    community = _community(request, pk)
    meeting = scoping.get_from_or_404(Meeting.objects.filter(community=community), pk=meeting_pk)
    can_manage = permissions.can_manage(request.user, community)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "community": community,
            "meeting": meeting,
            "attendees": meeting.attendees.select_related("teacher").order_by("title", "id"),
            "decisions": meeting.decisions.order_by("id"),
            "form": DecisionForm(),
            "can_manage": can_manage,
            "crumbs": _crumbs(
                community,
                ("会议与决议", reverse("governance:meeting_list", args=[pk])),
                (str(meeting), None),
            ),
            "nav_section": "governance",
        },
    )


@login_required
@require_POST
def decision_add(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    community = _community(request, pk)
    meeting = scoping.get_from_or_404(Meeting.objects.filter(community=community), pk=meeting_pk)
    access.require(permissions.can_manage(request.user, community))
    form = DecisionForm(request.POST)
    if form.is_valid():
        services.decision_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        messages.success(request, "决议已添加。")
        return redirect("governance:meeting_detail", pk=pk, meeting_pk=meeting.pk)
    messages.error(request, "决议内容：请填写决议内容。")
    return redirect("governance:meeting_detail", pk=pk, meeting_pk=meeting.pk)


# --- charters and plans ----------------------------------------------------------------------


@login_required
def document_list(request: HttpRequest, pk: int) -> HttpResponse:
    community = _community(request, pk)
    today = timezone.localdate()
    return render(
        request,
        "governance/document_list.html",
        {
            "community": community,
            "documents": selectors.documents_of(community),
            "phases": selectors.current_phases(community, today),
            "overdue": selectors.overdue_milestones(community, today),
            "can_manage": permissions.can_manage(request.user, community),
            "crumbs": _crumbs(community, ("章程与规划", None)),
            "nav_section": "governance",
        },
    )


@login_required
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    community = _community(request, pk)
    access.require(permissions.can_manage(request.user, community))
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_create(
                actor=request.user, community=community, kind=data["kind"], title=data["title"]
            )
            services.document_version_add(
                actor=request.user,
                document=document,
                dated=data["dated"],
                status=data["status"],
                approved_by=data["approved_by"],
                note=data["note"],
                upload=data["file"] or None,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "文件已登记。")
            return redirect("governance:document_detail", pk=pk, document_pk=document.pk)
    list_url = reverse("governance:document_list", args=[pk])
    return _form_page(
        request,
        community,
        "登记章程、规划或制度",
        form,
        _crumbs(community, ("章程与规划", list_url), ("登记文件", None)),
        cancel=list_url,
        multipart=True,
        status=400 if request.method == "POST" else 200,
    )


def _document_forms(request, community, document, data=None, files_=None, which=""):
    phases = document.phases.order_by("start_on", "id")
    schools = _community_schools(community)
    groups = WorkGroup.objects.filter(community=community).order_by("id")

    def bound(name):
        return (data, files_) if which == name else (None, None)

    return {
        "version": VersionForm(*bound("version"), prefix="version"),
        "phase": PhaseForm(*bound("phase")[:1], prefix="phase"),
        "milestone": MilestoneForm(
            *bound("milestone")[:1],
            prefix="milestone",
            phases=phases,
            schools=schools,
            groups=groups,
        ),
    }


def _save_document_form(request, document, which: str, form) -> None:
    data = form.cleaned_data
    actor = request.user
    if which == "version":
        services.document_version_add(
            actor=actor,
            document=document,
            dated=data["dated"],
            status=data["status"],
            approved_by=data["approved_by"],
            note=data["note"],
            upload=data["file"] or None,
        )
    elif which == "phase":
        services.plan_phase_add(actor=actor, document=document, **data)
    elif which == "milestone":
        services.milestone_add(actor=actor, document=document, **data)
    else:
        milestone = scoping.get_from_or_404(
            Milestone.objects.filter(document=document), pk=data["milestone"]
        )
        services.milestone_update(
            actor=actor,
            milestone=milestone,
            status=data["status"],
            evidence_note=data["evidence_note"],
            upload=data["evidence"] or None,
        )


@login_required
def document_detail(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    community = _community(request, pk)
    document = scoping.get_from_or_404(Document.objects.filter(community=community), pk=document_pk)
    can_manage = permissions.can_manage(request.user, community)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    forms_ = _document_forms(request, community, document, request.POST, request.FILES, which)
    progress = ProgressForm(request.POST, request.FILES) if which == "progress" else None
    if request.method == "POST":
        if which in forms_:
            access.require(can_manage)
            form = forms_[which]
        elif which == "progress":
            access.require(can_manage or access.is_school_leader(request.user))
            form = progress
        else:
            access.require(can_manage or access.is_school_leader(request.user))
            form = None
        if form is not None and form.is_valid():
            try:
                _save_document_form(request, document, which, form)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "已保存。")
                return redirect("governance:document_detail", pk=pk, document_pk=document.pk)
        if progress is not None and progress.errors:
            for texts in progress.errors.values():
                for text in texts:
                    messages.error(request, f"进度：{text}")
    today = timezone.localdate()
    milestones = list(
        document.milestones.select_related("phase", "school", "group").order_by("due_on", "id")
    )
    for milestone in milestones:
        milestone.overdue = milestone.is_overdue(today)
        milestone.can_update = can_manage or (
            milestone.school_id is not None
            and access.is_school_leader(request.user)
            and request.user.school_id == milestone.school_id
        )
    return render(
        request,
        "governance/document_detail.html",
        {
            "community": community,
            "document": document,
            "versions": document.versions.select_related("file").order_by("-number"),
            "phases": document.phases.order_by("start_on", "id"),
            "milestones": milestones,
            "today": today,
            "forms": forms_,
            "statuses": ProgressForm.base_fields["status"].choices,
            "can_manage": can_manage,
            "crumbs": _crumbs(
                community,
                ("章程与规划", reverse("governance:document_list", args=[pk])),
                (document.title, None),
            ),
            "nav_section": "governance",
        },
        status=400 if request.method == "POST" else 200,
    )


def _plan_item(request, pk: int, document_pk: int, model, item_pk: int):
    """A phase or milestone of a visible document, for its community's managers."""
    community = _community(request, pk)
    document = scoping.get_from_or_404(Document.objects.filter(community=community), pk=document_pk)
    item = scoping.get_from_or_404(model.objects.filter(document=document), pk=item_pk)
    access.require(permissions.can_manage(request.user, community))
    return community, document, item


def _plan_crumbs(community, document, label: str) -> list:
    return _crumbs(
        community,
        ("章程与规划", reverse("governance:document_list", args=[community.pk])),
        (document.title, reverse("governance:document_detail", args=[community.pk, document.pk])),
        (label, None),
    )


@login_required
def phase_edit(request: HttpRequest, pk: int, document_pk: int, phase_pk: int) -> HttpResponse:
    community, document, phase = _plan_item(request, pk, document_pk, PlanPhase, phase_pk)
    form = PhaseEditForm(
        request.POST or None,
        initial={"name": phase.name, "start_on": phase.start_on, "end_on": phase.end_on},
        versioned=phase,
    )
    back = reverse("governance:document_detail", args=[pk, document.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_phase_update(
                actor=request.user,
                phase=phase,
                name=data["name"],
                start_on=data["start_on"],
                end_on=data["end_on"],
                expected_version=form.expected_version,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "阶段已修改。")
            return redirect(back)
    return _form_page(
        request,
        community,
        f"修改阶段：{phase.name}",
        form,
        _plan_crumbs(community, document, "修改阶段"),
        cancel=back,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def milestone_edit(
    request: HttpRequest, pk: int, document_pk: int, milestone_pk: int
) -> HttpResponse:
    community, document, milestone = _plan_item(request, pk, document_pk, Milestone, milestone_pk)
    form = MilestoneEditForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "task": milestone.task,
            "phase": milestone.phase_id,
            "school": milestone.school_id,
            "group": milestone.group_id,
            "due_on": milestone.due_on,
            "status": milestone.status,
            "evidence_note": milestone.evidence_note,
            "evidence": files.attachment(milestone, "evidence"),
        },
        versioned=milestone,
        phases=document.phases.order_by("start_on", "id"),
        schools=_community_schools(community),
        groups=WorkGroup.objects.filter(community=community).order_by("id"),
    )
    back = reverse("governance:document_detail", args=[pk, document.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.milestone_change(
                actor=request.user,
                milestone=milestone,
                task=data["task"],
                phase=data["phase"],
                school=data["school"],
                group=data["group"],
                due_on=data["due_on"],
                status=data["status"],
                evidence_note=data["evidence_note"],
                upload=data["evidence"] or None,
                clear_evidence=data["evidence"] is False,
                expected_version=form.expected_version,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "任务已修改。")
            return redirect(back)
    return _form_page(
        request,
        community,
        "修改里程碑任务",
        form,
        _plan_crumbs(community, document, "修改任务"),
        cancel=back,
        multipart=True,
        status=400 if request.method == "POST" else 200,
    )


# --- the supervision list (督办清单) -----------------------------------------------------------


def _tasks(request):
    return scoping.visible(request.user, SupervisionTask)


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "governance/task_list.html",
        {
            "rows": selectors.supervision_rows(_tasks(request), today),
            "can_manage": access.is_bureau(request.user),
            "crumbs": [("治理", reverse("governance:index")), ("督办清单", None)],
            "nav_section": "governance",
        },
    )


@login_required
@require_GET
def task_export(request: HttpRequest) -> HttpResponse:
    rows = selectors.supervision_rows(_tasks(request), timezone.localdate())
    title = f"{request.user.district or ''}教共体建设重点工作督办清单"
    response = HttpResponse(supervision_workbook(rows, title), content_type=XLSX)
    response["Content-Disposition"] = attachment_header(f"{title}.xlsx", "supervision.xlsx")
    return response


@login_required
def task_add(request: HttpRequest) -> HttpResponse:
    access.require(access.is_bureau(request.user))
    form = SupervisionTaskForm(
        request.POST or None,
        schools=scoping.visible(request.user, School).top_level().order_by("sort_key", "id"),
        communities=communities_visible_to(request.user).order_by("sort_key", "id"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.supervision_task_create(
                actor=request.user,
                description=data["description"],
                lead_department=data["lead_department"],
                supervisor=data["supervisor"],
                deadline=data["deadline"],
                schools=list(data["schools"]),
                communities=list(data["communities"]),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "督办任务已登记。")
            return redirect("governance:task_detail", pk=task.pk)
    list_url = reverse("governance:task_list")
    return _form_page(
        request,
        None,
        "登记督办任务",
        form,
        [("治理", reverse("governance:index")), ("督办清单", list_url), ("登记任务", None)],
        cancel=list_url,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = scoping.get_from_or_404(_tasks(request), pk=pk)
    today = timezone.localdate()
    form = ProgressReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if request.POST.get("close") and access.is_bureau(request.user):
            services.supervision_task_close(actor=request.user, task=task)
            messages.success(request, "任务已标记为完成。")
            return redirect("governance:task_detail", pk=task.pk)
        access.require(not access.is_bureau(request.user))
        if form.is_valid():
            try:
                services.progress_report_add(
                    actor=request.user,
                    task=task,
                    text=form.cleaned_data["text"],
                    upload=form.cleaned_data["attachment"] or None,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "进展已报送。")
                return redirect("governance:task_detail", pk=task.pk)
    row = selectors.supervision_rows(SupervisionTask.objects.filter(pk=task.pk), today)[0]
    return render(
        request,
        "governance/task_detail.html",
        {
            "row": row,
            "task": task,
            "reports": task.reports.select_related("school", "community", "reported_by").order_by(
                "-reported_on", "-id"
            ),
            "form": form,
            "can_report": not access.is_bureau(request.user),
            "can_close": access.is_bureau(request.user),
            "crumbs": [
                ("治理", reverse("governance:index")),
                ("督办清单", reverse("governance:task_list")),
                (str(task), None),
            ],
            "nav_section": "governance",
        },
        status=400 if request.method == "POST" else 200,
    )
