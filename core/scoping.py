"""Which rows a user may see: one visibility rule per model, registered by the app that can
compute it.

A rule is a function ``rule(user) -> QuerySet`` of the rows the user may see. It lives in the
lowest app that holds every model it reads (the schools a community leader sees depend on
memberships, so that rule lives in ``communities``) and registers itself with
``@visibility_rule(Model)`` from its module, imported by the app's ``AppConfig.ready``.

Everything else — views, exports, PDFs, commands, the admin, the files module — asks
:func:`visible` here, so a lower app (``schools``) reaches the rule of a higher one without
importing it. A model with no rule shows nothing: scoping fails closed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.db.models import QuerySet
from django.http import Http404

Rule = Callable[[object], QuerySet]

_rules: dict[type[models.Model], Rule] = {}


def visibility_rule(model: type[models.Model]) -> Callable[[Rule], Rule]:
    """Register ``rule`` as the one visibility rule of ``model``."""

    def register(rule: Rule) -> Rule:
        current = _rules.get(model)
        if current is not None and current is not rule:
            raise ValueError(f"{model.__name__} already has a visibility rule: {current!r}")
        _rules[model] = rule
        return rule

    return register


def has_rule(model: type[models.Model]) -> bool:
    return model in _rules


def visible(user, model: type[models.Model]) -> QuerySet:
    """The rows of ``model`` that ``user`` may see; none when the model has no rule."""
    rule = _rules.get(model)
    if rule is None:
        return model._default_manager.none()
    return rule(user)


class ScopedNotFound(Http404):
    """The 404 of a row fetched through a visibility rule: out of scope or missing.

    Carries the model and lookup so the access log (``accounts.middleware``) can record the
    refusal; everything else treats it as a plain 404.
    """

    def __init__(self, message: str, *, model: type[models.Model], lookup: dict) -> None:
        super().__init__(message)
        self.model = model
        self.lookup = lookup


def get_visible_or_404(user, model: type[models.Model], **lookup) -> models.Model:
    """Fetch one row through the user's visible rows, never by bare id."""
    return get_from_or_404(visible(user, model), **lookup)


def get_from_or_404(queryset: QuerySet, **lookup) -> models.Model:
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise ScopedNotFound("未找到该记录。", model=queryset.model, lookup=lookup) from exc


def registered_models() -> list[type[models.Model]]:
    return list(_rules)
