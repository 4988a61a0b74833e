"""Sections the activities app adds: the community page's latest activities (with links to the
list, the calendar and the work schedule), the school page's activities by school year, and the
activities of a school's growth archive (成长档案) for one school year."""

from __future__ import annotations

from django.utils import timezone

from core.panels import Panel, panel
from core.school_year import SchoolYear
from schools.archive import PAGE as ARCHIVE_PAGE
from schools.archive import ArchiveYear, archive_years

from . import selectors


@panel("communities.community_detail", order=40)
def activities_panel(request, community) -> Panel | None:
    # The page checked the community is visible; the rows are filtered by the user's own rule.
    recent = selectors.community_recent(community, user=request.user)
    return Panel(
        "activities/_community_panel.html",
        {
            "community": community,
            "recent": recent,
            "school_year": SchoolYear.of(timezone.localdate()),
        },
    )


@panel("schools.school_detail", order=40)
def school_activities_panel(request, school) -> Panel | None:
    """The school's joint activities by school year — hosted and joined — (the activities part
    of its growth archive, 成长档案), among the activities the user may see. Two queries."""
    rows = selectors.school_activity_years(school, user=request.user)
    if not rows:
        return None
    return Panel("activities/_school_panel.html", {"school": school, "rows": rows})


@panel(ARCHIVE_PAGE, order=20)
def archive_activities_panel(request, archive: ArchiveYear) -> Panel | None:
    """The growth archive's activities: hosted and joined in the school year, with counts and
    the list (two queries)."""
    found = selectors.school_archive_activities(
        archive.school, user=request.user, school_year=archive.school_year
    )
    return Panel("activities/_archive_panel.html", {"archive": archive, **found})


@archive_years
def activity_years(user, school) -> set[int]:
    return selectors.school_activity_year_starts(school, user=user)
