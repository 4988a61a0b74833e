"""Visibility rule of import jobs (see ``core.scoping``)."""

from __future__ import annotations

from django.db.models import QuerySet

from core.scoping import visibility_rule

from .models import ImportJob


@visibility_rule(ImportJob)
def import_jobs_visible_to(user) -> QuerySet[ImportJob]:
    """Import jobs of the user's own district (views also require can_manage_rosters)."""
    if not user.is_authenticated or user.district_id is None:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(district_id=user.district_id)
