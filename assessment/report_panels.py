"""The year-end report's links on the community page (``core.panels``): the community's PDF of
the latest **published** assessment year, and for the bureau the district workbook and the batch
of every community's PDF. While a later year is being scored (activated, not published), those
who may read its draft (the bureau, the community's leader) also get the draft PDF of that year,
marked 未发布草稿; a school leader sees only the published year. One query (the district's
schemes, a handful, with whether each is published)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from accounts.access import can_manage_assessment
from core.panels import Panel, panel

from .enums import SchemeStatus
from .models import Publication, Scheme
from .visibility import community_results_visible


@panel("communities.community_detail", order=75)
def community_reports(request, community):
    schemes = list(
        Scheme.objects.filter(district_id=community.district_id)
        .annotate(published=Exists(Publication.objects.filter(scheme=OuterRef("pk"))))
        .order_by("-school_year")
    )
    scheme = next((s for s in schemes if s.published), None)
    draft = next(
        (
            s
            for s in schemes
            if s.status == SchemeStatus.ACTIVE
            and not s.published
            and (scheme is None or s.school_year > scheme.school_year)
        ),
        None,
    )
    if scheme is not None and not community_results_visible(
        request.user, community, published=True
    ):
        scheme = None
    if draft is not None and not community_results_visible(
        request.user, community, published=False
    ):
        draft = None
    if scheme is None and draft is None:
        return None
    return Panel(
        "assessment/_reports_panel.html",
        {
            "scheme": scheme,
            "draft": draft,
            "community": community,
            "can_manage_assessment": can_manage_assessment(request.user),
        },
    )
