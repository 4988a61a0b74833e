"""Admin for governance rows: read-only, scoped to the district. The pages of the governance
app (and their services) are the one write path; the admin lists rows and their history."""

from django.contrib import admin

from accounts.scoped_admin import ScopedModelAdmin, scoped_related_filter

from .models import Decision, Document, DocumentVersion, Expense, FundReceipt, Meeting, Milestone


@admin.register(Meeting)
class MeetingAdmin(ScopedModelAdmin):
    list_display = ["held_on", "kind", "community", "place"]
    list_filter = ["kind", ("community", scoped_related_filter)]
    search_fields = ["community__name", "place", "agenda"]
    list_select_related = ["community"]


@admin.register(Decision)
class DecisionAdmin(ScopedModelAdmin):
    list_display = ["meeting", "major", "text"]
    list_filter = ["major"]
    search_fields = ["text"]
    list_select_related = ["meeting"]


@admin.register(FundReceipt)
class FundReceiptAdmin(ScopedModelAdmin):
    list_display = ["community", "school_year", "source", "amount", "received_on"]
    list_filter = ["school_year", "source", ("community", scoped_related_filter)]
    list_select_related = ["community"]


@admin.register(Expense)
class ExpenseAdmin(ScopedModelAdmin):
    list_display = ["title", "community", "school", "school_year", "amount", "status"]
    list_filter = ["school_year", "status", "category", ("community", scoped_related_filter)]
    search_fields = ["title"]
    list_select_related = ["community", "school"]


@admin.register(Document)
class DocumentAdmin(ScopedModelAdmin):
    list_display = ["title", "kind", "community"]
    list_filter = ["kind", ("community", scoped_related_filter)]
    list_select_related = ["community"]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ScopedModelAdmin):
    list_display = ["document", "number", "dated", "status"]
    list_filter = ["status"]
    list_select_related = ["document"]


@admin.register(Milestone)
class MilestoneAdmin(ScopedModelAdmin):
    list_display = ["task", "document", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["document"]
