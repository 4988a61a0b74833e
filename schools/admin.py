"""Admin for districts, schools, teachers and teacher moves, scoped to the user's district.

One write path, per model:
- District: the platform's to create and edit (no rules beyond the model's); a bureau
  administrator reads its own district only.
- School: added and changed through ``services.school_save``; never deleted here (a school
  carries memberships, teachers and history).
- Teacher: added and changed through ``services.teacher_save``; the school is read-only on a
  change, since moving a teacher is ``services.teacher_move`` (the teacher page's 调动); never
  deleted here (deleting a teacher would delete its moves).
- TeacherMove: read-only; a move is recorded only by ``services.teacher_move``.
The admin's import (django-import-export) saves each row through the same services.
"""

from django.contrib import admin
from import_export.admin import ImportExportMixin

from accounts.scoped_admin import (
    ScopedModelAdmin,
    ScopedPlainAdmin,
    is_platform,
    scoped_related_filter,
)
from spreadsheets.resources import DistrictImportExportMixin

from . import services
from .models import District, School, Teacher, TeacherMove
from .sheets.resources import SchoolResource, TeacherResource


class SchoolAdminResource(SchoolResource):
    """An admin import row is saved by the service, like the page's form."""

    def do_instance_save(self, instance, is_create):
        services.school_save(school=instance)


class TeacherAdminResource(TeacherResource):
    """An admin import row is saved by the service, like the page's form."""

    def do_instance_save(self, instance, is_create):
        services.teacher_save(teacher=instance)


class ScopedImportExportMixin(DistrictImportExportMixin, ImportExportMixin):
    """django-import-export in a district-scoped admin: rows of the user's district, and only
    for a user with admin rights (the library lets every staff user export by default)."""

    def has_export_permission(self, request) -> bool:
        return self.has_view_permission(request)


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
class SchoolAdmin(ScopedImportExportMixin, ScopedModelAdmin):
    writes = True
    resource_classes = [SchoolAdminResource]
    list_display = ["name", "code", "stage", "locale", "township", "parent", "district"]
    list_filter = ["stage", "locale", "is_legal_entity", ("district", scoped_related_filter)]
    # ^initials: pinyin initials (zxxx → 中心小学), also in the autocomplete of other admins.
    search_fields = ["name", "^initials", "code", "township", "principal"]
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
        (
            "联系与规模",
            {
                "fields": [
                    "principal",
                    "phone",
                    "address",
                    "students",
                    "primary_students",
                    "junior_students",
                    "senior_students",
                    "classes",
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        self.bind_district(request, obj)
        self.through_service(lambda: services.school_save(school=obj, actor=request.user))


@admin.register(Teacher)
class TeacherAdmin(ScopedImportExportMixin, ScopedModelAdmin):
    writes = True
    resource_classes = [TeacherAdminResource]
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
    search_fields = ["name", "^initials", "staff_number", "subjects", "school__name"]
    autocomplete_fields = ["school"]
    list_select_related = ["school"]

    def get_readonly_fields(self, request, obj=None):
        # Another school is a move (services.teacher_move, the teacher page's 调动).
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "school"] if obj is not None else readonly

    def save_model(self, request, obj, form, change):
        self.through_service(lambda: services.teacher_save(teacher=obj, actor=request.user))


@admin.register(TeacherMove)
class TeacherMoveAdmin(ScopedPlainAdmin):
    """Read-only: a move is recorded by services.teacher_move together with the new school."""

    list_display = ["teacher", "from_school", "to_school", "moved_on", "recorded_by"]
    search_fields = ["teacher__name", "from_school__name", "to_school__name"]
    autocomplete_fields = ["teacher", "from_school", "to_school"]
    list_select_related = ["teacher", "from_school", "to_school", "recorded_by"]
    date_hierarchy = "moved_on"
