"""Sections the assessment adds to other apps' pages (``core.panels``): a school's published
result on its growth archive year, and the community's published results on its page."""

from __future__ import annotations

from core.panels import Panel, panel

from . import results
from .models import Scheme
from .visibility import community_results_visible


@panel("schools.growth_archive", order=80)
def archive_result(request, archive_year):
    """The school's published result of that school year (nothing before publishing)."""
    school = archive_year.school
    scheme = results.scheme_of(school.district, archive_year.school_year)
    if scheme is None or not results.is_published(scheme):
        return None
    result = results.school_result(school, archive_year.school_year)
    if result is None:
        return None
    return Panel("assessment/panels/archive_result.html", {"result": result, "scheme": scheme})


@panel("communities.community_detail", order=70)
def community_result(request, community):
    """The community's latest published results, for those who may read them."""
    scheme = (
        Scheme.objects.filter(district_id=community.district_id, publications__isnull=False)
        .order_by("-school_year")
        .first()
    )
    if scheme is None:
        return None
    if not community_results_visible(request.user, community, published=True):
        return None
    result = results.community_results(community, scheme.year)
    if result is None:
        return None
    return Panel("assessment/panels/community_result.html", {"result": result})
