"""The year-end report's links on the community page (``core.panels``): the community's PDF of
the latest assessment year, and for the bureau the district workbook and the batch of every
community's PDF. One query (the latest scheme, with whether it is published)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from accounts.access import can_manage_assessment
from core.panels import Panel, panel

from .models import Publication, Scheme
from .visibility import community_results_visible


@panel("communities.community_detail", order=75)
def community_reports(request, community):
    scheme = (
        Scheme.objects.filter(district_id=community.district_id)
        .annotate(published=Exists(Publication.objects.filter(scheme=OuterRef("pk"))))
        .order_by("-school_year")
        .first()
    )
    if scheme is None:
        return None
    if not community_results_visible(request.user, community, published=scheme.published):
        return None
    return Panel(
        "assessment/_reports_panel.html",
        {
            "scheme": scheme,
            "community": community,
            "can_manage_assessment": can_manage_assessment(request.user),
        },
    )
