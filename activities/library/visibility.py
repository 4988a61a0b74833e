"""Who sees which library entries (``core.scoping``).

- Bureau users: every entry of their district. Platform operators: everything.
- A community leader: the entries of its community, and those shared with the whole district.
- A school leader: the entries of its school's community (every activity material of the
  community included — the library is where a community shares, even materials of activities
  its school did not join), those shared with the whole district, and its own school's
  entries wherever they were shared (after the school has left a community, say).
- Anyone else: nothing.

A community-shared entry is never visible to the users of another community; a
district-shared entry never outside its district. Download counts are visible with their
resource. The library's download view (which counts, then serves) asks this rule, not the
activity's; the material's own URL (``files/activities.activitymaterial/…``) still follows the
activity.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.access import is_bureau, is_community_leader, is_platform, is_school_leader
from communities.visibility import user_community
from core.scoping import visibility_rule
from schools.models import School

from .enums import ShareScope
from .models import Resource, ResourceDownload


def _own_school_ids(user) -> QuerySet:
    return School.objects.filter(Q(pk=user.school_id) | Q(parent_id=user.school_id)).values("pk")


@visibility_rule(Resource)
def resources_visible_to(user) -> QuerySet[Resource]:
    if not user.is_authenticated:
        return Resource.objects.none()
    if is_platform(user):
        return Resource.objects.all()
    if user.district_id is None:
        return Resource.objects.none()
    in_district = Resource.objects.filter(district_id=user.district_id)
    if is_bureau(user):
        return in_district
    shared = Q(scope=ShareScope.DISTRICT)
    if is_community_leader(user):
        return in_district.filter(shared | Q(community_id=user.community_id))
    if is_school_leader(user):
        seen = shared | Q(school_id__in=_own_school_ids(user))
        community = user_community(user)
        if community is not None:
            seen |= Q(community_id=community.pk)
        return in_district.filter(seen)
    return Resource.objects.none()


@visibility_rule(ResourceDownload)
def resource_downloads_visible_to(user) -> QuerySet[ResourceDownload]:
    return ResourceDownload.objects.filter(resource__in=resources_visible_to(user).values("pk"))
