"""The engine's to-dos (``core.todos``): checked imports waiting for the user to confirm them."""

from __future__ import annotations

from django.db.models import Count, Max
from django.urls import reverse

from accounts import access
from core import scoping
from core.enums import JobStatus
from core.models import Job
from core.todos import Todo, todo_provider

from .jobs import IMPORT


def imports_waiting(user):
    """Imports checked without problems and neither confirmed nor abandoned: the user's district
    (the jobs the user may see), one query whatever their number."""
    return scoping.visible(user, Job).filter(
        kind=IMPORT, status=JobStatus.PREVIEWED, summary__preview__error_count=0
    )


@todo_provider("spreadsheets.imports_to_confirm", order=10)
def imports_to_confirm(user) -> list[Todo]:
    """One query: the count, and the newest job's id to link straight to it when it is alone."""
    if not (access.can_manage_rosters(user) and user.district_id is not None):
        return []
    waiting = imports_waiting(user).order_by().aggregate(n=Count("pk"), last=Max("pk"))
    count = waiting["n"]
    if not count:
        return []
    url = (
        reverse("spreadsheets:import_job", args=[waiting["last"]])
        if count == 1
        else reverse("spreadsheets:import_list") + "#recent"
    )
    return [Todo("待确认的导入", count, url)]
