"""Who may do what with a community's governance records (on rows already known visible).

- Meetings, decisions, funds received: the bureau or the community's leader
  (``accounts.access.can_manage_governance``).
- An expense request: those, or the leader of the school that spends; the same may change or
  withdraw it (撤回) until it is approved.
- Approving a request (rule 15): under the threshold, the principal (school leader) of the
  school that spends; at or above it, the core school's principal — the core school's leader or
  the community's leader (the core school's office) — and only with a 三重一大 decision.
"""

from __future__ import annotations

from accounts import access
from communities.enums import MemberRole
from communities.models import Membership


def core_school_id(community) -> int | None:
    return (
        Membership.objects.current()
        .filter(community=community, role=MemberRole.CORE)
        .values_list("school_id", flat=True)
        .first()
    )


def can_manage(user, community) -> bool:
    return access.can_manage_governance(user, community)


def can_request_expense(user, community, school) -> bool:
    if can_manage(user, community):
        return True
    return access.is_school_leader(user) and user.school_id == school.pk


def can_change_expense(user, expense) -> bool:
    """Change or withdraw a request (while not approved): whoever may request for its school."""
    return can_request_expense(user, expense.community, expense.school)


def is_core_principal(user, community) -> bool:
    if access.is_community_leader(user) and user.community_id == community.pk:
        return True
    return access.is_school_leader(user) and user.school_id == core_school_id(community)


def can_approve(user, expense) -> bool:
    if expense.needs_collective_decision:
        return is_core_principal(user, expense.community)
    if access.is_school_leader(user) and user.school_id == expense.school_id:
        return True
    # The core school's own small expenses: its principal, or the community's office.
    return expense.school_id == core_school_id(expense.community) and is_core_principal(
        user, expense.community
    )
