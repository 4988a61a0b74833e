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


_panels: dict[str, list[_Registered]] = {}


def panel(page: str, *, order: int = 50) -> Callable[[PanelFunction], PanelFunction]:
    """Register ``build(request, obj) -> Panel | None`` as a section of ``page``."""

    def register(build: PanelFunction) -> PanelFunction:
        name = f"{build.__module__}.{build.__qualname__}"
        entries = _panels.setdefault(page, [])
        if not any(entry.name == name for entry in entries):
            entries.append(_Registered(order, name, build))
            entries.sort(key=lambda entry: (entry.order, entry.name))
        return build

    return register


def panels_for(page: str, request, obj) -> list[Panel]:
    """The panels of ``page`` for this request and object, in order, leaving out empty ones."""
    built = (entry.build(request, obj) for entry in _panels.get(page, []))
    return [one for one in built if one is not None]


def render_panels(page: str, request, obj, **extra: Any) -> list[SafeString]:
    """Each panel of ``page`` rendered with its template (``object`` is ``obj``; ``extra`` is
    added to every context, e.g. ``pdf=True`` when the panels go into a PDF)."""
    return [
        mark_safe(  # noqa: S308 - a rendered template, autoescaped
            render_to_string(one.template, {**one.context, "object": obj, **extra}, request=request)
        )
        for one in panels_for(page, request, obj)
    ]
