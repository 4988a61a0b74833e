"""Admin for communities, memberships, positions and work groups, scoped to the district.

One write path, per model:
- Community: created through ``services.community_create`` (the add form asks for the core
  school and its start date, as the page does) and changed through
  ``services.community_update``; never deleted here (its memberships are its history).
- Membership: read-only, here and as the community's inline. Joining, leaving and replacing
  the core school are the community page's acts (``membership_add``, ``membership_end``,
  ``core_replace``), whose rules must run.
- Position: added and changed through ``services.position_save``; never deleted (a position
  is ended, on the page, and stays on record).
- WorkGroup: added and changed through ``services.workgroup_save`` and deleted through
  ``services.workgroup_delete``, as on the page.
"""

from django import forms
from django.contrib import admin

from accounts.scoped_admin import ScopedModelAdmin, ScopedTabularInline, scoped_related_filter
from core import scoping
from core.forms import SafeModelChoiceField
from schools.models import School

from . import selectors, services
from .models import Community, Membership, Position, WorkGroup


class MembershipInline(ScopedTabularInline):
    """The community's members and their history, read-only (see the module docstring)."""

    model = Membership
    fields = ["school", "role", "start_on", "end_on", "note"]
    autocomplete_fields = ["school"]


class CommunityAddForm(forms.ModelForm):
    """A community is born with its core school (``services.community_create``)."""

    core_school = SafeModelChoiceField(
        label="核心校", queryset=School.objects.none(), help_text="本教育局尚未加入教共体的学校。"
    )
    core_start_on = forms.DateField(label="核心校加入日期")
    core_school_choices = School.objects.none()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["core_school"].queryset = self.core_school_choices


@admin.register(Community)
class CommunityAdmin(ScopedModelAdmin):
    writes = True
    service_error_fields = {"school": "core_school", "start_on": "core_start_on"}
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
    search_fields = ["name", "^initials"]
    list_select_related = ["district"]
    inlines = [MembershipInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        offered = selectors.schools_without_community(
            scoping.visible(request.user, School).top_level()
        ).order_by("sort_key", "pk")
        add_form = type("CommunityAddForm", (CommunityAddForm,), {"core_school_choices": offered})
        return super().get_form(request, obj, change=change, **{**kwargs, "form": add_form})

    def save_model(self, request, obj, form, change):
        self.bind_district(request, obj)
        if change:
            self.through_service(
                lambda: services.community_update(community=obj, actor=request.user)
            )
            return
        self.through_service(
            lambda: services.community_create(
                community=obj,
                core_school=form.cleaned_data["core_school"],
                start_on=form.cleaned_data["core_start_on"],
                actor=request.user,
            )
        )


@admin.register(Membership)
class MembershipAdmin(ScopedModelAdmin):
    """Read-only (see the module docstring)."""

    list_display = ["community", "school", "role", "start_on", "end_on"]
    list_filter = ["role", ("community", scoped_related_filter)]
    search_fields = ["community__name", "school__name"]
    autocomplete_fields = ["community", "school"]
    list_select_related = ["community", "school"]


@admin.register(Position)
class PositionAdmin(ScopedModelAdmin):
    writes = True
    list_display = ["community", "title", "holder_name", "school", "start_on", "end_on"]
    list_filter = ["title", ("community", scoped_related_filter)]
    search_fields = ["community__name", "person_name", "teacher__name", "^teacher__initials"]
    autocomplete_fields = ["community", "teacher", "school"]
    list_select_related = ["community", "teacher", "school"]

    @admin.display(description="任职人")
    def holder_name(self, obj: Position) -> str:
        return obj.holder_name

    def save_model(self, request, obj, form, change):
        self.through_service(lambda: services.position_save(position=obj, actor=request.user))


@admin.register(WorkGroup)
class WorkGroupAdmin(ScopedModelAdmin):
    writes = True
    deletes = True
    list_display = ["name", "community", "leader"]
    list_filter = [("community", scoped_related_filter)]
    search_fields = ["name", "community__name", "^community__initials"]
    autocomplete_fields = ["community", "leader", "members"]
    list_select_related = ["community", "leader"]

    def save_model(self, request, obj, form, change):
        members = form.cleaned_data["members"]
        self.through_service(
            lambda: services.workgroup_save(group=obj, members=members, actor=request.user)
        )

    def save_related(self, request, form, formsets, change):
        """The members were saved by ``workgroup_save``; there are no inlines."""

    def delete_model(self, request, obj):
        services.workgroup_delete(group=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for group in queryset:
            services.workgroup_delete(group=group, actor=request.user)
