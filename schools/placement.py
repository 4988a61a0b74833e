"""Where a school belongs — answered by the app above ``schools`` that keeps memberships.

The school pages show each school's community and filter by it, but memberships live in
``communities``, which builds on ``schools``. ``communities`` provides its answers here at
start-up (``CommunitiesConfig.ready``), so ``schools`` never imports it. Without a provider the
pages simply show no community.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import CharField, IntegerField, QuerySet, Value

NO_COMMUNITY = "none"


@dataclass(frozen=True)
class SchoolPlacement:
    """What the school pages need to know about communities."""

    # Annotates ``community_id_now`` and ``community_name_now`` on a school queryset.
    annotate: Callable[[QuerySet], QuerySet]
    # (value, label) choices of the list filter for a user: NO_COMMUNITY, then its communities.
    choices: Callable[[object], list[tuple[str, str]]]
    # Narrows a school queryset to one choice's value.
    filter: Callable[[QuerySet, str], QuerySet]
    # For the school page: {"membership": …, "community_visible": bool} for a user.
    of_school: Callable[[object, object], dict]


def _no_community(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        community_id_now=Value(None, output_field=IntegerField()),
        community_name_now=Value(None, output_field=CharField()),
    )


_NONE = SchoolPlacement(
    annotate=_no_community,
    choices=lambda user: [],
    filter=lambda queryset, value: queryset,
    of_school=lambda user, school: {"membership": None, "community_visible": False},
)

_provider: list[SchoolPlacement] = [_NONE]


def provide(placement: SchoolPlacement) -> None:
    _provider[0] = placement


def placement() -> SchoolPlacement:
    return _provider[0]
