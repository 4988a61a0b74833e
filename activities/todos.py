"""To-dos: activities waiting for the bureau's check; activities the bureau sent back."""

from __future__ import annotations

from django.urls import reverse

from core.todos import Todo, todo_provider

from .enums import ActivityStatus, Review
from .permissions import is_bureau_side
from .visibility import activities_visible_to


@todo_provider("activities.verify", order=30)
def activities_to_verify(user) -> list[Todo]:
    if not is_bureau_side(user):
        return []
    count = (
        activities_visible_to(user)
        .filter(review=Review.PENDING, status=ActivityStatus.HELD)
        .count()
    )
    url = reverse("activities:activity_list") + f"?review={Review.PENDING}&status=held"
    return [Todo("待核实的联合活动", count, url)]


@todo_provider("activities.returned", order=31)
def activities_returned(user) -> list[Todo]:
    if is_bureau_side(user) or not user.is_authenticated:
        return []
    mine = activities_visible_to(user).filter(review=Review.RETURNED)
    if user.role == "school_leader":
        mine = mine.filter(host_school_id__in=[user.school_id]) | mine.filter(
            host_school__parent_id=user.school_id
        )
    url = reverse("activities:activity_list") + f"?review={Review.RETURNED}"
    return [Todo("被退回的联合活动", mine.count(), url, tone="warning")]
