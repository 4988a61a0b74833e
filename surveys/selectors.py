"""Reads of the survey pages, the results PDF and the assessment's measure.

``round_results`` summarises a round for the schools a user sees in a fixed number of queries
(six), however many responses there are: the schools, their communities, the counts per school,
the questions, the answer counts per question and value, and the latest free-text answers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from communities.models import Membership
from communities.visibility import placing_school_id

from .charts import HChart, distribution_chart, rate_chart
from .enums import QuestionKind
from .models import Answer, Question, Response, Round, RoundSchool
from .visibility import responses_visible_to, round_schools_visible_to, rounds_visible_to

TEXT_SAMPLE = 30


def rate_of(satisfied: int, counted: int) -> Decimal | None:
    """Satisfied ÷ counted × 100, to one decimal; None without a counted response."""
    if not counted:
        return None
    return (Decimal(satisfied) * 100 / Decimal(counted)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def under_target(rate: Decimal | None, target: Decimal) -> bool:
    """Rule 19 asks for a rate *above* the target: at or under it is flagged."""
    return rate is not None and rate <= target


# --- the round list ----------------------------------------------------------------------------


def _count(queryset: QuerySet) -> Coalesce:
    counted = (
        queryset.filter(round=OuterRef("pk"))
        .order_by()
        .values("round")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def round_list(user) -> QuerySet[Round]:
    """The rounds the user sees, newest first, with the counts of the schools and responses it
    sees (one query)."""
    responses = responses_visible_to(user)
    links = round_schools_visible_to(user)
    return (
        rounds_visible_to(user)
        .select_related("questionnaire")
        .annotate(
            n_schools=_count(links),
            n_responses=_count(responses),
            n_counted=_count(responses.filter(satisfied__isnull=False)),
            n_satisfied=_count(responses.filter(satisfied=True)),
        )
        .order_by("-opens_on", "-pk")
    )


# --- a round's results -------------------------------------------------------------------------


@dataclass
class Row:
    """A school's (or community's) figures in a round."""

    name: str
    responses: int = 0
    counted: int = 0
    satisfied: int = 0
    rate: Decimal | None = None
    under: bool = False
    link: RoundSchool | None = None
    community: str = ""
    schools: int = 0
    sort_key: str = ""


@dataclass
class Option:
    label: str
    count: int
    percent: Decimal
    good: bool


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    options: list[Option] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    chart: HChart | None = None


@dataclass
class Results:
    round: Round
    target: Decimal
    schools: list[Row]
    communities: list[Row]
    total: Row
    questions: list[QuestionResult]
    rate_chart: HChart | None
    community_chart: HChart | None
    school: RoundSchool | None = None  # the one school the page is narrowed to

    @property
    def flagged(self) -> list[Row]:
        return [row for row in self.schools if row.under]


def _finish(row: Row, target: Decimal) -> Row:
    row.rate = rate_of(row.satisfied, row.counted)
    row.under = under_target(row.rate, target)
    return row


def visible_links(user, round: Round) -> QuerySet[RoundSchool]:
    return round_schools_visible_to(user).filter(round=round)


def round_results(round: Round, links: QuerySet[RoundSchool], *, school_pk=None) -> Results:
    """The results of ``round`` over ``links`` (the round's schools the user sees); with
    ``school_pk``, the distribution of that school's answers only."""
    target = round.target
    links = list(links.select_related("school").order_by("school__sort_key", "pk"))
    school_ids = [link.school_id for link in links]
    chosen = next((link for link in links if link.school_id == school_pk), None)

    # Each school's community now: its own membership, or its parent's (nested schools).
    placing = {link.school_id: placing_school_id(link.school) for link in links}
    community_of = {}
    for membership in (
        Membership.objects.current()
        .filter(school_id__in=set(placing.values()))
        .select_related("community")
    ):
        community_of[membership.school_id] = membership.community

    counts = {
        row["school_id"]: row
        for row in Response.objects.filter(round=round, school_id__in=school_ids)
        .order_by()
        .values("school_id")
        .annotate(
            n=Count("pk"),
            counted=Count("pk", filter=Q(satisfied__isnull=False)),
            satisfied=Count("pk", filter=Q(satisfied=True)),
        )
    }

    schools: list[Row] = []
    by_community: dict[int, Row] = {}
    total = Row(name="合计")
    for link in links:
        figures = counts.get(link.school_id, {})
        community = community_of.get(placing[link.school_id])
        row = Row(
            name=link.school.name,
            responses=figures.get("n", 0),
            counted=figures.get("counted", 0),
            satisfied=figures.get("satisfied", 0),
            link=link,
            community=community.name if community else "",
        )
        schools.append(_finish(row, target))
        group = by_community.get(community.pk if community else 0)
        if group is None:
            group = by_community[community.pk if community else 0] = Row(
                name=community.name if community else "未加入教共体",
                sort_key=community.sort_key if community else "~",
            )
        for item in (group, total):
            item.responses += row.responses
            item.counted += row.counted
            item.satisfied += row.satisfied
            item.schools += 1
    communities = [_finish(g, target) for g in sorted(by_community.values(), key=_by_sort_key)]
    _finish(total, target)

    narrowed = [chosen.school_id] if chosen else school_ids
    questions = _question_results(round, narrowed)
    return Results(
        round=round,
        target=target,
        schools=schools,
        communities=communities,
        total=total,
        questions=questions,
        rate_chart=rate_chart(schools, target, aria="各校满意率") if schools else None,
        community_chart=rate_chart(communities, target, aria="各教共体满意率")
        if len(communities) > 1
        else None,
        school=chosen,
    )


def _by_sort_key(row: Row) -> str:
    return row.sort_key


def _question_results(round: Round, school_ids: list[int]) -> list[QuestionResult]:
    questions = list(round.questionnaire.questions.all())
    tally: dict[int, dict] = defaultdict(dict)
    for row in (
        Answer.objects.filter(round=round, response__school_id__in=school_ids)
        .order_by()
        .values("question_id", "value")
        .annotate(n=Count("pk"))
    ):
        tally[row["question_id"]][row["value"]] = row["n"]
    texts: dict[int, list[str]] = defaultdict(list)
    text_ids = [q.pk for q in questions if q.kind == QuestionKind.TEXT]
    if text_ids:
        for question_id, text in (
            Answer.objects.filter(
                round=round, question_id__in=text_ids, response__school_id__in=school_ids
            )
            .exclude(text="")
            .order_by("-pk")
            .values_list("question_id", "text")[:TEXT_SAMPLE]
        ):
            texts[question_id].append(text)
    results = []
    for question in questions:
        counts = tally.get(question.pk, {})
        result = QuestionResult(question=question, answered=sum(counts.values()))
        good = set(question.satisfied_values()) if question.counts else set()
        for value, label in question.choices():
            count = counts.get(value, 0)
            percent = rate_of(count, result.answered) or Decimal("0.0")
            result.options.append(Option(label, count, percent, value in good))
        if result.options:
            result.chart = distribution_chart(result)
        result.texts = texts.get(question.pk, [])
        results.append(result)
    return results


# --- the assessment's measure ------------------------------------------------------------------


def satisfaction_by_school(school_ids, school_year: int) -> dict[int, dict]:
    """Counted and satisfied responses per school over every round of the school year, with
    the rounds they came from (two queries)."""
    figures: dict[int, dict] = {}
    for row in (
        Response.objects.filter(
            school_id__in=school_ids,
            round__school_year=school_year,
            satisfied__isnull=False,
        )
        .order_by()
        .values("school_id", "round_id")
        .annotate(n=Count("pk"), satisfied=Count("pk", filter=Q(satisfied=True)))
    ):
        entry = figures.setdefault(row["school_id"], {"n": 0, "satisfied": 0, "rounds": []})
        entry["n"] += row["n"]
        entry["satisfied"] += row["satisfied"]
        entry["rounds"].append(row["round_id"])
    round_ids = {pk for entry in figures.values() for pk in entry["rounds"]}
    titles = dict(Round.objects.filter(pk__in=round_ids).values_list("pk", "title"))
    for entry in figures.values():
        entry["rounds"] = sorted((pk, titles[pk]) for pk in set(entry["rounds"]))
    return figures
