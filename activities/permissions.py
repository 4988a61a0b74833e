"""Who may do what with an activity (the views, services and templates ask here).

| action | who |
|---|---|
| log (create) | the leader of a school of the community (as host: its own school or a nested one); the community's leader; bureau staff |
| edit, add materials | the leader of the host school (or its parent); the community's leader; bureau staff |
| verify (核实) / send back (退回) | bureau staff |
| add activity kinds, edit the work schedule | bureau staff; the schedule also the community's leader |

Editing a verified activity puts it back to 待核实. Predicates take objects already known to be
visible to the user.
"""

from __future__ import annotations

from accounts.access import is_bureau, is_community_leader, is_platform, is_school_leader


def is_bureau_side(user) -> bool:
    return is_bureau(user) or is_platform(user)


def leads_school(user, school) -> bool:
    return is_school_leader(user) and user.school_id in (school.pk, school.parent_id)


def can_log_activity(user) -> bool:
    return is_bureau_side(user) or is_community_leader(user) or is_school_leader(user)


def can_edit_activity(user, activity) -> bool:
    if is_bureau_side(user):
        return True
    if is_community_leader(user):
        return user.community_id == activity.community_id
    return leads_school(user, activity.host_school)


def can_review_activity(user, activity=None) -> bool:
    return is_bureau_side(user)


def can_manage_kinds(user) -> bool:
    return is_bureau(user)


def can_edit_schedule(user, community) -> bool:
    if is_bureau_side(user):
        return True
    return is_community_leader(user) and user.community_id == community.pk
