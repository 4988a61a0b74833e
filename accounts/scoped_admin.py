"""The district scope of the Django admin, shared by every app's admin module.

Bureau administrators (role bureau_admin, is_staff) use the admin for their own district only:
every changelist, change page, history page, related-field choice and changelist filter goes
through the visibility rules of `core.scoping`; a row of another district answers as if it did
not exist, and a model with no rule shows no rows at all (fail closed). Platform operators
(superusers without a district) see everything; a superuser *with* a district is scoped like
its role. Admin rights come from the role (`access.can_manage_users`), never from Django
permission rows.

One write path: a ModelAdmin writes nothing by default. An admin that may add or change rows
says so (``writes = True``) and saves through its app's service in ``save_model`` /
``save_related``, wrapping the call in :meth:`ServiceWriteMixin.through_service` so that a
refusal is shown on the form like any other validation error; an admin that may delete says so
(``deletes = True``) and deletes through its service. Everything else is read-only: a posted
add, change or delete is refused (403). The history pages only show past versions: reverting
through them is refused (``SIMPLE_HISTORY_REVERT_DISABLED`` only hides the button).

The default admin site is :class:`ScopedAdminSite`: a ModelAdmin registered without the
district scope (a library's own: django-axes' login records, django-tasks' results) is the
platform's alone, even for a superuser bound to a district. The system check in
``accounts.checks`` errors when a district-scoped admin shows a model without a visibility rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from core import scoping
from core.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from . import access
from .access import is_platform, needs_second_factor
from .models import User


def _district_model():
    """The model a bureau user's rows belong to (schools.District), read off its binding."""
    return User._meta.get_field("district").related_model


class DistrictScopedAdminMixin:
    """Scope querysets, choices and saves of a ModelAdmin (or inline) to the user's district."""

    writes = False
    """Adds and changes go through the app's services (see the module docstring)."""
    deletes = False
    """Deletes go through the app's services; history-bearing rows are never deleted here."""

    def _scoped(self, model, request) -> QuerySet:
        return scoping.visible(request.user, model)

    # --- rights: the role decides, not permission rows -------------------------------------
    def has_module_permission(self, request) -> bool:
        return access.can_manage_users(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return access.can_manage_users(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return self.writes and access.can_manage_users(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.writes and access.can_manage_users(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.deletes and access.can_manage_users(request.user)

    # --- rows ---------------------------------------------------------------------------------
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_platform(request.user):
            return queryset
        visible = self._scoped(queryset.model, request)
        return queryset.filter(pk__in=visible.values("pk"))

    def bind_district(self, request, obj) -> None:
        """A bureau administrator's new or changed row belongs to its own district."""
        if not is_platform(request.user) and hasattr(obj, "district_id"):
            obj.district_id = request.user.district_id

    def save_model(self, request, obj, form, change):
        self.bind_district(request, obj)
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


class ServiceRefused(Exception):
    """A service refused an admin write; carries its ValidationError back to the form."""

    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


class _ServiceErrorsFormMixin:
    """Puts a service's refusal, kept from the first attempt, on the re-rendered form."""

    service_error: ValidationError | None = None
    service_error_fields: dict[str, str] = {}

    def clean(self):
        cleaned = super().clean()
        error = self.service_error
        if error is None:
            return cleaned
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return cleaned
        for field, messages in error.message_dict.items():
            field = self.service_error_fields.get(field, field)
            self.add_error(field if field in self.fields else None, messages)
        return cleaned


class ServiceWriteMixin:
    """Admin saves that call a service: a refusal becomes form errors, never a 500.

    ``save_model`` runs inside the admin's transaction; :meth:`through_service` turns the
    service's ValidationError into :class:`ServiceRefused`, which rolls that transaction back.
    ``changeform_view`` then renders the same POST again with the refusal attached to the form
    (``service_error_fields`` renames a service's field to the form's).
    """

    service_error_fields: dict[str, str] = {}

    def through_service(self, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except ValidationError as error:
            raise ServiceRefused(error) from error

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused as refused:
            request.admin_service_error = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        error = getattr(request, "admin_service_error", None)
        if error is None:
            return form
        attrs = {"service_error": error, "service_error_fields": self.service_error_fields}
        return type(form.__name__, (_ServiceErrorsFormMixin, form), attrs)


class ScopedPlainAdmin(ServiceWriteMixin, DistrictScopedAdminMixin, admin.ModelAdmin):
    """A district-scoped admin for models without a history table."""


class ScopedModelAdmin(ServiceWriteMixin, DistrictScopedAdminMixin, SimpleHistoryAdmin):
    """A district-scoped admin with simple-history's history pages, themselves scoped and
    read-only."""

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
        if request.method not in ("GET", "HEAD"):
            # A revert would save the old version directly, past the services and past the
            # read-only rights; the button is hidden by SIMPLE_HISTORY_REVERT_DISABLED, and
            # the view refuses the POST too.
            raise PermissionDenied("历史版本只能查看，不能恢复。")
        return super().history_form_view(request, object_id, version_id, extra_context)


class ScopedTabularInline(DistrictScopedAdminMixin, admin.TabularInline):
    """A district-scoped inline; read-only unless it says ``writes``/``deletes`` (and its
    parent admin's ``save_formset`` saves it through a service)."""

    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        visible = self._scoped(self.model, request)

        class ScopedFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                # The hidden primary-key field would otherwise accept any district's row id.
                pk_field = form.fields.get(self.model._meta.pk.name)
                if pk_field is not None and hasattr(pk_field, "queryset"):
                    pk_field.queryset = pk_field.queryset.filter(pk__in=visible.values("pk"))

        ScopedFormSet.__name__ = formset.__name__
        return ScopedFormSet


class PlatformOnlyAdminMixin:
    """For ModelAdmins without a district scope: only the platform sees or touches them."""

    def has_module_permission(self, request) -> bool:
        return is_platform(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_platform(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args) -> bool:
        return is_platform(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_platform(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_platform(request.user) and super().has_delete_permission(request, obj)


class ScopedAdminSite(admin.AdminSite):
    """The project's admin site (``accounts.admin_config``): every ModelAdmin registered on it
    is either district-scoped or the platform's alone. Fail closed: a library's admin (whose
    rights come from permission rows, which a superuser has all of) shows no district user
    anything."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, DistrictScopedAdminMixin):
            admin_class = type(
                f"PlatformOnly{admin_class.__name__}", (PlatformOnlyAdminMixin, admin_class), {}
            )
        super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request) -> bool:
        """With ``REQUIRE_2FA`` on, a user who needs a second factor must have passed it."""
        if not super().has_permission(request):
            return False
        user = request.user
        if settings.REQUIRE_2FA and needs_second_factor(user):
            return bool(getattr(user, "is_verified", lambda: False)())
        return True


scoped_related_filter = admin.RelatedOnlyFieldListFilter
"""Changelist filter for foreign keys: lists only related rows present in the scoped changelist
(the plain RelatedFieldListFilter would list every district's rows)."""
