"""Visibility rules of schools, teachers and communities (see ``core.scoping``).

They live here, not in ``schools``, because what a community leader or a school leader sees
depends on memberships. Child rows (memberships, positions, work groups) are visible with their
community.
"""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from accounts.access import is_bureau, is_community_leader, is_platform, is_school_leader
from core.scoping import visibility_rule
from schools.models import School, Teacher

from .models import Community, Membership, Position, WorkGroup

# --- "a nested school's community is its parent's": the one rule, in three forms ------------


def placing_school_id(school: School) -> int:
    """The school whose membership places ``school`` in a community: its parent for a nested
    school (village school, teaching point: never enrolled itself), else itself."""
    return school.parent_id or school.pk


def placing_school_ref() -> Coalesce:
    """``placing_school_id`` of the outer school row, inside a subquery."""
    return Coalesce(OuterRef("parent_id"), OuterRef("pk"))


def placed_by(member_school_ids) -> Q:
    """The schools placed by these enrolled schools: themselves and their nested schools."""
    return Q(pk__in=member_school_ids) | Q(parent_id__in=member_school_ids)


def membership_of_school(school: School) -> Membership | None:
    """The current membership that places a school in a community: its own, or its parent's
    (nested schools are never enrolled themselves)."""
    return (
        Membership.objects.current()
        .filter(school_id=placing_school_id(school))
        .select_related("community", "school")
        .first()
    )


def community_of_school(school: School) -> Community | None:
    """The community a school belongs to now."""
    membership = membership_of_school(school)
    return membership.community if membership else None


def user_community(user) -> Community | None:
    """The community whose overview the user reads: its own, or its school's."""
    if is_community_leader(user):
        return user.community
    if is_school_leader(user):
        return community_of_school(user.school)
    return None


def community_school_ids(community: Community | int) -> QuerySet:
    """Ids of the schools of a community now: current members and their nested schools."""
    member_ids = Membership.objects.current().filter(community=community).values("school_id")
    return School.objects.filter(placed_by(member_ids)).values("pk")


@visibility_rule(School)
def schools_visible_to(user) -> QuerySet[School]:
    if not user.is_authenticated:
        return School.objects.none()
    if is_platform(user):
        return School.objects.all()
    if user.district_id is None:
        return School.objects.none()
    in_district = School.objects.filter(district_id=user.district_id)
    if is_bureau(user):
        return in_district
    own = Q(pk=user.school_id) | Q(parent_id=user.school_id) if is_school_leader(user) else None
    community = user_community(user)
    if community is None:
        return in_district.filter(own) if own is not None else School.objects.none()
    in_community = Q(pk__in=community_school_ids(community))
    return in_district.filter(own | in_community if own is not None else in_community)


@visibility_rule(Teacher)
def teachers_visible_to(user) -> QuerySet[Teacher]:
    """Teachers are personal data: a school leader sees only its own school's staff."""
    if not user.is_authenticated:
        return Teacher.objects.none()
    if is_platform(user):
        return Teacher.objects.all()
    if user.district_id is None:
        return Teacher.objects.none()
    # ``Teacher.district`` is the school's district, copied (one index serves the bureau's list).
    in_district = Teacher.objects.filter(district_id=user.district_id)
    if is_bureau(user):
        return in_district
    if is_community_leader(user):
        return in_district.filter(school_id__in=community_school_ids(user.community_id))
    if is_school_leader(user):
        return in_district.filter(Q(school_id=user.school_id) | Q(school__parent_id=user.school_id))
    return Teacher.objects.none()


@visibility_rule(Community)
def communities_visible_to(user) -> QuerySet[Community]:
    if not user.is_authenticated:
        return Community.objects.none()
    if is_platform(user):
        return Community.objects.all()
    if user.district_id is None:
        return Community.objects.none()
    in_district = Community.objects.filter(district_id=user.district_id)
    if is_bureau(user):
        return in_district
    community = user_community(user)
    return in_district.filter(pk=community.pk) if community else Community.objects.none()


@visibility_rule(Membership)
def memberships_visible_to(user) -> QuerySet[Membership]:
    return Membership.objects.filter(community__in=communities_visible_to(user).values("pk"))


@visibility_rule(Position)
def positions_visible_to(user) -> QuerySet[Position]:
    return Position.objects.filter(community__in=communities_visible_to(user).values("pk"))


@visibility_rule(WorkGroup)
def work_groups_visible_to(user) -> QuerySet[WorkGroup]:
    return WorkGroup.objects.filter(community__in=communities_visible_to(user).values("pk"))
