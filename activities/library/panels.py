"""The community page's section 资源共享: per school of the community, this school year's
shared resources, downloads of them by other schools, downloads it made, and its
办学资源共享度 (the measure ``activities.resource_sharing``).

A deferred panel (loaded after the page, ``core.panels``): an education group's table runs to
160 schools with their teaching points, which took a quarter of the page's time."""

from __future__ import annotations

from django.utils import timezone

from communities.visibility import community_school_ids
from core.panels import Panel, panel
from core.school_year import SchoolYear
from schools.models import School

from . import selectors


@panel("communities.community_detail", order=45, deferred=True)
def library_panel(request, community) -> Panel | None:
    # The page checked the community is visible; the figures are counts of its own schools.
    year = SchoolYear.of(timezone.localdate())
    schools = list(
        School.objects.filter(pk__in=community_school_ids(community))
        .order_by("sort_key", "pk")
        .only("pk", "name")
    )
    figures = selectors.sharing_by_school([s.pk for s in schools], year.start)
    rows = [(school, figures.get(school.pk)) for school in schools]
    return Panel(
        "activities/library/_community_panel.html",
        {
            "community": community,
            "school_year": year,
            "rows": rows,
            "total_shared": sum(f.shared for f in figures.values()),
            "total_downloads": sum(f.downloaded_by_others for f in figures.values()),
        },
    )
