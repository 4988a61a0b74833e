"""What each user may see and change — the one place where scope is computed.

Every view, export, import and command asks these functions. Visibility is a queryset: objects
outside it answer 404, as if they did not exist. Edit rights are predicates on a visible object:
visible but not editable answers 403.

Roles (DOMAIN.md §5):
- bureau administrator / bureau staff: the whole district; rosters, communities, imports.
- community leader: its community and its schools (read); the community's positions and work
  groups (write). Rosters stay with the bureau.
- school leader: its own school, its teachers, and its community's overview (read); edits only
  its own school and teachers.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Role, User
from communities.models import Community, Membership
from schools.models import District, School, Teacher
from spreadsheets.models import ImportJob


def _is_platform(user) -> bool:
    return bool(user.is_superuser and user.district_id is None)


def is_bureau(user) -> bool:
    return (
        user.is_authenticated
        and user.district_id is not None
        and user.role in (Role.BUREAU_ADMIN, Role.BUREAU_STAFF)
    )


def is_bureau_admin(user) -> bool:
    return user.is_authenticated and user.district_id is not None and user.role == Role.BUREAU_ADMIN


def membership_of_school(school: School) -> Membership | None:
    """The current membership that places a school in a community: its own, or its parent's
    (nested schools are never enrolled themselves)."""
    return (
        Membership.objects.current()
        .filter(school_id=school.parent_id or school.pk)
        .select_related("community", "school")
        .first()
    )


def community_of_school(school: School) -> Community | None:
    """The community a school belongs to now."""
    membership = membership_of_school(school)
    return membership.community if membership else None


def user_community(user) -> Community | None:
    """The community whose overview the user reads: its own, or its school's."""
    if user.role == Role.COMMUNITY_LEADER:
        return user.community
    if user.role == Role.SCHOOL_LEADER and user.school_id:
        return community_of_school(user.school)
    return None


def community_school_ids(community: Community | int) -> QuerySet:
    """Ids of the schools of a community now: current members and their nested schools."""
    member_ids = Membership.objects.current().filter(community=community).values("school_id")
    return School.objects.filter(Q(pk__in=member_ids) | Q(parent_id__in=member_ids)).values("pk")


def districts_visible_to(user) -> QuerySet[District]:
    if not user.is_authenticated:
        return District.objects.none()
    if _is_platform(user):
        return District.objects.all()
    if user.district_id is None:
        return District.objects.none()
    return District.objects.filter(pk=user.district_id)


def schools_visible_to(user) -> QuerySet[School]:
    if not user.is_authenticated:
        return School.objects.none()
    if _is_platform(user):
        return School.objects.all()
    if user.district_id is None:
        return School.objects.none()
    in_district = School.objects.filter(district_id=user.district_id)
    if is_bureau(user):
        return in_district
    community = user_community(user)
    own = Q(pk=user.school_id) | Q(parent_id=user.school_id) if user.school_id else Q(pk__in=[])
    if community is None:
        return in_district.filter(own)
    return in_district.filter(own | Q(pk__in=community_school_ids(community)))


def teachers_visible_to(user) -> QuerySet[Teacher]:
    """Teachers are personal data: a school leader sees only its own school's staff."""
    if not user.is_authenticated:
        return Teacher.objects.none()
    if _is_platform(user):
        return Teacher.objects.all()
    if user.district_id is None:
        return Teacher.objects.none()
    in_district = Teacher.objects.filter(school__district_id=user.district_id)
    if is_bureau(user):
        return in_district
    if user.role == Role.COMMUNITY_LEADER and user.community_id:
        return in_district.filter(school_id__in=community_school_ids(user.community_id))
    if user.role == Role.SCHOOL_LEADER and user.school_id:
        return in_district.filter(Q(school_id=user.school_id) | Q(school__parent_id=user.school_id))
    return Teacher.objects.none()


def communities_visible_to(user) -> QuerySet[Community]:
    if not user.is_authenticated:
        return Community.objects.none()
    if _is_platform(user):
        return Community.objects.all()
    if user.district_id is None:
        return Community.objects.none()
    in_district = Community.objects.filter(district_id=user.district_id)
    if is_bureau(user):
        return in_district
    community = user_community(user)
    return in_district.filter(pk=community.pk) if community else Community.objects.none()


def users_visible_to(user) -> QuerySet[User]:
    """Users an administrator may see and manage: its own district's, never a superuser."""
    if _is_platform(user):
        return User.objects.all()
    if not can_manage_users(user):
        return User.objects.none()
    return User.objects.filter(district_id=user.district_id, is_superuser=False)


def import_jobs_visible_to(user) -> QuerySet[ImportJob]:
    """Import jobs of the user's own district (views also require can_manage_rosters)."""
    if not user.is_authenticated or user.district_id is None:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(district_id=user.district_id)


# --- edit rights: predicates on objects already known to be visible -----------------------


def can_manage_rosters(user) -> bool:
    """Create and edit schools, communities and memberships; import rosters."""
    return is_bureau(user) or _is_platform(user)


def can_edit_school(user, school: School) -> bool:
    if can_manage_rosters(user):
        return True
    return user.role == Role.SCHOOL_LEADER and school.pk == user.school_id


def can_edit_teachers_of(user, school: School) -> bool:
    if can_manage_rosters(user):
        return True
    return user.role == Role.SCHOOL_LEADER and user.school_id in (school.pk, school.parent_id)


def can_edit_teacher(user, teacher: Teacher) -> bool:
    return can_edit_teachers_of(user, teacher.school)


def can_move_teacher(user, teacher: Teacher) -> bool:
    """A move crosses schools, so it is the bureau's act."""
    return can_manage_rosters(user)


def can_manage_governance(user, community: Community) -> bool:
    """Positions and work groups: the bureau, or the community's own leader."""
    if can_manage_rosters(user):
        return True
    return user.role == Role.COMMUNITY_LEADER and user.community_id == community.pk


def can_manage_users(user) -> bool:
    return is_bureau_admin(user) or _is_platform(user)


# --- helpers for views ---------------------------------------------------------------------


def get_visible_or_404(queryset: QuerySet, **lookup):
    """Fetch through the user's visible queryset, never by bare id."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("未找到该记录。") from exc


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("您没有权限执行此操作。")
