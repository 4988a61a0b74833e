"""Admin for governance rows: read-only, scoped to the district. The pages of the governance
app (and their services) are the one write path; the admin lists rows and their history."""

from django.contrib import admin

from accounts.scoped_admin import (
    ScopedModelAdmin,
    ScopedPlainAdmin,
    ScopedTabularInline,
    scoped_related_filter,
)

from .models import (
    Decision,
    Document,
    DocumentVersion,
    Expense,
    ExpenseStep,
    FundReceipt,
    Meeting,
    Milestone,
    PlanPhase,
    ProgressReport,
    SupervisionTask,
)


@admin.register(Meeting)
class MeetingAdmin(ScopedModelAdmin):
    list_display = ["held_on", "kind", "community", "place"]
    list_filter = ["kind", ("community", scoped_related_filter)]
    search_fields = ["community__name", "^community__initials", "place", "agenda"]
    autocomplete_fields = ["community", "attendees"]
    list_select_related = ["community"]


@admin.register(Decision)
class DecisionAdmin(ScopedModelAdmin):
    list_display = ["meeting", "major", "text"]
    list_filter = ["major"]
    search_fields = ["text"]
    list_select_related = ["meeting"]
    autocomplete_fields = ["meeting"]


@admin.register(FundReceipt)
class FundReceiptAdmin(ScopedModelAdmin):
    list_display = ["community", "school_year", "source", "amount", "received_on"]
    list_filter = ["school_year", "source", ("community", scoped_related_filter)]
    autocomplete_fields = ["community"]
    list_select_related = ["community"]


class ExpenseStepInline(ScopedTabularInline):
    model = ExpenseStep
    fields = ["at", "action", "user", "comment"]
    readonly_fields = fields


@admin.register(Expense)
class ExpenseAdmin(ScopedModelAdmin):
    list_display = ["title", "community", "school", "school_year", "amount", "status"]
    list_filter = ["school_year", "status", "category", ("community", scoped_related_filter)]
    search_fields = ["title"]
    autocomplete_fields = ["community", "school", "decision"]
    list_select_related = ["community", "school"]
    inlines = [ExpenseStepInline]


@admin.register(ExpenseStep)
class ExpenseStepAdmin(ScopedPlainAdmin):
    """Every step of every request (no history table: a step is never changed)."""

    list_display = ["at", "expense", "action", "user", "comment"]
    list_filter = ["action"]
    search_fields = ["expense__title", "comment"]
    autocomplete_fields = ["expense"]
    list_select_related = ["expense", "user"]


@admin.register(Document)
class DocumentAdmin(ScopedModelAdmin):
    list_display = ["title", "kind", "community"]
    list_filter = ["kind", ("community", scoped_related_filter)]
    search_fields = ["title", "community__name", "^community__initials"]
    autocomplete_fields = ["community"]
    list_select_related = ["community"]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ScopedModelAdmin):
    list_display = ["document", "number", "dated", "status"]
    list_filter = ["status"]
    autocomplete_fields = ["document"]
    list_select_related = ["document"]


@admin.register(PlanPhase)
class PlanPhaseAdmin(ScopedModelAdmin):
    list_display = ["name", "document", "start_on", "end_on"]
    search_fields = ["name", "document__title"]
    autocomplete_fields = ["document"]
    list_select_related = ["document"]


@admin.register(Milestone)
class MilestoneAdmin(ScopedModelAdmin):
    list_display = ["task", "document", "phase", "school", "group", "due_on", "status"]
    list_filter = ["status"]
    search_fields = ["task"]
    list_select_related = ["document", "phase", "school", "group"]
    autocomplete_fields = ["document", "phase", "school", "group"]


class ProgressReportInline(ScopedTabularInline):
    model = ProgressReport
    fields = ["reported_on", "school", "community", "text", "attachment", "reported_by"]
    readonly_fields = fields


@admin.register(SupervisionTask)
class SupervisionTaskAdmin(ScopedModelAdmin):
    list_display = ["description", "lead_department", "supervisor", "deadline", "status"]
    list_filter = ["status"]
    search_fields = ["description", "lead_department", "supervisor"]
    autocomplete_fields = ["schools", "communities"]
    inlines = [ProgressReportInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(ScopedModelAdmin):
    list_display = ["task", "reported_on", "school", "community", "reported_by"]
    search_fields = ["text"]
    autocomplete_fields = ["task", "school", "community"]
    list_select_related = ["task", "school", "community", "reported_by"]
