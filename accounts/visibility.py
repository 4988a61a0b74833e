"""Visibility rule of users (see ``core.scoping``)."""

from __future__ import annotations

from django.db.models import QuerySet

from core.scoping import visibility_rule

from .access import can_manage_users, is_platform
from .models import User


@visibility_rule(User)
def users_visible_to(user) -> QuerySet[User]:
    """Users an administrator may see and manage: its own district's, never a superuser."""
    if is_platform(user):
        return User.objects.all()
    if not can_manage_users(user):
        return User.objects.none()
    return User.objects.filter(district_id=user.district_id, is_superuser=False)
