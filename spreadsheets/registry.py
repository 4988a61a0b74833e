"""What the domain apps offer the spreadsheet engine: import kinds, exports, templates.

The engine knows no domain model. Each app declares its own columns and importers (e.g.
``schools/sheets``) and registers them here from its ``AppConfig.ready``; the engine's views,
jobs and commands look them up by key. A key is part of the URLs (``/data/imports/<key>/…``,
``/data/exports/<key>/``, ``/data/templates/<key>/``), so it never changes once published.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from .columns import ColumnSet
from .exports import ExportSpec
from .reader import Sheet
from .report import Progress, Report
from .templates_xlsx import ImportTemplate


class Importer:
    """One import kind. ``run`` plans every row into ``report`` (created / updated / unchanged
    and every problem) and, when ``write`` is true and the report has no problem, writes the
    plan; the engine wraps it in one transaction and rolls back on any problem."""

    key: str
    label: str
    columns: ColumnSet

    def run(
        self, sheet: Sheet, *, report: Report, district, actor, progress: Progress, write: bool
    ) -> None:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass(frozen=True)
class Document:
    """A download that is not a list export (the county's roster): ``build`` scopes the rows
    for the request's user, writes the file to ``target`` and returns (filename, ascii name)."""

    key: str
    build: Callable[[Any, IO[bytes]], tuple[str, str]]


_importers: dict[str, Importer] = {}
_exports: dict[str, ExportSpec] = {}
_templates: dict[str, ImportTemplate] = {}
_documents: dict[str, Document] = {}


def register_importer(importer: Importer) -> None:
    _importers[importer.key] = importer


def register_export(spec: ExportSpec) -> None:
    _exports[spec.name] = spec


def register_template(template: ImportTemplate) -> None:
    _templates[template.kind] = template


def register_document(document: Document) -> None:
    _documents[document.key] = document


def importer(key: str) -> Importer | None:
    return _importers.get(key)


def importers() -> list[Importer]:
    """Every import kind, in registration (INSTALLED_APPS) order."""
    return list(_importers.values())


def export(name: str) -> ExportSpec | None:
    return _exports.get(name)


def template(kind: str) -> ImportTemplate | None:
    return _templates.get(kind)


def document(key: str) -> Document | None:
    return _documents.get(key)
