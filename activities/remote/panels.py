"""The community page's section: this term's remote-lesson pairings with their held rates."""

from __future__ import annotations

from django.utils import timezone

from core.panels import Panel, panel
from core.school_year import semester_label, semester_of

from . import selectors


@panel("communities.community_detail", order=45)
def remote_panel(request, community) -> Panel | None:
    # The page checked the community is visible; the rows are filtered by the user's own rule.
    today = timezone.localdate()
    year, semester = semester_of(today)
    rows = selectors.community_term(
        community, user=request.user, school_year=year.start, semester=semester, today=today
    )
    return Panel(
        "activities/remote/_community_panel.html",
        {
            "community": community,
            "rows": rows,
            "term": semester_label(year.start, semester),
            "term_query": f"community={community.pk}&school_year={year.label}&semester={semester}",
        },
    )
