"""Readable audit trails from django-simple-history records.

Every write to rosters goes through a model with ``HistoricalRecords``; each record holds who,
when and the full row. A trail entry is one record compared with the previous record of the same
object: the fields that changed, shown with their labels and display values.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

ACTION_LABELS = {"+": "创建", "~": "修改", "-": "删除"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class TrailEntry:
    when: datetime.datetime
    who: str
    action: str
    subject: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _display(model_field: models.Field, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, value), f"#{value}")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):  # m2m values from simple-history
        return "、".join(names.get((model_field.related_model, v), f"#{v}") for v in value) or "—"
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{local:%Y-%m-%d %H:%M}"
    return str(value)


def _tracked_fields(record) -> list[models.Field]:
    model = record.instance_type
    tracked = {f.name for f in record.__class__.tracked_fields}
    return [
        f
        for f in model._meta.fields
        if f.name in tracked and f.name != "id" and not _system_data(f)
    ]


def _system_data(model_field: models.Field) -> bool:
    """Data the system writes and nobody types, kept as JSON (a publication's snapshot of every
    result): shown on its own page, never as a change in a trail (it is not readable there)."""
    return isinstance(model_field, models.JSONField) and not model_field.editable


def _related_names(records: list, fields_by_model: dict) -> dict:
    """Resolve every foreign-key value the trail mentions with one query per related model."""
    wanted: dict[type, set] = defaultdict(set)
    for record in records:
        for f in fields_by_model[record.instance_type]:
            if isinstance(f, models.ForeignKey):
                value = getattr(record, f.attname)
                if value is not None:
                    wanted[f.related_model].add(value)
    names = {}
    for model, ids in wanted.items():
        for obj in model._default_manager.filter(pk__in=ids):
            names[(model, obj.pk)] = str(obj)
    return names


_CONTEXT_FIELDS = {"district", "community"}


def _subject(record, fields: list[models.Field], names: dict) -> str:
    """A label for the record built from its own values — no query per record."""
    model = record.instance_type
    if hasattr(record, "name"):
        label = record.name
    else:
        parts = []
        for f in fields:
            if f.name in _CONTEXT_FIELDS:
                continue
            if isinstance(f, models.ForeignKey) or f.choices or f.name == "person_name":
                value = getattr(record, f.attname)
                if value not in (None, ""):
                    parts.append(_display(f, value, names))
        label = " · ".join(parts)
    return f"{model._meta.verbose_name}「{label}」"


def _entries(records: list, seeds: list | None = None) -> list[TrailEntry]:
    """Trail entries of ``records``, newest first. ``seeds`` are earlier records (not shown)
    that the oldest of ``records`` are compared with."""
    seeds = seeds or []
    fields_by_model = {}
    for record in [*seeds, *records]:
        if record.instance_type not in fields_by_model:
            fields_by_model[record.instance_type] = _tracked_fields(record)
    names = _related_names([*seeds, *records], fields_by_model)

    previous: dict[tuple, object] = {}
    for record in sorted(seeds, key=lambda r: (r.history_date, r.history_id)):
        previous[(record.instance_type, record.id)] = record
    entries = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        key = (record.instance_type, record.id)
        before = previous.get(key)
        changes = []
        for f in fields_by_model[record.instance_type]:
            new = getattr(record, f.attname)
            old = getattr(before, f.attname) if before is not None else None
            if record.history_type == "+" and new in (None, ""):
                continue
            if record.history_type == "-" or (before is not None and old == new):
                continue
            changes.append(
                Change(
                    str(f.verbose_name),
                    _display(f, old, names) if before else "—",
                    _display(f, new, names),
                )
            )
        previous[key] = record
        if record.history_type == "~" and not changes and not record.history_change_reason:
            continue
        user = record.history_user
        entries.append(
            TrailEntry(
                when=record.history_date,
                who=str(user) if user else "系统",
                action=ACTION_LABELS.get(record.history_type, record.history_type),
                subject=_subject(record, fields_by_model[record.instance_type], names),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    entries.reverse()
    return entries


def audit_trail(*history_querysets, limit: int | None = None) -> list[TrailEntry]:
    """Newest-first trail across several history querysets (e.g. a community and its rows):
    every record, for the full history page."""
    records = []
    for qs in history_querysets:
        records.extend(qs.select_related("history_user").order_by("history_date", "history_id"))
    entries = _entries(records)
    return entries if limit is None else entries[:limit]


@dataclass
class RecentTrail:
    entries: list[TrailEntry]
    # True when older entries exist than those shown.
    more: bool


def recent_trail(*history_querysets, count: int = 10) -> RecentTrail:
    """The newest ``count`` entries, reading only the newest records of each queryset and, for
    each object among them, the one record before them it is compared with: three queries per
    queryset plus one per related model named, whatever the length of the history."""
    window = count * 2  # room for updates that changed nothing shown (left out of the trail)
    records, seeds, more = [], [], False
    for qs in history_querysets:
        newest = list(
            qs.select_related("history_user").order_by("-history_date", "-history_id")[: window + 1]
        )
        if len(newest) > window:
            more = True
            newest = newest[:window]
        records.extend(newest)
        if not newest:
            continue
        oldest = newest[-1]
        history_model = qs.model
        before_window = Q(history_date__lt=oldest.history_date) | Q(
            history_date=oldest.history_date, history_id__lt=oldest.history_id
        )
        last_before = (
            history_model._default_manager.filter(before_window)
            .filter(id__in={r.id for r in newest})
            .order_by()
            .values("id")
            .annotate(last=Max("history_id"))
            .values("last")
        )
        seeds.extend(history_model._default_manager.filter(history_id__in=last_before))
    entries = _entries(records, seeds)
    return RecentTrail(entries=entries[:count], more=more or len(entries) > count)


# --- the full history page of an object ------------------------------------------------------

HistorySources = Callable[[Any], list]
_sources: dict[type, HistorySources] = {}


def history_sources(model: type) -> Callable[[HistorySources], HistorySources]:
    """Register the history querysets that make up ``model``'s trail (the object's own records
    and those of its rows), for its detail page and its full history page::

        @history_sources(Community)
        def community_history(community):
            return [Community.history.filter(id=community.pk), Membership.history.filter(...)]
    """

    def register(sources: HistorySources) -> HistorySources:
        _sources[model] = sources
        return sources

    return register


def sources_of(obj) -> list | None:
    sources = _sources.get(type(obj))
    return sources(obj) if sources is not None else None


def has_history_page(model: type) -> bool:
    return model in _sources


RECENT_ENTRIES = 10


def recent_history(obj, count: int = RECENT_ENTRIES) -> dict:
    """Context for ``includes/_history.html`` on a detail page: the newest entries, and the
    link to the full history page when there are more."""
    recent = recent_trail(*sources_of(obj), count=count)
    url = reverse("history", args=[obj._meta.label_lower, obj.pk]) if recent.more else None
    return {"trail": recent.entries, "history_url": url}
