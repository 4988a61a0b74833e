"""The growth archive (成长档案) of a school for one school year: what the panels receive.

The archive page belongs to ``schools``; what fills it (activities hosted and joined, exchanges
in and out, mentorships, assessment results) belongs to apps above, which add sections with
``@core.panels.panel("schools.growth_archive")``. Such a panel is called as
``build(request, ArchiveYear(school, school_year))`` and returns a ``Panel`` or None, the same
panel serving the page and the PDF: its template is rendered on the page, and again inside the
PDF (``schools/pdf/growth_archive.html``) with ``pdf`` true in its context — so a panel
template leaves out links and buttons when ``pdf`` is set, and uses only plain tables,
headings and paragraphs (``static/css/pdf.css`` styles ``.panel``, ``.table``, ``.num``).

The year chooser lists the school years with records: an app that fills the archive also
registers, with ``@archive_years``, ``years(user, school) -> iterable of start years`` (one or
two queries, rows the user may see). The current school year is always offered, and chosen
when the URL names none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from core.school_year import SchoolYear

from .models import School

PAGE = "schools.growth_archive"


@dataclass(frozen=True)
class ArchiveYear:
    school: School
    school_year: SchoolYear


YearSource = Callable[[Any, School], Iterable[int]]
_year_sources: dict[str, YearSource] = {}


def archive_years(source: YearSource) -> YearSource:
    """Register ``source(user, school)``: the start years of the school years with records."""
    _year_sources[f"{source.__module__}.{source.__qualname__}"] = source
    return source


def years_on_record(user, school: School) -> list[SchoolYear]:
    """The school years the chooser offers, newest first: those with records and the current."""
    years = {SchoolYear.current().start}
    for source in _year_sources.values():
        years.update(source(user, school))
    return [SchoolYear(year) for year in sorted(years, reverse=True)]
