"""What an import found and did: counts, changes and problems (sheet row, column, message).

The same :class:`Report` comes out of every import kind, for the preview page, the job record
and the commands' output.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from .problems import Problem, count_problems, record_problem

Progress = Callable[[int, str], None]
MAX_CHANGES_KEPT = 200

CREATED, UPDATED, UNCHANGED = "新建", "更新", "未变"


@dataclass
class Change:
    row: int
    action: str
    label: str
    detail: str = ""


@dataclass
class Link:
    """A page the import concerns, offered on the job page (preview and result): e.g. the score
    import links back to the scheme its rows belong to. The engine only shows it."""

    label: str
    url: str


@dataclass
class Report:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, row: int | None, column: str, message: str) -> None:
        """Record a problem; echoed values are shortened and only the first 1,000 are kept."""
        record_problem(self.problems, Problem(row, column, message))

    def count(self, row: int, action: str, label: str, detail: str = "") -> None:
        if action == CREATED:
            self.created += 1
        elif action == UPDATED:
            self.updated += 1
        else:
            self.unchanged += 1
        if action != UNCHANGED and len(self.changes) < MAX_CHANGES_KEPT:
            self.changes.append(Change(row, action, label, detail))

    def link(self, label: str, url: str) -> None:
        """Offer a link to a page the imported rows belong to (once per url)."""
        if all(existing.url != url for existing in self.links):
            self.links.append(Link(label, url))

    def ignore_columns(self, headers: list[str]) -> None:
        """Columns of the file that no import column matched: named, never dropped silently."""
        if headers:
            self.ignored_columns = list(headers)
            self.notes.append(f"未识别的列：{'、'.join(headers)} 已忽略")

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "error_count": count_problems(self.problems),
            "problems": [asdict(p) for p in self.problems],
            "changes": [asdict(c) for c in self.changes],
            "notes": self.notes,
            "ignored_columns": self.ignored_columns,
            "links": [asdict(link) for link in self.links],
            "written": self.written,
        }


def no_progress(percent: int, message: str) -> None:
    pass
