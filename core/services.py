"""Write helpers shared by every app's services."""

from __future__ import annotations

from django.db import models


def validated_save(instance: models.Model, *, actor=None, reason: str = "") -> models.Model:
    """full_clean() then save(), with the acting user recorded in the history row.

    Callers wrap this in ``transaction.atomic`` when they write more than one row.
    """
    instance.full_clean()
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor
    if reason:
        instance._change_reason = reason
    instance.save()
    return instance
