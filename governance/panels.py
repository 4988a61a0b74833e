"""The community page's governance section: this school year's funds and expenses, the latest
meetings, links to the ledger and the meetings (a fixed number of queries)."""

from __future__ import annotations

from core.panels import Panel, panel
from core.school_year import SchoolYear

from . import selectors


@panel("communities.community_detail", order=40)
def governance_panel(request, community) -> Panel | None:
    # The page itself checked the community is visible; the rows are the community's own.
    year = SchoolYear.current()
    row = selectors.district_overview(type(community).objects.filter(pk=community.pk), year).first()
    meetings = list(selectors.meetings_of(community)[:3])
    return Panel(
        "governance/_community_panel.html",
        {"community": community, "row": row, "meetings": meetings, "school_year": year},
    )
