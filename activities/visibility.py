"""Who sees which activities, materials and work-schedule items (``core.scoping``).

- Bureau users: every activity of their district. Platform operators: everything.
- A community leader: the activities of its community (whatever the schools did since).
- A school leader: the activities its own school (or one of its nested schools) hosted or took
  part in — in any community. Not the rest of its community's activities: the community's
  overview (the rules panel) shows those as numbers. This keeps a school's view to what it can
  answer for; it still sees an activity it joined after it left the community.
- Anyone else: nothing.

Materials are visible with their activity. Work-schedule items are visible with their
community (``communities_visible_to``): a school leader reads its community's schedule.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.access import is_bureau, is_community_leader, is_platform, is_school_leader
from communities.visibility import communities_visible_to
from core.scoping import visibility_rule
from schools.models import School

from .models import Activity, ActivityKind, ActivityMaterial, PlanItem


def own_school_ids(user) -> QuerySet:
    return School.objects.filter(Q(pk=user.school_id) | Q(parent_id=user.school_id)).values("pk")


@visibility_rule(Activity)
def activities_visible_to(user) -> QuerySet[Activity]:
    if not user.is_authenticated:
        return Activity.objects.none()
    if is_platform(user):
        return Activity.objects.all()
    if user.district_id is None:
        return Activity.objects.none()
    in_district = Activity.objects.filter(district_id=user.district_id)
    if is_bureau(user):
        return in_district
    if is_community_leader(user):
        return in_district.filter(community_id=user.community_id)
    if is_school_leader(user):
        schools = own_school_ids(user)
        joined = Activity.schools.through.objects.filter(school_id__in=schools).values(
            "activity_id"
        )
        return in_district.filter(Q(host_school_id__in=schools) | Q(pk__in=joined))
    return Activity.objects.none()


@visibility_rule(ActivityMaterial)
def materials_visible_to(user) -> QuerySet[ActivityMaterial]:
    return ActivityMaterial.objects.filter(activity__in=activities_visible_to(user).values("pk"))


@visibility_rule(ActivityKind)
def kinds_visible_to(user) -> QuerySet[ActivityKind]:
    if not user.is_authenticated:
        return ActivityKind.objects.none()
    if is_platform(user):
        return ActivityKind.objects.all()
    if user.district_id is None:
        return ActivityKind.objects.none()
    return ActivityKind.objects.for_district(user.district_id)


@visibility_rule(PlanItem)
def plan_items_visible_to(user) -> QuerySet[PlanItem]:
    return PlanItem.objects.filter(community__in=communities_visible_to(user).values("pk"))
