"""The district scope of the Django admin, shared by every app's admin module.

Bureau administrators (role bureau_admin, is_staff) use the admin for their own district only:
every changelist, change page, history page, related-field choice and changelist filter goes
through the visibility rules of `core.scoping`; a row of another district answers as if it did
not exist, and a model with no rule shows no rows at all (fail closed). Platform operators
(superusers without a district) see everything. Admin rights come from the role
(`access.can_manage_users`), never from Django permission rows.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from core import scoping
from core.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from . import access
from .access import is_platform
from .models import User


def _district_model():
    """The model a bureau user's rows belong to (schools.District), read off its binding."""
    return User._meta.get_field("district").related_model


class DistrictScopedAdminMixin:
    """Scope querysets, choices and saves of a ModelAdmin (or inline) to the user's district."""

    def _scoped(self, model, request) -> QuerySet:
        return scoping.visible(request.user, model)

    # --- rights: the role decides, not permission rows -------------------------------------
    def has_module_permission(self, request) -> bool:
        return access.can_manage_users(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return access.can_manage_users(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return access.can_manage_users(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return access.can_manage_users(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return access.can_manage_users(request.user)

    # --- rows ---------------------------------------------------------------------------------
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_platform(request.user):
            return queryset
        visible = self._scoped(queryset.model, request)
        return queryset.filter(pk__in=visible.values("pk"))

    def save_model(self, request, obj, form, change):
        if not is_platform(request.user) and hasattr(obj, "district_id"):
            obj.district_id = request.user.district_id
        super().save_model(request, obj, form, change)

    # --- choices ------------------------------------------------------------------------------
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and not is_platform(request.user):
            kwargs["queryset"] = self._scoped(db_field.related_model, request)
        kwargs.setdefault("form_class", SafeModelChoiceField)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if (
            field is not None
            and db_field.related_model is _district_model()
            and not is_platform(request.user)
        ):
            # A bureau administrator's rows belong to its district; there is nothing to choose.
            field.required = True
            field.empty_label = None
            field.initial = request.user.district_id
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and not is_platform(request.user):
            kwargs["queryset"] = self._scoped(db_field.related_model, request)
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedPlainAdmin(DistrictScopedAdminMixin, admin.ModelAdmin):
    """A district-scoped admin for models without a history table."""


class ScopedModelAdmin(DistrictScopedAdminMixin, SimpleHistoryAdmin):
    """A district-scoped admin with simple-history's history pages, themselves scoped."""

    def _require_visible(self, request, object_id) -> None:
        # simple-history falls back to the latest historical record when the object is not in
        # get_queryset(), and its version view fetches by bare id: check the scope first.
        if is_platform(request.user):
            return
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404("未找到该记录。")

    def history_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class ScopedTabularInline(DistrictScopedAdminMixin, admin.TabularInline):
    extra = 0


scoped_related_filter = admin.RelatedOnlyFieldListFilter
"""Changelist filter for foreign keys: lists only related rows present in the scoped changelist
(the plain RelatedFieldListFilter would list every district's rows)."""
