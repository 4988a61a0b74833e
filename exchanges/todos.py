"""What waits for the user in the exchange workflow (``core.todos``); one count query each.

- school leader: its drafts and returned proposals to submit; exchanges it hosts that are
  serving past their planned end, to assess;
- community leader: proposals of its community to review;
- bureau: approved exchanges to file; serving exchanges past their planned end, to assess.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.access import is_bureau, is_community_leader, is_school_leader
from core.scoping import visible
from core.todos import Todo, todo_provider
from schools.models import School

from .enums import ExchangeStatus
from .models import Exchange, ExchangeHost


def _url(**params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{reverse('exchanges:exchange_list')}?{query}"


def _own_schools(user):
    return School.objects.filter(Q(pk=user.school_id) | Q(parent_id=user.school_id)).values("pk")


@todo_provider("exchanges.submit", order=30)
def exchanges_to_submit(user) -> list[Todo]:
    if not is_school_leader(user):
        return []
    count = (
        visible(user, Exchange)
        .filter(
            home_school_id__in=_own_schools(user),
            status__in=[ExchangeStatus.DRAFT, ExchangeStatus.RETURNED],
        )
        .count()
    )
    return [Todo("待申报的交流（草稿或被退回）", count, _url(status=ExchangeStatus.DRAFT))]


@todo_provider("exchanges.review", order=31)
def exchanges_to_review(user) -> list[Todo]:
    if not is_community_leader(user):
        return []
    count = Exchange.objects.filter(
        community_id=user.community_id, status=ExchangeStatus.SUBMITTED
    ).count()
    return [Todo("待审核的交流申报", count, _url(status=ExchangeStatus.SUBMITTED))]


@todo_provider("exchanges.file", order=32)
def exchanges_to_file(user) -> list[Todo]:
    if not is_bureau(user):
        return []
    count = visible(user, Exchange).filter(status=ExchangeStatus.APPROVED).count()
    return [Todo("待备案的交流", count, _url(status=ExchangeStatus.APPROVED))]


@todo_provider("exchanges.assess", order=33)
def exchanges_to_assess(user) -> list[Todo]:
    if not (is_bureau(user) or is_school_leader(user)):
        return []
    due = visible(user, Exchange).filter(
        status=ExchangeStatus.SERVING, planned_end__lt=timezone.localdate()
    )
    if is_school_leader(user):
        hosted = ExchangeHost.objects.filter(school_id__in=_own_schools(user)).values("exchange_id")
        due = due.filter(pk__in=hosted)
    count = due.count()
    return [Todo("期满待考核的交流", count, _url(status=ExchangeStatus.SERVING), "warning")]
