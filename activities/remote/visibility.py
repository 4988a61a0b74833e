"""Who sees which remote-lesson pairings (``core.scoping``); classes and sessions go with
their pairing.

- Bureau users: every pairing of their district. Platform operators: everything.
- A community leader: the pairings of its community.
- A school leader: the pairings its own school (or a school under it) is in — giving the
  lesson (主讲学校) or receiving it (a 接收班级 of the school).
- Anyone else: nothing.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.access import is_bureau, is_community_leader, is_platform, is_school_leader
from core.audit import history_sources
from core.scoping import visibility_rule

from ..visibility import own_school_ids
from .models import RemoteClass, RemotePairing, RemoteSession


@visibility_rule(RemotePairing)
def pairings_visible_to(user) -> QuerySet[RemotePairing]:
    if not user.is_authenticated:
        return RemotePairing.objects.none()
    if is_platform(user):
        return RemotePairing.objects.all()
    if user.district_id is None:
        return RemotePairing.objects.none()
    in_district = RemotePairing.objects.filter(district_id=user.district_id)
    if is_bureau(user):
        return in_district
    if is_community_leader(user):
        return in_district.filter(community_id=user.community_id)
    if is_school_leader(user):
        schools = own_school_ids(user)
        receiving = RemoteClass.objects.filter(school_id__in=schools).values("pairing_id")
        return in_district.filter(Q(core_school_id__in=schools) | Q(pk__in=receiving))
    return RemotePairing.objects.none()


@visibility_rule(RemoteClass)
def remote_classes_visible_to(user) -> QuerySet[RemoteClass]:
    return RemoteClass.objects.filter(pairing__in=pairings_visible_to(user).values("pk"))


@visibility_rule(RemoteSession)
def sessions_visible_to(user) -> QuerySet[RemoteSession]:
    return RemoteSession.objects.filter(pairing__in=pairings_visible_to(user).values("pk"))


@history_sources(RemotePairing)
def pairing_history(pairing: RemotePairing) -> list:
    return [
        RemotePairing.history.filter(id=pairing.pk),
        RemoteClass.history.filter(pairing_id=pairing.pk),
        RemoteSession.history.filter(pairing_id=pairing.pk),
    ]
