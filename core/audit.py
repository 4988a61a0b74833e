"""Readable audit trails from django-simple-history records.

Every write to rosters goes through a model with ``HistoricalRecords``; each record holds who,
when and the full row. A trail entry is one record compared with the previous record of the same
object: the fields that changed, shown with their labels and display values.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models

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
    return str(value)


def _tracked_fields(record) -> list[models.Field]:
    model = record.instance_type
    tracked = {f.name for f in record.__class__.tracked_fields}
    return [f for f in model._meta.fields if f.name in tracked and f.name != "id"]


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


def audit_trail(*history_querysets, limit: int = 200) -> list[TrailEntry]:
    """Newest-first trail across several history querysets (e.g. a community and its rows)."""
    records = []
    for qs in history_querysets:
        records.extend(qs.select_related("history_user").order_by("history_date", "history_id"))
    fields_by_model = {}
    for record in records:
        if record.instance_type not in fields_by_model:
            fields_by_model[record.instance_type] = _tracked_fields(record)
    names = _related_names(records, fields_by_model)

    previous: dict[tuple, object] = {}
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
    return entries[:limit]
