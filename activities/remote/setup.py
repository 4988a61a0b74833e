"""Registers remote lessons with the shared seams; called from ``ActivitiesConfig.ready``."""

from __future__ import annotations

from . import admin, measures, panels, rules, sheets, visibility  # noqa: F401 - they register


def register() -> None:
    sheets.register()
