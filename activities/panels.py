"""The community page's section: the latest activities and links to the list, the calendar and
the work schedule."""

from __future__ import annotations

from django.utils import timezone

from core.panels import Panel, panel
from core.school_year import SchoolYear

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
