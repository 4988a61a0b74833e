"""Who may do what with remote-lesson pairings (predicates on objects known to be visible).

| action | who |
|---|---|
| add a pairing | bureau staff; a community leader (its community); a school leader (its own school giving the lesson) |
| edit a pairing | bureau staff; the community's leader; the leader of the school giving the lesson |
| log sessions | the above, and the leaders of the receiving schools |
| import sessions from a timetable | bureau staff (the spreadsheet engine's import page) |
"""

from __future__ import annotations

from accounts.access import is_community_leader, is_school_leader

from ..permissions import is_bureau_side, leads_school


def can_add_pairing(user) -> bool:
    return is_bureau_side(user) or is_community_leader(user) or is_school_leader(user)


def can_edit_pairing(user, pairing) -> bool:
    if is_bureau_side(user):
        return True
    if is_community_leader(user):
        return user.community_id == pairing.community_id
    return leads_school(user, pairing.core_school)


def can_log_sessions(user, pairing, classes=()) -> bool:
    if can_edit_pairing(user, pairing):
        return True
    return any(leads_school(user, one.school) for one in classes)
