"""What the change trail of a community is made of (``core.audit``): the community's own records
and those of its memberships, positions and work groups."""

from core.audit import history_sources

from .models import Community, Membership, Position, WorkGroup


@history_sources(Community)
def community_history(community: Community) -> list:
    return [
        Community.history.filter(id=community.pk),
        Membership.history.filter(community_id=community.pk),
        Position.history.filter(community_id=community.pk),
        WorkGroup.history.filter(community_id=community.pk),
    ]
