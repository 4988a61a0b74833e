"""Writes to remote-lesson pairings and their sessions.

Every write goes through ``core.services.validated_save`` in a transaction with the acting
user (django-simple-history records who changed what). Role checks are the views'
(``activities.remote.permissions``); the services keep the invariants: the core and receiving
schools and the teachers belong to the pairing's district, a pairing receives in at least one
class, a session is dated inside its pairing's days and one a day per pairing (logging a day
again updates its record).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from core.services import validated_save
from core.text import clean_text

from .enums import SessionStatus
from .models import RemoteClass, RemotePairing, RemoteSession


def _check(pairing: RemotePairing, classes: list[dict], teachers: list) -> None:
    errors = {}
    if not classes:
        errors["classes"] = "请至少填写一个接收班级。"
    elif any(c["school"].district_id != pairing.district_id for c in classes):
        errors["classes"] = "接收学校须为本教育局的学校。"
    elif any(c["school"].pk == pairing.core_school_id for c in classes):
        errors["classes"] = "接收班级应为其他学校的班级，不能是主讲学校。"
    keys = [(c["school"].pk, c["grade"], c["class_name"]) for c in classes]
    if len(set(keys)) != len(keys):
        errors["classes"] = "接收班级有重复。"
    if any(t.school.district_id != pairing.district_id for t in teachers):
        errors["teachers"] = "授课教师须为本教育局的教师。"
    if errors:
        raise ValidationError(errors)


def _clean_classes(classes: Iterable[dict]) -> list[dict]:
    return [
        {
            "school": c["school"],
            "grade": clean_text(c.get("grade", "")),
            "class_name": clean_text(c.get("class_name", "")),
        }
        for c in classes
    ]


def pairing_save(
    *, pairing: RemotePairing, classes: Iterable[dict], teachers: Iterable = (), actor=None
) -> RemotePairing:
    """Create or update a pairing with its receiving classes (``{"school", "grade",
    "class_name"}``) and teachers. Classes no longer listed are removed; their sessions stay
    with the pairing."""
    classes, teachers = _clean_classes(classes), list(teachers)
    with transaction.atomic():
        if pairing.community_id:
            pairing.district_id = pairing.community.district_id
        creating = pairing.pk is None
        if creating:
            pairing.created_by = actor if getattr(actor, "is_authenticated", False) else None
        _check(pairing, classes, teachers)
        validated_save(pairing, actor=actor)
        existing = {(c.school_id, c.grade, c.class_name): c for c in pairing.classes.all()}
        wanted = set()
        for c in classes:
            key = (c["school"].pk, c["grade"], c["class_name"])
            wanted.add(key)
            if key not in existing:
                row = RemoteClass(pairing=pairing, **c)
                validated_save(row, actor=actor)
        for key, row in existing.items():
            if key not in wanted:
                if actor is not None and getattr(actor, "is_authenticated", False):
                    row._history_user = actor
                row.delete()
        pairing.teachers.set(teachers)
    return pairing


def session_log(
    *,
    pairing: RemotePairing,
    date: datetime.date,
    status: str,
    reason: str = "",
    note: str = "",
    actor=None,
) -> tuple[RemoteSession, bool]:
    """Record the session of ``date``: held, or not held with a reason. Logging a day that has
    a record updates it. Returns (session, created)."""
    reason = "" if status == SessionStatus.HELD else reason
    with transaction.atomic():
        session = (
            RemoteSession.objects.select_for_update().filter(pairing=pairing, date=date).first()
        )
        created = session is None
        if created:
            session = RemoteSession(pairing=pairing, date=date)
        session.status = status
        session.reason = reason or ""
        session.note = clean_text(note or "")
        session.logged_by = actor if getattr(actor, "is_authenticated", False) else None
        validated_save(session, actor=actor)
    return session, created


def session_delete(*, session: RemoteSession, actor=None) -> None:
    with transaction.atomic():
        if actor is not None and getattr(actor, "is_authenticated", False):
            session._history_user = actor
        session.delete()
