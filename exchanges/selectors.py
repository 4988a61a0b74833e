"""Reads of the exchanges app for pages, exports, panels and to-dos.

Every read starts from the user's visible rows (``core.scoping.visible``) and runs a fixed
number of queries whatever the number of rows (hosts are prefetched, names annotated).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db.models import (
    Aggregate,
    CharField,
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from communities.models import Community
from communities.visibility import community_school_ids
from core import scoping
from core.school_year import SchoolYear
from schools.enums import COUNTY_OR_HIGHER_BACKBONE
from schools.models import School, Teacher

from .enums import ExchangeStatus
from .filters import ExchangeFilter, LessonDayFilter, MentorshipFilter, PrincipalPostFilter
from .models import Exchange, ExchangeHost, ExchangeStep, LessonDay, Mentorship, PrincipalPost

# --- host names in one column ----------------------------------------------------------------


class JoinedNames(Aggregate):
    """Names joined with 、 (SQLite GROUP_CONCAT, PostgreSQL STRING_AGG)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, '、')"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s::text, '、')",
            **extra_context,
        )


def with_host_names(queryset: QuerySet[Exchange]) -> QuerySet[Exchange]:
    """Annotate ``host_names`` (接收学校, joined with 、) as one subquery."""
    names = (
        ExchangeHost.objects.filter(exchange=OuterRef("pk"))
        .order_by()
        .values("exchange")
        .annotate(names=JoinedNames("school__name"))
        .values("names")
    )
    return queryset.annotate(host_names=Subquery(names, output_field=CharField()))


HOSTS_PREFETCH = Prefetch(
    "host_links", queryset=ExchangeHost.objects.select_related("school").order_by("order", "id")
)

# --- filter choices --------------------------------------------------------------------------


def community_choices(user) -> list[tuple[str, str]]:
    return [
        (str(pk), name)
        for pk, name in scoping.visible(user, Community)
        .order_by("sort_key", "pk")
        .values_list("pk", "name")
    ]


def visible_schools(user) -> QuerySet[School]:
    return scoping.visible(user, School).order_by("sort_key", "pk")


# --- exchanges -------------------------------------------------------------------------------


def exchange_filter(*, user, params: Mapping | None) -> ExchangeFilter:
    visible = scoping.visible(user, Exchange).select_related("teacher", "home_school", "community")
    return ExchangeFilter(
        data=params or {},
        queryset=visible.order_by(
            "-planned_start", "home_school__sort_key", "teacher__sort_key", "pk"
        ),
        communities=community_choices(user),
        schools=visible_schools(user),
    )


def exchange_list(*, user, params: Mapping | None) -> QuerySet[Exchange]:
    """The user's visible exchanges, filtered; hosts prefetched (page) and named (export)."""
    return with_host_names(exchange_filter(user=user, params=params).qs).prefetch_related(
        HOSTS_PREFETCH
    )


def exchange_detail(*, user, pk: int) -> Exchange:
    queryset = (
        scoping.visible(user, Exchange)
        .select_related("teacher", "home_school", "home_school__parent", "community", "assessed_by")
        .prefetch_related(HOSTS_PREFETCH)
    )
    return scoping.get_from_or_404(queryset, pk=pk)


def exchange_steps(exchange: Exchange) -> list[ExchangeStep]:
    return list(exchange.steps.select_related("user").order_by("at", "id"))


def serving_at(school: School, *, user, on: datetime.date | None = None) -> list[Exchange]:
    """Teachers serving at ``school`` (or its nested schools) on a day: filed or serving
    exchanges whose dates cover it, visible to the user."""
    on = on or datetime.date.today()
    schools = School.objects.filter(Q(pk=school.pk) | Q(parent_id=school.pk)).values("pk")
    hosted = ExchangeHost.objects.filter(school_id__in=schools).values("exchange_id")
    return list(
        scoping.visible(user, Exchange)
        .filter(pk__in=hosted, status__in=[ExchangeStatus.FILED, ExchangeStatus.SERVING])
        .covering(on)
        .select_related("teacher", "home_school")
        .prefetch_related(HOSTS_PREFETCH)
        .order_by("teacher__sort_key", "pk")
    )


def outgoing_from(school: School, *, user, limit: int = 30) -> list[Exchange]:
    """The school's own teachers sent out (counting exchanges), newest first."""
    return list(
        scoping.visible(user, Exchange)
        .filter(home_school=school)
        .counting()
        .select_related("teacher")
        .prefetch_related(HOSTS_PREFETCH)
        .order_by("-planned_start", "teacher__sort_key", "pk")[:limit]
    )


def teacher_record(teacher: Teacher, *, user) -> dict:
    """Everything the teacher's exchange record shows (page panel and print page)."""
    exchanges = list(
        scoping.visible(user, Exchange)
        .filter(teacher=teacher)
        .select_related("home_school", "assessed_by")
        .prefetch_related(HOSTS_PREFETCH)
        .order_by("planned_start", "pk")
    )
    mentorships = list(
        scoping.visible(user, Mentorship)
        .filter(Q(mentor=teacher) | Q(apprentice=teacher))
        .select_related("mentor", "apprentice", "mentor_school", "apprentice_school")
        .order_by("start_on", "id")
    )
    posts = list(
        scoping.visible(user, PrincipalPost)
        .filter(teacher=teacher)
        .select_related("partner_school")
        .order_by("school_year", "semester", "id")
    )
    lesson_days = list(
        scoping.visible(user, LessonDay)
        .filter(teacher=teacher)
        .select_related("core_school")
        .order_by("month", "id")
    )
    return {
        "exchanges": exchanges,
        "mentorships": mentorships,
        "posts": posts,
        "lesson_days": lesson_days,
        "lesson_days_total": sum(r.days for r in lesson_days),
    }


def community_exchange_counts(
    *, user, community: Community, school_year: SchoolYear
) -> list[tuple[str, int]]:
    """(status label, count) of the school year's exchanges from or to the community."""
    hosted = ExchangeHost.objects.filter(community=community).values("exchange_id")
    rows = dict(
        scoping.visible(user, Exchange)
        .filter(Q(community=community) | Q(pk__in=hosted))
        .in_school_year(school_year)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return [(label, rows[value]) for value, label in ExchangeStatus.choices if rows.get(value)]


# --- the 备案 sheet ---------------------------------------------------------------------------


def filing_rows(*, user, community: Community, school_year: SchoolYear) -> list[Exchange]:
    """The exchanges a community files for a school year: those of its home schools (derived
    community) or hosted by it, not returned or cancelled, in home-school then name order."""
    hosted = ExchangeHost.objects.filter(community=community).values("exchange_id")
    from_here = scoping.visible(user, Exchange).filter(community=community)
    to_here = scoping.visible(user, Exchange).filter(pk__in=hosted)
    return list(
        with_host_names((from_here | to_here).counting().in_school_year(school_year))
        .select_related("teacher", "home_school")
        .order_by("home_school__sort_key", "teacher__sort_key", "pk")
    )


# --- light records ---------------------------------------------------------------------------


def principal_post_filter(*, user, params):
    visible = scoping.visible(user, PrincipalPost).select_related(
        "teacher", "home_school", "partner_school"
    )
    return PrincipalPostFilter(
        data=params or {},
        queryset=visible.order_by("-school_year", "-semester", "home_school__name", "pk"),
        schools=visible_schools(user),
    )


def principal_post_list(*, user, params: Mapping | None) -> QuerySet[PrincipalPost]:
    return principal_post_filter(user=user, params=params).qs


def lesson_day_filter(*, user, params):
    visible = scoping.visible(user, LessonDay).select_related(
        "teacher", "home_school", "core_school"
    )
    return LessonDayFilter(
        data=params or {},
        queryset=visible.order_by("-month", "home_school__sort_key", "teacher__sort_key", "pk"),
        schools=visible_schools(user),
    )


def lesson_day_list(*, user, params: Mapping | None) -> QuerySet[LessonDay]:
    return lesson_day_filter(user=user, params=params).qs


def mentorship_filter(*, user, params):
    visible = scoping.visible(user, Mentorship).select_related(
        "mentor", "apprentice", "mentor_school", "apprentice_school"
    )
    return MentorshipFilter(
        data=params or {},
        queryset=visible.order_by("-start_on", "mentor__name", "pk"),
        schools=visible_schools(user),
    )


def mentorship_list(*, user, params: Mapping | None) -> QuerySet[Mentorship]:
    return mentorship_filter(user=user, params=params).qs


def community_mentorships(*, user, community: Community, school_year: SchoolYear) -> list:
    """Pairings of the school year whose mentor or apprentice school is in the community."""
    schools = community_school_ids(community)
    return list(
        scoping.visible(user, Mentorship)
        .filter(Q(mentor_school_id__in=schools) | Q(apprentice_school_id__in=schools))
        .in_school_year(school_year)
        .select_related("mentor", "apprentice", "mentor_school", "apprentice_school")
        .order_by("mentor_school__name", "mentor__name", "pk")
    )


def backbones_without_apprentice(
    *, user, school_year: SchoolYear, community: Community | None = None
) -> QuerySet[Teacher]:
    """County-level-or-higher backbone teachers (visible to the user, of the community's
    schools when given) with no counting mentorship as mentor in the school year (rule 7)."""
    mentors = Mentorship.objects.counting().in_school_year(school_year).values("mentor_id")
    teachers = scoping.visible(user, Teacher).filter(backbone_level__in=COUNTY_OR_HIGHER_BACKBONE)
    if community is not None:
        teachers = teachers.filter(school_id__in=community_school_ids(community))
    return (
        teachers.exclude(pk__in=mentors).select_related("school").order_by("school__name", "name")
    )


# --- a school's growth archive (成长档案) -------------------------------------------------------


def school_archive_exchanges(school: School, *, user, school_year: SchoolYear) -> dict:
    """The school's exchanges in a school year, among those the user may see: teachers it
    received and sent (counting exchanges whose planned dates overlap the year), principal
    posts (挂职) it sent or received, and mentorships (师徒结对) with a mentor or apprentice of
    the school running in the year. Six queries (the hosts of those sent are prefetched)."""
    exchanges = scoping.visible(user, Exchange).counting().in_school_year(school_year)
    incoming = list(
        exchanges.hosted_by(school)
        .select_related("teacher", "home_school")
        .order_by("planned_start", "teacher__sort_key", "pk")
    )
    outgoing = list(
        exchanges.filter(home_school=school)
        .select_related("teacher")
        .prefetch_related(HOSTS_PREFETCH)
        .order_by("planned_start", "teacher__sort_key", "pk")
    )
    posts = list(
        scoping.visible(user, PrincipalPost)
        .in_school_year(school_year)
        .filter(Q(home_school=school) | Q(partner_school=school))
        .select_related("teacher", "home_school", "partner_school")
        .order_by("semester", "teacher__sort_key", "pk")
    )
    mentorships = list(
        scoping.visible(user, Mentorship)
        .counting()
        .in_school_year(school_year)
        .filter(Q(mentor_school=school) | Q(apprentice_school=school))
        .select_related("mentor", "apprentice", "mentor_school", "apprentice_school")
        .order_by("start_on", "pk")
    )
    return {
        "incoming": incoming,
        "outgoing": outgoing,
        "posts_out": [p for p in posts if p.home_school_id == school.pk],
        "posts_in": [p for p in posts if p.partner_school_id == school.pk],
        "posts_count": len(posts),
        "mentorships": mentorships,
    }


def school_exchange_year_starts(school: School, *, user) -> set[int]:
    """The school years (start years) with an exchange, principal post or mentorship of the
    school the user may see. Three queries."""
    years: set[int] = set()
    spans = (
        scoping.visible(user, Exchange)
        .counting()
        .filter(
            Q(home_school=school)
            | Q(pk__in=ExchangeHost.objects.filter(school=school).values("exchange_id"))
        )
        .order_by()
        .values_list("planned_start", "planned_end")
        .distinct()
    )
    mentor_spans = (
        scoping.visible(user, Mentorship)
        .counting()
        .filter(Q(mentor_school=school) | Q(apprentice_school=school))
        .order_by()
        .values_list("start_on", "end_on")
        .distinct()
    )
    current = SchoolYear.current().start
    for first, last in [*spans, *mentor_spans]:
        end = SchoolYear.of(last).start if last else current
        years.update(range(SchoolYear.of(first).start, min(end, current + 1) + 1))
    years.update(
        scoping.visible(user, PrincipalPost)
        .filter(Q(home_school=school) | Q(partner_school=school))
        .order_by()
        .values_list("school_year", flat=True)
        .distinct()
    )
    return years
