"""Who may do what in the resource library (views and templates ask here).

| action | who |
|---|---|
| add a resource | a school leader (for its school or a school under it); a community leader (for a school of its community); bureau staff (for any school of the district) |
| edit, delete a resource added directly | the leader of the sharing school (or its parent); the community's leader; bureau staff |
| an activity material's entry | edited and deleted with the activity's materials, not here |
| download | whoever sees the entry (``visibility``) |

Predicates take objects already known to be visible to the user.
"""

from __future__ import annotations

from accounts.access import is_bureau, is_community_leader, is_platform, is_school_leader


def can_add_resource(user) -> bool:
    return (
        is_bureau(user) or is_platform(user) or is_community_leader(user) or is_school_leader(user)
    )


def can_edit_resource(user, resource) -> bool:
    if resource.material_id is not None:
        return False
    if is_bureau(user) or is_platform(user):
        return True
    if is_community_leader(user):
        return user.community_id == resource.community_id
    return is_school_leader(user) and user.school_id in (
        resource.school_id,
        resource.school.parent_id,
    )
