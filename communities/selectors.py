"""Reads about communities shared by the overview, the lists, exports and reports."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from core import listcache
from core.links import object_url
from schools.models import School
from schools.placement import NO_COMMUNITY, SchoolPlacement

from .enums import MemberRole
from .filters import CommunityFilter
from .models import OVER_LIMIT, Community, Membership
from .tables import COMMUNITY_TABLE
from .visibility import (
    communities_visible_to,
    membership_of_school,
    placed_by,
    placing_school_ref,
)


def communities_with_counts(queryset: QuerySet[Community]) -> QuerySet[Community]:
    """Annotate current member count (core excluded) and whether it exceeds the limit.

    A subquery per row, not a join with GROUP BY: a page of 50 communities in ``sort_key``
    order counts the members of those 50, not of every community of the district first."""
    members = (
        Membership.objects.current()
        .filter(community=OuterRef("pk"), role=MemberRole.MEMBER)
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        member_count=Coalesce(Subquery(members, output_field=IntegerField()), Value(0))
    ).annotate(over_limit=OVER_LIMIT)


def communities_over_limit(queryset: QuerySet[Community]) -> QuerySet[Community]:
    return communities_with_counts(queryset).filter(OVER_LIMIT)


def enrolled_school_ids() -> QuerySet:
    return Membership.objects.current().values("school_id")


def schools_without_community(queryset: QuerySet[School]) -> QuerySet[School]:
    """Schools in no community now: neither enrolled nor under an enrolled parent."""
    return queryset.exclude(placed_by(enrolled_school_ids()))


def schools_in_community(queryset: QuerySet[School], community_id: int) -> QuerySet[School]:
    members = Membership.objects.current().filter(community_id=community_id).values("school_id")
    return queryset.filter(placed_by(members))


def current_memberships(community: Community) -> list[Membership]:
    """Current members, core first, each with its nested schools prefetched."""
    return list(
        community.memberships.current()
        .select_related("school", "school__parent")
        .prefetch_related("school__children")
        .order_by("role", "school__sort_key", "school_id")
    )


def with_core_school(queryset: QuerySet[Community]) -> QuerySet[Community]:
    """Annotate the current core school's id and name (one subquery each, no N+1). A community
    has at most one current core school (a unique index), so the subqueries need no order —
    and without ``order_by()`` they would join the district and community for Membership's
    default one."""
    core = (
        Membership.objects.current()
        .filter(community=OuterRef("pk"), role=MemberRole.CORE)
        .order_by()
    )
    return queryset.annotate(
        core_school_id=Subquery(core.values("school_id")[:1]),
        core_school_name=Subquery(core.values("school__name")[:1]),
    )


def community_filterset(*, user, params):
    """The list's FilterSet over the communities the user may see (the page renders its form).

    Rows carry ``member_count`` (current members, core excluded), ``over_limit``,
    ``core_school_id`` and ``core_school_name``.
    """
    queryset = with_core_school(communities_with_counts(communities_visible_to(user)))
    return CommunityFilter(data=params, queryset=COMMUNITY_TABLE.order(queryset, params))


def community_list_rows(communities) -> list[dict]:
    """The community list's cells, one plain dict per row: the template reads a dict key at
    once, where a model attribute costs the template engine a failed item lookup first —
    on 50 rows × 13 values, more than the page's own query."""
    return [
        {
            "url": c.get_absolute_url(),
            "name": c.name,
            "dissolved": c.dissolved_on is not None,
            "kind": c.get_kind_display(),
            "closeness": c.get_closeness_display(),
            "stage": c.get_stage_display(),
            "core_url": object_url("schools:school_detail", c.core_school_id)
            if c.core_school_id
            else "",
            "core_name": c.core_school_name,
            "members": f"{c.member_count} / {c.member_limit}",
            "over_limit": c.over_limit,
            "founded_on": c.founded_on.isoformat() if c.founded_on else "—",
        }
        for c in communities
    ]


def community_list(*, user, params) -> QuerySet[Community]:
    """The communities the user may see, filtered by the list's parameters (a QueryDict or dict).

    Used by the list page and the exports. Invalid parameters are ignored, as on the page.
    """
    return community_filterset(user=user, params=params).qs


# --- what the school pages show about communities (plugged into schools.placement) ----------


def with_current_community(queryset: QuerySet[School]) -> QuerySet[School]:
    """Annotate each school's current community (via its parent for nested schools)."""
    current = (
        Membership.objects.current()
        .filter(school_id=placing_school_ref())
        .order_by("-start_on", "-pk")
    )
    return queryset.annotate(
        community_id_now=Subquery(current.values("community_id")[:1]),
        community_name_now=Subquery(current.values("community__name")[:1]),
    )


def community_choices(user) -> list[tuple[str, str]]:
    visible = communities_visible_to(user).order_by("sort_key", "pk").values_list("pk", "name")
    return [(NO_COMMUNITY, "（未加入任何教共体）")] + [
        (str(pk), name) for pk, name in listcache.rows(visible)
    ]


def filter_by_community(queryset: QuerySet[School], value: str) -> QuerySet[School]:
    if value == NO_COMMUNITY:
        return schools_without_community(queryset)
    return schools_in_community(queryset, int(value))


def placement_of_school(user, school: School) -> dict:
    membership = membership_of_school(school)
    visible = (
        membership is not None
        and communities_visible_to(user).filter(pk=membership.community_id).exists()
    )
    return {"membership": membership, "community_visible": visible}


SCHOOL_PLACEMENT = SchoolPlacement(
    annotate=with_current_community,
    choices=community_choices,
    filter=filter_by_community,
    of_school=placement_of_school,
)
