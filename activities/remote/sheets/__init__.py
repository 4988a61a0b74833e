"""What remote lessons offer the spreadsheet engine: the session import (kind
``remote_sessions``, the timetable's 开课记录), its template, and the session export."""

from __future__ import annotations

from spreadsheets import registry
from spreadsheets.exports import ExportSpec
from spreadsheets.templates_xlsx import ImportTemplate

from ..selectors import session_export
from .sessions import SESSION_COLUMNS, SessionImporter

KIND = "remote_sessions"


def register() -> None:
    registry.register_export(ExportSpec(KIND, "远程课堂开课记录", SESSION_COLUMNS, session_export))
    registry.register_importer(SessionImporter())
    registry.register_template(ImportTemplate(KIND, "远程课堂开课记录导入模板", SESSION_COLUMNS))
