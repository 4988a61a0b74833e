"""Visibility rules of users and jobs (see ``core.scoping``).

The job rule lives here, not in ``core``: it needs the role predicates of ``accounts.access``,
and this is the lowest app that has them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.models import Job
from core.scoping import visibility_rule

from .access import can_manage_users, is_bureau, is_bureau_admin, is_platform
from .models import AccessEvent, User


@visibility_rule(User)
def users_visible_to(user) -> QuerySet[User]:
    """Users an administrator may see and manage: its own district's, never a superuser."""
    if is_platform(user):
        return User.objects.all()
    if not can_manage_users(user):
        return User.objects.none()
    return User.objects.filter(district_id=user.district_id, is_superuser=False)


@visibility_rule(Job)
def jobs_visible_to(user) -> QuerySet[Job]:
    """A job is seen by the bureau users of its district and by the user who started it.

    Leaders (and a platform operator) see only their own jobs: a bureau colleague's import or
    export may hold rows they may not see.
    """
    if not user.is_authenticated:
        return Job.objects.none()
    if is_bureau(user):
        return Job.objects.filter(Q(district_id=user.district_id) | Q(user=user))
    return Job.objects.filter(user=user)


@visibility_rule(AccessEvent)
def access_events_visible_to(user) -> QuerySet[AccessEvent]:
    """The access log: a bureau administrator its own district's lines, a platform operator
    every line."""
    if is_platform(user):
        return AccessEvent.objects.all()
    if not is_bureau_admin(user):
        return AccessEvent.objects.none()
    return AccessEvent.objects.filter(district_id=user.district_id)
