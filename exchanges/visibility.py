"""Who sees which exchanges, principal posts, lesson days and mentorships (``core.scoping``).

- Bureau users: every record of their district. Platform operators: everything.
- A community leader: the records that touch its community — an exchange whose home school or
  any host school is in the community now, or whose home or host community (derived at the
  planned start) is it, so a record stays visible to the community it was made in after a school
  leaves; a post, lesson day or mentorship whose either school is in the community now.
- A school leader: the records whose home school or any host / partner school is its own school
  or one of its nested schools (village schools, teaching points).
- Anyone else: nothing.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.access import is_bureau, is_community_leader, is_platform, is_school_leader
from communities.visibility import community_school_ids
from core.scoping import visibility_rule
from schools.models import School

from .models import Exchange, ExchangeHost, ExchangeStep, LessonDay, Mentorship, PrincipalPost


def _own_school_ids(user) -> QuerySet:
    return School.objects.filter(Q(pk=user.school_id) | Q(parent_id=user.school_id)).values("pk")


def _scope(user, model, first: str, second: str) -> QuerySet:
    """Rows of ``model`` whose ``first`` or ``second`` school is in the user's reach."""
    if not user.is_authenticated:
        return model.objects.none()
    if is_platform(user):
        return model.objects.all()
    if user.district_id is None:
        return model.objects.none()
    in_district = model.objects.filter(district_id=user.district_id)
    if is_bureau(user):
        return in_district
    if is_community_leader(user):
        schools = community_school_ids(user.community_id)
    elif is_school_leader(user):
        schools = _own_school_ids(user)
    else:
        return model.objects.none()
    condition = Q(**{f"{first}__in": schools}) | Q(**{f"{second}__in": schools})
    return in_district.filter(condition)


def _exchange_host_ids(schools) -> QuerySet:
    return ExchangeHost.objects.filter(school_id__in=schools).values("exchange_id")


@visibility_rule(Exchange)
def exchanges_visible_to(user) -> QuerySet[Exchange]:
    if (
        not user.is_authenticated
        or user.district_id is None
        or is_platform(user)
        or is_bureau(user)
    ):
        return _scope(user, Exchange, "home_school_id", "home_school_id")
    if is_community_leader(user):
        schools = community_school_ids(user.community_id)
        hosted = ExchangeHost.objects.filter(
            Q(school_id__in=schools) | Q(community_id=user.community_id)
        ).values("exchange_id")
        condition = (
            Q(home_school_id__in=schools) | Q(community_id=user.community_id) | Q(pk__in=hosted)
        )
    elif is_school_leader(user):
        schools = _own_school_ids(user)
        condition = Q(home_school_id__in=schools) | Q(pk__in=_exchange_host_ids(schools))
    else:
        return Exchange.objects.none()
    return Exchange.objects.filter(condition, district_id=user.district_id)


@visibility_rule(ExchangeHost)
def exchange_hosts_visible_to(user) -> QuerySet[ExchangeHost]:
    return ExchangeHost.objects.filter(exchange__in=exchanges_visible_to(user).values("pk"))


@visibility_rule(ExchangeStep)
def exchange_steps_visible_to(user) -> QuerySet[ExchangeStep]:
    return ExchangeStep.objects.filter(exchange__in=exchanges_visible_to(user).values("pk"))


@visibility_rule(PrincipalPost)
def principal_posts_visible_to(user) -> QuerySet[PrincipalPost]:
    return _scope(user, PrincipalPost, "home_school_id", "partner_school_id")


@visibility_rule(LessonDay)
def lesson_days_visible_to(user) -> QuerySet[LessonDay]:
    return _scope(user, LessonDay, "home_school_id", "core_school_id")


@visibility_rule(Mentorship)
def mentorships_visible_to(user) -> QuerySet[Mentorship]:
    return _scope(user, Mentorship, "mentor_school_id", "apprentice_school_id")
