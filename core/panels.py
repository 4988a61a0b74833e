"""Sections that higher apps add to pages owned by lower apps.

The school, teacher and community pages belong to ``schools`` and ``communities``; the apps
built over them (exchanges, activities, governance, assessment) add sections there without
those pages importing them. An app registers a panel at start-up (from a module its
``AppConfig.ready`` imports)::

    @panel("schools.school_detail", order=40)
    def serving_here(request, school):
        rows = ...                      # a fixed number of queries
        if not rows:
            return None                 # nothing to show: no section
        return Panel("exchanges/panels/serving_here.html", {"rows": rows})

The page renders its panels with ``{% page_panels "schools.school_detail" school %}``
(``core_tags``). Pages in use: ``schools.school_detail``, ``schools.teacher_detail``, ``schools.growth_archive``
(obj is a ``schools.archive.ArchiveYear``),
``communities.community_detail``. A panel checks its own access: it returns None when the
user may not see what it shows.

A heavy panel (many queries, e.g. every rule of the year evaluated) registers with
``deferred=True``: the page does not build it. ``{% page_panels page obj deferred_url %}`` puts
a placeholder linking to ``deferred_url`` instead — a view of the page's owner that checks the
object's visibility and renders ``panels_for(page, request, obj, deferred=True)`` (the whole
page without JavaScript; only the panels with ``?partial=1``, which ``static/js/app.js`` fetches
into the placeholder). The page stays fast; the figures follow a moment later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelFunction = Callable[[Any, Any], Panel | None]


@dataclass(frozen=True)
class _Registered:
    order: int
    name: str
    build: PanelFunction
    deferred: bool = False


_panels: dict[str, list[_Registered]] = {}


def panel(
    page: str, *, order: int = 50, deferred: bool = False
) -> Callable[[PanelFunction], PanelFunction]:
    """Register ``build(request, obj) -> Panel | None`` as a section of ``page`` (``deferred``:
    built only by the page's deferred-panels view, see the module docstring)."""

    def register(build: PanelFunction) -> PanelFunction:
        name = f"{build.__module__}.{build.__qualname__}"
        entries = _panels.setdefault(page, [])
        if not any(entry.name == name for entry in entries):
            entries.append(_Registered(order, name, build, deferred))
            entries.sort(key=lambda entry: (entry.order, entry.name))
        return build

    return register


def panels_for(page: str, request, obj, *, deferred: bool = False) -> list[Panel]:
    """The panels of ``page`` for this request and object, in order, leaving out empty ones:
    those built with the page, or (``deferred``) those built by its deferred-panels view."""
    entries = [entry for entry in _panels.get(page, []) if entry.deferred == deferred]
    built = (entry.build(request, obj) for entry in entries)
    return [one for one in built if one is not None]


def has_deferred(page: str) -> bool:
    return any(entry.deferred for entry in _panels.get(page, []))


def render_panels(
    page: str, request, obj, *, deferred: bool = False, **extra: Any
) -> list[SafeString]:
    """Each panel of ``page`` rendered with its template (``object`` is ``obj``; ``extra`` is
    added to every context, e.g. ``pdf=True`` when the panels go into a PDF)."""
    return [
        mark_safe(  # noqa: S308 - a rendered template, autoescaped
            render_to_string(one.template, {**one.context, "object": obj, **extra}, request=request)
        )
        for one in panels_for(page, request, obj, deferred=deferred)
    ]
