"""Which existing teacher a (school, name, 工号) row designates — one rule for the spreadsheet
importer and the admin's Resource alike.

Names are compared by their normalised key (``core.text.name_key``: full/half width, spaces,
invisible characters), never as typed. Within one school:

- a row with a 工号 is the teacher with that 工号; failing that, a namesake recorded without
  a 工号 (a teacher entered before numbers were assigned);
- a row without a 工号 is any namesake.

More than one match is ambiguous: the caller asks for a 工号.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.text import name_key

from .models import Teacher


class TeacherIdentity:
    """An index of existing teachers answering :meth:`matches` without a query per row."""

    def __init__(self, teachers: Iterable[Teacher]):
        self.by_number: dict[tuple[int, str], Teacher] = {}
        self.by_name: dict[tuple[int, str], list[Teacher]] = {}
        for teacher in teachers:
            if teacher.staff_number:
                self.by_number[(teacher.school_id, teacher.staff_number)] = teacher
            self.by_name.setdefault((teacher.school_id, name_key(teacher.name)), []).append(teacher)

    def matches(self, *, school_id: int, name: str, staff_number: str) -> list[Teacher]:
        if staff_number:
            found = self.by_number.get((school_id, staff_number))
            if found is not None:
                return [found]
        return [
            teacher
            for teacher in self.by_name.get((school_id, name_key(name)), [])
            if not staff_number or not teacher.staff_number
        ]


def row_identity(*, school_id: int, name: str, staff_number: str) -> tuple[int, str]:
    """The key under which two rows of one file are the same teacher."""
    return (school_id, "#" + staff_number) if staff_number else (school_id, name_key(name))
