"""The community page's governance section: the plan's current phase and overdue milestones,
this school year's funds and expenses, the latest meetings (a fixed number of queries)."""

from __future__ import annotations

from django.utils import timezone

from core.panels import Panel, panel
from core.school_year import SchoolYear

from . import selectors


@panel("communities.community_detail", order=40, deferred=True)
def governance_panel(request, community) -> Panel | None:
    # The page itself checked the community is visible; the rows are the community's own.
    year = SchoolYear.current()
    row = selectors.district_overview(type(community).objects.filter(pk=community.pk), year).first()
    meetings = list(selectors.meetings_of(community)[:3])
    today = timezone.localdate()
    return Panel(
        "governance/_community_panel.html",
        {
            "community": community,
            "row": row,
            "meetings": meetings,
            "school_year": year,
            "phases": selectors.current_phases(community, today),
            "overdue": selectors.overdue_milestones(community, today),
        },
    )
