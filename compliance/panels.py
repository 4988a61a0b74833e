"""The community page's section: this school year's rules, met or short, with a link on."""

from __future__ import annotations

from django.utils import timezone

from core.panels import Panel, panel
from core.school_year import semester_of

from . import selectors


@panel("communities.community_detail", order=30, deferred=True)
def rules_panel(request, community) -> Panel | None:
    # The page itself checked the community is visible; the figures are the community's own.
    year, semester = semester_of(timezone.localdate())
    results = selectors.evaluate([community], year, semester)[community.pk]
    counted = [r for r in results if r.figure is not None]
    if not counted:
        return None
    return Panel(
        "compliance/_community_panel.html",
        {
            "community": community,
            "results": counted,
            "met": sum(1 for r in counted if r.figure.met),
            "school_year": year,
            "semester": semester,
        },
    )
