"""The remote-lesson figures the bundled assessment reads (``core.measures``), e.g. for its
resource-sharing dimension (办学资源共享度).

``activities.remote_lessons`` — per school and school year: **the held sessions of the
pairings the school took part in**, giving the lesson (主讲学校) or receiving it (a school of a
接收班级), both semesters of the school year, every kind (同步课堂, 专递课堂, 名师课堂). A
pairing counts once for a school however many of its classes receive it. A nested school (a
teaching point) counts as itself, not under its parent. A school in no pairing of the year is
left out (无数据). The detail gives the held rate alongside.

``activities.remote_lessons_rate`` — per school and school year: **the held rate** (开课率) of
those pairings taken together, in per cent with one decimal: weeks with at least one session
held ÷ weeks counted (a week counts once its scheduled day has come, holiday weeks excluded;
``activities.remote.weeks``). A school whose pairings have no week counted yet is left out.

Both: three queries whatever the number of schools (pairings given, pairings received,
sessions).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from core.measures import MeasureValue, measure

from .models import RemoteClass, RemotePairing
from .selectors import session_rows
from .weeks import tally


def _today() -> datetime.date:
    return timezone.localdate()


def _per_school(schools, school_year) -> dict[int, dict]:
    """school id -> {pairings, held, counted, held_weeks} for the school year."""
    year = getattr(school_year, "start", school_year)
    ids = [s.pk if hasattr(s, "pk") else s for s in schools]
    pairings = {
        p.pk: p
        for p in RemotePairing.objects.filter(school_year=year).filter(core_school_id__in=ids)
    }
    links = defaultdict(set)
    for p in pairings.values():
        links[p.core_school_id].add(p.pk)
    received = RemoteClass.objects.filter(school_id__in=ids, pairing__school_year=year)
    extra = set()
    for school_id, pairing_id in received.values_list("school_id", "pairing_id"):
        links[school_id].add(pairing_id)
        if pairing_id not in pairings:
            extra.add(pairing_id)
    if extra:
        pairings.update({p.pk: p for p in RemotePairing.objects.filter(pk__in=extra)})
    sessions = session_rows(pairings)
    today = _today()
    results = {
        pk: tally(p.weeks(), sessions.get(pk, ()), today=today) for pk, p in pairings.items()
    }
    out = {}
    for school_id, pairing_ids in links.items():
        mine = [results[pk] for pk in pairing_ids]
        out[school_id] = {
            "pairings": len(mine),
            "held": sum(r.held for r in mine),
            "counted": sum(r.counted for r in mine),
            "held_weeks": sum(r.held_weeks for r in mine),
        }
    return out


def _rate(entry: dict) -> Decimal:
    return (Decimal(entry["held_weeks"] * 100) / entry["counted"]).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def _detail(entry: dict) -> str:
    text = f"{entry['pairings']} 个结对，开课 {entry['held']} 次"
    if entry["counted"]:
        text += f"；应开 {entry['counted']} 周，开出 {entry['held_weeks']} 周（{_rate(entry)}%）"
    return text


@measure(
    "activities.remote_lessons",
    label="远程课堂开课次数",
    unit="次",
    description="学校主讲或接收的同步课堂、专递课堂、名师课堂结对在该学年开出的课次。",
)
def remote_lessons(schools, school_year) -> dict[int, MeasureValue]:
    return {
        school_id: MeasureValue(Decimal(entry["held"]), detail=_detail(entry))
        for school_id, entry in _per_school(schools, school_year).items()
    }


@measure(
    "activities.remote_lessons_rate",
    label="远程课堂开课率",
    unit="%",
    description="学校参与的结对中，已开课的周数占应开课周数的比例（节假日周不计）。",
)
def remote_lessons_rate(schools, school_year) -> dict[int, MeasureValue]:
    return {
        school_id: MeasureValue(_rate(entry), detail=_detail(entry))
        for school_id, entry in _per_school(schools, school_year).items()
        if entry["counted"]
    }
