"""Admin for districts, schools, teachers and teacher moves, scoped to the user's district."""

from django.contrib import admin
from import_export.admin import ImportExportMixin

from accounts.scoped_admin import (
    ScopedModelAdmin,
    ScopedPlainAdmin,
    is_platform,
    scoped_related_filter,
)
from spreadsheets.resources import DistrictImportExportMixin

from .models import District, School, Teacher, TeacherMove
from .sheets.resources import SchoolResource, TeacherResource


@admin.register(District)
class DistrictAdmin(ScopedModelAdmin):
    """A bureau administrator reads its own district; only the platform creates or edits one."""

    list_display = ["name", "code"]
    search_fields = ["name", "code"]

    def has_add_permission(self, request, obj=None) -> bool:
        return is_platform(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_platform(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_platform(request.user)


@admin.register(School)
class SchoolAdmin(DistrictImportExportMixin, ImportExportMixin, ScopedModelAdmin):
    resource_classes = [SchoolResource]
    list_display = ["name", "code", "stage", "locale", "township", "parent", "district"]
    list_filter = ["stage", "locale", "is_legal_entity", ("district", scoped_related_filter)]
    search_fields = ["name", "code", "township", "principal"]
    autocomplete_fields = ["parent"]
    list_select_related = ["district", "parent"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "district",
                    "name",
                    "code",
                    "stage",
                    "locale",
                    "township",
                    "parent",
                    "is_legal_entity",
                ]
            },
        ),
        ("联系与规模", {"fields": ["principal", "phone", "address", "students", "classes"]}),
    ]


@admin.register(Teacher)
class TeacherAdmin(DistrictImportExportMixin, ImportExportMixin, ScopedModelAdmin):
    resource_classes = [TeacherResource]
    list_display = [
        "name",
        "school",
        "gender",
        "subjects",
        "education",
        "title",
        "backbone_level",
        "position",
    ]
    list_filter = ["gender", "education", "title", "backbone_level", "position", "is_head_teacher"]
    search_fields = ["name", "staff_number", "subjects", "school__name"]
    autocomplete_fields = ["school"]
    list_select_related = ["school"]


@admin.register(TeacherMove)
class TeacherMoveAdmin(ScopedPlainAdmin):
    list_display = ["teacher", "from_school", "to_school", "moved_on", "recorded_by"]
    search_fields = ["teacher__name", "from_school__name", "to_school__name"]
    autocomplete_fields = ["teacher", "from_school", "to_school"]
    list_select_related = ["teacher", "from_school", "to_school", "recorded_by"]
    readonly_fields = ["recorded_by", "recorded_at"]
    date_hierarchy = "moved_on"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
