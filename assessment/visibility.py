"""Who sees assessment rows and results (``core.scoping``).

- Schemes, their dimensions and indicators: every user of the district (the scheme is the
  published yardstick).
- Scores and their corrections: the bureau, the whole district; a community leader, the schools
  of its community; a school leader, only its own school (and its teaching points).
- Publications (their snapshots hold the whole district) and report codes: the bureau; a
  community's codes also its leader and its schools' leaders.
- Results pages (``community_results_visible``, ``school_results_visible``): a community's
  results to the bureau and its leader at any time, to its schools' leaders once published; a
  school's results to the bureau, its community's leader and its own leader. Anything else 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.access import is_bureau, is_community_leader, is_platform, is_school_leader
from communities.visibility import communities_visible_to, schools_visible_to
from core.scoping import visibility_rule

from .models import Correction, Dimension, Indicator, Publication, ReportCode, Scheme, Score


@visibility_rule(Scheme)
def schemes_visible_to(user) -> QuerySet[Scheme]:
    if not user.is_authenticated:
        return Scheme.objects.none()
    if is_platform(user):
        return Scheme.objects.all()
    if user.district_id is None:
        return Scheme.objects.none()
    return Scheme.objects.filter(district_id=user.district_id)


@visibility_rule(Dimension)
def dimensions_visible_to(user) -> QuerySet[Dimension]:
    return Dimension.objects.filter(scheme__in=schemes_visible_to(user).values("pk"))


@visibility_rule(Indicator)
def indicators_visible_to(user) -> QuerySet[Indicator]:
    return Indicator.objects.filter(dimension__scheme__in=schemes_visible_to(user).values("pk"))


def score_school_ids(user) -> QuerySet:
    """Ids of the schools whose scores ``user`` may read."""
    schools = schools_visible_to(user)
    if is_platform(user) or is_bureau(user) or is_community_leader(user):
        return schools.values("pk")
    if is_school_leader(user):
        return schools.filter(Q(pk=user.school_id) | Q(parent_id=user.school_id)).values("pk")
    return schools.none().values("pk")


@visibility_rule(Score)
def scores_visible_to(user) -> QuerySet[Score]:
    return Score.objects.filter(school__in=score_school_ids(user))


@visibility_rule(Correction)
def corrections_visible_to(user) -> QuerySet[Correction]:
    return Correction.objects.filter(school__in=score_school_ids(user))


@visibility_rule(Publication)
def publications_visible_to(user) -> QuerySet[Publication]:
    if is_platform(user):
        return Publication.objects.all()
    if is_bureau(user):
        return Publication.objects.filter(scheme__district_id=user.district_id)
    return Publication.objects.none()


@visibility_rule(ReportCode)
def report_codes_visible_to(user) -> QuerySet[ReportCode]:
    if is_platform(user):
        return ReportCode.objects.all()
    return ReportCode.objects.filter(community__in=communities_visible_to(user).values("pk"))


def community_results_visible(user, community, *, published: bool) -> bool:
    """Whether ``user`` may read ``community``'s results of a year (``published`` or not);
    the community itself is already known to be visible to the user."""
    if is_platform(user) or is_bureau(user):
        return True
    if is_community_leader(user):
        return user.community_id == community.pk
    return published and is_school_leader(user)


def school_results_visible(user, school) -> bool:
    """Whether ``user`` may read ``school``'s own scores (``school`` visible already)."""
    return score_school_ids(user).filter(pk=school.pk).exists()
