"""System check: every model a district-scoped admin shows has a visibility rule.

``core.scoping.visible`` returns no rows for a model without a rule, so such an admin would
be empty rather than leak; the check turns that silent emptiness into an error at start-up,
naming the model: the rule is missing, and the admin would be useless until it is written.
A model counts when it is registered in the admin, shown as an inline, or offered as a choice
by an admin's form (a foreign key or many-to-many field among the form's fields).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core import checks
from django.db import models

from core import scoping

from .scoped_admin import DistrictScopedAdminMixin


def _form_field_names(model_admin, model: type[models.Model]) -> set[str]:
    """The names of the fields an admin's forms can carry (a superset is fine)."""
    if getattr(model_admin, "fieldsets", None):
        names = set(flatten_fieldsets(model_admin.fieldsets))
        names |= set(flatten_fieldsets(getattr(model_admin, "add_fieldsets", None) or []))
    elif model_admin.fields:
        names = set(model_admin.fields)
    else:
        opts = model._meta
        names = {f.name for f in [*opts.concrete_fields, *opts.many_to_many] if f.editable}
    return names - set(model_admin.exclude or ()) - set(model_admin.readonly_fields or ())


def _choice_models(model_admin, model: type[models.Model]) -> list[tuple[str, type]]:
    found = []
    for name in sorted(_form_field_names(model_admin, model)):
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - a form-only field
            continue
        if field.is_relation and (field.many_to_one or field.one_to_one or field.many_to_many):
            found.append((name, field.related_model))
    return found


def _label(model: type[models.Model]) -> str:
    return model._meta.label


def check_admin_visibility_rules(site: admin.AdminSite | None = None) -> list[checks.Error]:
    site = site or admin.site
    errors: list[checks.Error] = []
    for model, model_admin in site._registry.items():
        if not isinstance(model_admin, DistrictScopedAdminMixin):
            continue  # the platform's alone (accounts.scoped_admin.ScopedAdminSite)
        shown = [(model, model_admin, _label(model))]
        shown += [
            (inline.model, inline, f"{_label(model)} inline") for inline in model_admin.inlines
        ]
        for shown_model, owner, where in shown:
            if not scoping.has_rule(shown_model):
                errors.append(
                    checks.Error(
                        f"{_label(shown_model)} is shown in the admin ({where}) but has no "
                        "visibility rule.",
                        hint="Register one with @core.scoping.visibility_rule in the app's "
                        "visibility.py.",
                        obj=type(owner),
                        id="accounts.E001",
                    )
                )
            for name, related in _choice_models(owner, shown_model):
                if not scoping.has_rule(related):
                    errors.append(
                        checks.Error(
                            f"{where}: the field '{name}' offers {_label(related)}, which has "
                            "no visibility rule.",
                            hint="Register a rule for the related model, or make the field "
                            "read-only in the admin.",
                            obj=type(owner),
                            id="accounts.E002",
                        )
                    )
    return errors


@checks.register(checks.Tags.admin)
def admin_visibility_rules(app_configs=None, **kwargs) -> list[checks.Error]:
    return check_admin_visibility_rules()
