"""Sections the exchanges app adds to the school and teacher pages (``core.panels``).

- School page: teachers serving here now (filed or serving exchanges whose dates cover today,
  the teacher keeps the home school: 身份不变), and the school's own teachers sent out.
- Teacher page: the whole exchange history, mentorships, 挂职 and 跟班听课, with the link to the
  printable record (职称评审).
- A school's growth archive (成长档案) for a school year: exchanges in and out, 挂职 sent and
  received, mentorships; and the school years that have them (the page's year chooser).
Each runs a fixed number of queries and shows only rows visible to the user.
"""

from __future__ import annotations

from django.utils import timezone

from accounts import access
from core.panels import Panel, panel
from core.school_year import SchoolYear
from schools.archive import PAGE as ARCHIVE_PAGE
from schools.archive import ArchiveYear, archive_years

from . import permissions, selectors


@panel("schools.school_detail", order=40)
def school_exchanges(request, school) -> Panel | None:
    # Who serves at a school is part of its teacher list: shown only to those who may read it.
    if not access.can_see_teachers_of(request.user, school):
        return None
    today = timezone.localdate()
    serving = selectors.serving_at(school, user=request.user, on=today)
    outgoing = selectors.outgoing_from(school, user=request.user)
    return Panel(
        "exchanges/panels/school_exchanges.html",
        {"serving": serving, "outgoing": outgoing, "today": today, "school": school},
    )


@panel("schools.teacher_detail", order=40)
def teacher_exchanges(request, teacher) -> Panel | None:
    record = selectors.teacher_record(teacher, user=request.user)
    return Panel("exchanges/panels/teacher_exchanges.html", {"teacher": teacher, **record})


@panel("communities.community_detail", order=40)
def community_exchanges(request, community) -> Panel | None:
    """This school year's exchanges of the community, by status, with links to the list, the
    备案 sheet and the mentorship page (a fixed number of queries)."""
    school_year = SchoolYear.current()
    by_status = selectors.community_exchange_counts(
        user=request.user, community=community, school_year=school_year
    )
    return Panel(
        "exchanges/panels/community_exchanges.html",
        {
            "community": community,
            "school_year": school_year,
            "by_status": by_status,
            "total": sum(n for _label, n in by_status),
            "can_file_sheet": permissions.can_file_sheet(request.user),
        },
    )


@panel(ARCHIVE_PAGE, order=30)
def archive_exchanges(request, archive: ArchiveYear) -> Panel | None:
    """The growth archive's exchanges in and out, principal posts and mentorships of the school
    year (six queries). Teachers' names: only for those who may read the school's teachers,
    as on the school page."""
    if not access.can_see_teachers_of(request.user, archive.school):
        return None
    found = selectors.school_archive_exchanges(
        archive.school, user=request.user, school_year=archive.school_year
    )
    return Panel("exchanges/panels/archive_exchanges.html", {"archive": archive, **found})


@archive_years
def exchange_years(user, school) -> set[int]:
    if not access.can_see_teachers_of(user, school):
        return set()
    return selectors.school_exchange_year_starts(school, user=user)
