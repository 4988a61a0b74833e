"""The growth archive (成长档案) of a school for one school year: what the panels receive.

The archive page belongs to ``schools``; what fills it (activities hosted and joined, exchanges
in and out, mentorships, assessment results) belongs to apps above, which add sections with
``@core.panels.panel("schools.growth_archive")``. Such a panel is called as
``build(request, ArchiveYear(school, school_year))`` and returns a ``Panel`` or None, the same
panel serving the page and the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.school_year import SchoolYear

from .models import School


@dataclass(frozen=True)
class ArchiveYear:
    school: School
    school_year: SchoolYear
