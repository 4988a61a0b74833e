"""To-dos: schools under the satisfaction target in a round that has ended (rule 19).

The bureau sees the count over its district's rounds of the current school year; a leader over
its own schools. Three queries, whatever the number of rounds and responses.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from core.school_year import SchoolYear
from core.todos import Todo, todo_provider

from .selectors import rate_of, under_target
from .visibility import responses_visible_to, rounds_visible_to


@todo_provider("surveys.under_target", order=60)
def schools_under_target(user) -> list[Todo]:
    if not user.is_authenticated or user.district_id is None:
        return []
    today = timezone.localdate()
    ended = rounds_visible_to(user).filter(
        Q(closed_at__isnull=False) | Q(closes_on__lt=today),
        school_year=SchoolYear.of(today).start,
    )
    targets = dict(ended.values_list("pk", "target"))
    if not targets:
        return []
    under = 0
    for row in (
        responses_visible_to(user)
        .filter(round_id__in=list(targets), satisfied__isnull=False)
        .order_by()
        .values("round_id", "school_id")
        .annotate(n=Count("pk"), satisfied=Count("pk", filter=Q(satisfied=True)))
    ):
        if under_target(rate_of(row["satisfied"], row["n"]), targets[row["round_id"]]):
            under += 1
    return [
        Todo("满意度未达标的学校（本学年）", under, reverse("surveys:round_list"), tone="warning")
    ]
