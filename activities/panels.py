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
