"""Admin for communities, memberships, positions and work groups, scoped to the district."""

from django.contrib import admin

from accounts.scoped_admin import ScopedModelAdmin, ScopedTabularInline, scoped_related_filter

from .models import Community, Membership, Position, WorkGroup


class MembershipInline(ScopedTabularInline):
    model = Membership
    fields = ["school", "role", "start_on", "end_on", "note"]
    autocomplete_fields = ["school"]


@admin.register(Community)
class CommunityAdmin(ScopedModelAdmin):
    list_display = [
        "name",
        "kind",
        "closeness",
        "model",
        "stage",
        "founded_on",
        "dissolved_on",
        "district",
    ]
    list_filter = ["kind", "closeness", "model", "stage", ("district", scoped_related_filter)]
    search_fields = ["name"]
    list_select_related = ["district"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ScopedModelAdmin):
    list_display = ["community", "school", "role", "start_on", "end_on"]
    list_filter = ["role", ("community", scoped_related_filter)]
    search_fields = ["community__name", "school__name"]
    autocomplete_fields = ["community", "school"]
    list_select_related = ["community", "school"]


@admin.register(Position)
class PositionAdmin(ScopedModelAdmin):
    list_display = ["community", "title", "holder_name", "school", "start_on", "end_on"]
    list_filter = ["title", ("community", scoped_related_filter)]
    search_fields = ["community__name", "person_name", "teacher__name"]
    autocomplete_fields = ["community", "teacher", "school"]
    list_select_related = ["community", "teacher", "school"]

    @admin.display(description="任职人")
    def holder_name(self, obj: Position) -> str:
        return obj.holder_name


@admin.register(WorkGroup)
class WorkGroupAdmin(ScopedModelAdmin):
    list_display = ["name", "community", "leader"]
    list_filter = [("community", scoped_related_filter)]
    search_fields = ["name", "community__name"]
    autocomplete_fields = ["community", "leader", "members"]
    list_select_related = ["community", "leader"]
