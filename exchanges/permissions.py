"""Who may act on an exchange at each step — the one table the services, views, to-dos and
templates ask. Every predicate takes an exchange already known to be visible to the user.

| step | from | who |
|---|---|---|
| 编辑 (edit) | 草稿, 已退回 | home school leader, bureau |
| 学校申报 submit | 草稿, 已退回 | home school leader, bureau |
| 教共体审核 approve | 已申报 | leader of the home school's community (at the planned start), bureau |
| 局备案 file | 已审核 | bureau |
| 到岗 start | 已备案 | host school leader, home school leader, bureau |
| 期满考核 assess | 在岗 | host school leader (for 走教: any host), bureau |
| 退回 return | 已申报 / 已审核 / 已备案 | whoever may act on the step it waits for (approve: community leader or bureau; file / start: bureau) |
| 中止 cancel | any but 已考核 / 已中止 | bureau; community leader of the home community; home school leader while 草稿 / 已退回 / 已申报 |

"School leader of a school" means the leader of that school or of its parent (a teaching point
has no leader of its own). Bureau means bureau administrators and staff, and platform operators.
"""

from __future__ import annotations

from accounts.access import is_bureau, is_community_leader, is_platform, is_school_leader

from .enums import ExchangeStatus, StepAction

S = ExchangeStatus

# action: (statuses it starts from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    StepAction.SUBMIT: (frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED),
    StepAction.APPROVE: (frozenset({S.SUBMITTED}), S.APPROVED),
    StepAction.FILE: (frozenset({S.APPROVED}), S.FILED),
    StepAction.START: (frozenset({S.FILED}), S.SERVING),
    StepAction.ASSESS: (frozenset({S.SERVING}), S.ASSESSED),
    StepAction.RETURN: (frozenset({S.SUBMITTED, S.APPROVED, S.FILED}), S.RETURNED),
    StepAction.CANCEL: (
        frozenset({S.DRAFT, S.RETURNED, S.SUBMITTED, S.APPROVED, S.FILED, S.SERVING}),
        S.CANCELLED,
    ),
}

# Steps that need a written reason.
NEEDS_COMMENT = frozenset({StepAction.RETURN, StepAction.CANCEL})


def _bureau(user) -> bool:
    return is_bureau(user) or is_platform(user)


def _leads_school(user, school) -> bool:
    return is_school_leader(user) and user.school_id in (school.pk, school.parent_id)


def _leads_home(user, exchange) -> bool:
    return _leads_school(user, exchange.home_school)


def _leads_host(user, exchange) -> bool:
    if not is_school_leader(user):
        return False
    return any(_leads_school(user, link.school) for link in exchange.host_links.all())


def _leads_community(user, exchange) -> bool:
    return (
        is_community_leader(user)
        and exchange.community_id is not None
        and user.community_id == exchange.community_id
    )


def can_create_exchange(user, school=None) -> bool:
    """Propose an exchange (for a teacher of ``school``, when given)."""
    if _bureau(user):
        return True
    if not is_school_leader(user):
        return False
    return school is None or _leads_school(user, school)


def can_edit_exchange(user, exchange) -> bool:
    if not exchange.is_editable:
        return False
    return _bureau(user) or _leads_home(user, exchange)


def may_act(user, exchange, action: str) -> bool:
    """May ``user`` take ``action`` on ``exchange`` in its current status, by role."""
    starts_from, _to = TRANSITIONS[action]
    if exchange.status not in starts_from:
        return False
    return role_allows(user, exchange, action)


def role_allows(user, exchange, action: str) -> bool:
    """The role half of ``may_act``: is this the user who acts on this step (status aside)."""
    if _bureau(user):
        return True
    status = exchange.status
    if action == StepAction.SUBMIT:
        return _leads_home(user, exchange)
    if action == StepAction.APPROVE:
        return _leads_community(user, exchange)
    if action == StepAction.FILE:
        return False
    if action == StepAction.START:
        return _leads_home(user, exchange) or _leads_host(user, exchange)
    if action == StepAction.ASSESS:
        return _leads_host(user, exchange)
    if action == StepAction.RETURN:
        return status == S.SUBMITTED and _leads_community(user, exchange)
    if action == StepAction.CANCEL:
        if _leads_community(user, exchange):
            return True
        return status in {S.DRAFT, S.RETURNED, S.SUBMITTED} and _leads_home(user, exchange)
    return False


def available_actions(user, exchange) -> list[str]:
    """The steps this user may take now, in workflow order (for the detail page's buttons)."""
    return [action for action in TRANSITIONS if may_act(user, exchange, action)]


# --- light records and mentorships ---------------------------------------------------------


def can_record(user) -> bool:
    """Enter 挂职 posts, 跟班听课 days and mentorships: the bureau, a community leader (for its
    community's schools) or a school leader (for its school); the choices offered and the
    visibility rules keep each to its own schools."""
    return _bureau(user) or is_community_leader(user) or is_school_leader(user)


def can_edit_mentorship(user, mentorship) -> bool:
    """On a visible pairing: the bureau, the community leader who sees it, or the leader of
    either teacher's school."""
    if _bureau(user) or is_community_leader(user):
        return True
    return _leads_school(user, mentorship.mentor_school) or _leads_school(
        user, mentorship.apprentice_school
    )


def can_file_sheet(user) -> bool:
    """Download the 备案 sheet: the bureau and community leaders."""
    return _bureau(user) or is_community_leader(user)
