"""Direction of an exchange (核心校→成员校, 成员校→核心校, 成员校之间, 跨教共体), derived, never typed.

The one rule: take each school's community and role *on the exchange's planned start*, from the
dated memberships (a nested school — village school, teaching point — is placed by its parent's
membership). Per host school:

- either school in no community on that day → OUTSIDE (未入教共体);
- different communities → CROSS_COMMUNITY;
- same community: core → member CORE_TO_MEMBER, member → core MEMBER_TO_CORE, otherwise
  (member → member, or within the core school's own nested schools) MEMBER_TO_MEMBER.

The exchange's direction is its hosts' direction when they agree, MIXED when a 走教 teacher's
hosts differ, OUTSIDE with no host. ``Exchange.community`` is the home school's community on that
day. The services write these on every write (``exchange_derive``); ``placements_on`` reads the
memberships of many schools in one query for imports and the demo builder.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from communities.enums import MemberRole
from communities.models import Membership
from schools.models import School

from .enums import Direction


@dataclass(frozen=True)
class Placement:
    community_id: int | None
    is_core: bool
    placing_school_id: int


NOWHERE = Placement(None, False, 0)


def placements_on(schools: Iterable[School], day: datetime.date) -> dict[int, Placement]:
    """{school pk: Placement on ``day``} for these schools, in one query."""
    schools = list(schools)
    placing = {s.pk: (s.parent_id or s.pk) for s in schools}
    rows = Membership.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gt=day),
        school_id__in=set(placing.values()),
        start_on__lte=day,
    ).values_list("school_id", "community_id", "role")
    by_placing = {school_id: (community_id, role) for school_id, community_id, role in rows}
    result = {}
    for pk, placing_id in placing.items():
        community_id, role = by_placing.get(placing_id, (None, None))
        result[pk] = Placement(community_id, role == MemberRole.CORE, placing_id)
    return result


def host_direction(home: Placement, host: Placement) -> str:
    if home.community_id is None or host.community_id is None:
        return Direction.OUTSIDE
    if home.community_id != host.community_id:
        return Direction.CROSS_COMMUNITY
    if home.is_core and not host.is_core:
        return Direction.CORE_TO_MEMBER
    if host.is_core and not home.is_core:
        return Direction.MEMBER_TO_CORE
    return Direction.MEMBER_TO_MEMBER


def combined_direction(host_directions: list[str]) -> str:
    distinct = set(host_directions)
    if not distinct:
        return Direction.OUTSIDE
    if len(distinct) == 1:
        return distinct.pop()
    return Direction.MIXED


@dataclass(frozen=True)
class Derived:
    community_id: int | None
    direction: str
    hosts: dict[int, tuple[int | None, str]]  # host school pk: (community id, direction)


def derive(
    home_school: School,
    host_schools: list[School],
    day: datetime.date,
    placements: dict[int, Placement] | None = None,
) -> Derived:
    """Community and direction of an exchange from ``home_school`` to ``host_schools``
    starting on ``day``. Pass ``placements`` (from ``placements_on``) to avoid the query."""
    if placements is None:
        placements = placements_on([home_school, *host_schools], day)
    home = placements.get(home_school.pk, NOWHERE)
    hosts = {}
    for host_school in host_schools:
        host = placements.get(host_school.pk, NOWHERE)
        hosts[host_school.pk] = (host.community_id, host_direction(home, host))
    return Derived(
        community_id=home.community_id,
        direction=combined_direction([direction for _c, direction in hosts.values()]),
        hosts=hosts,
    )
