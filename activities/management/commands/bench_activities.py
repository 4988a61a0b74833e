"""Benchmark the activity list at scale (DOMAIN.md §7: ~1,000,000 activity records).

    python manage.py bench_activities --rows 1000000 [--explain]

Inside one transaction that is rolled back: a throw-away district with 5 communities, 60
schools and ``--rows`` activities over four school years (bulk inserts), then the list's
queries as the district's bureau user and as a community leader — the first page, a deep page,
and each filter — with the number of queries and the time of each. ``--explain`` prints
PostgreSQL's query plan of each (``EXPLAIN ANALYZE``), to show the filters use the indexes.
"""

from __future__ import annotations

import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from accounts.enums import Role
from accounts.models import User
from activities.models import Activity, ActivityKind
from activities.selectors import activity_filterset, list_queryset
from communities.enums import MemberRole
from communities.models import Community, Membership
from core.school_year import semester_of
from core.text import name_key
from schools.enums import Locale, Stage
from schools.models import District, School

BATCH = 10_000


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "联合活动列表的性能测试（在回滚的事务中生成测试数据）。"

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--explain", action="store_true")

    def handle(self, *args, rows: int, explain: bool, **options):
        if rows <= 0:
            raise CommandError("行数（--rows）须为正整数。")
        try:
            with transaction.atomic():
                self._run(rows, explain)
                raise _Rollback
        except _Rollback:
            pass

    def _run(self, rows: int, explain: bool) -> None:
        started = time.monotonic()
        district = District.objects.create(name="性能测试临时县", code="990999")
        schools = School.objects.bulk_create(
            [
                School(
                    district=district,
                    name=f"测试学校{n:03d}",
                    name_key=name_key(f"测试学校{n:03d}"),
                    stage=Stage.PRIMARY,
                    locale=Locale.RURAL,
                )
                for n in range(60)
            ]
        )
        communities = []
        for c in range(5):
            community = Community.objects.create(district=district, name=f"测试教共体{c}")
            communities.append(community)
            for i, school in enumerate(schools[c * 12 : (c + 1) * 12]):
                Membership.objects.create(
                    community=community,
                    school=school,
                    start_on=datetime.date(2020, 9, 1),
                    role=MemberRole.CORE if i == 0 else MemberRole.MEMBER,
                )
        kinds = list(ActivityKind.objects.filter(district=None))
        first = datetime.date(2022, 9, 1)
        for start in range(0, rows, BATCH):
            batch = []
            for n in range(start, min(start + BATCH, rows)):
                day = first + datetime.timedelta(days=n % 1460)
                year, semester = semester_of(day)
                c = n % 5
                batch.append(
                    Activity(
                        district=district,
                        community=communities[c],
                        theme=f"测试活动{n:07d}",
                        kind=kinds[n % len(kinds)],
                        start_date=day,
                        school_year=year.start,
                        semester=semester,
                        host_school=schools[c * 12 + n % 12],
                        status="held" if n % 10 else "planned",
                        review=("pending", "verified", "returned")[n % 3],
                    )
                )
            Activity.objects.bulk_create(batch)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE activities_activity")
        self.stdout.write(
            f"生成 {rows:,} 个活动，用时 {time.monotonic() - started:.1f} 秒（{connection.vendor}）"
        )
        bureau = User.objects.create(
            username="bench_bureau", role=Role.BUREAU_STAFF, district=district
        )
        leader = User.objects.create(
            username="bench_leader",
            role=Role.COMMUNITY_LEADER,
            district=district,
            community=communities[2],
        )
        cases = [
            ("局：第 1 页", bureau, "", 1),
            ("局：第 1000 页", bureau, "", 1000),
            ("局：学年+学期", bureau, "school_year=2024-2025&semester=spring", 1),
            ("局：教共体", bureau, f"community={communities[1].pk}", 1),
            ("局：待核实+已开展", bureau, "review=pending&status=held", 1),
            ("局：学校（承办或参与）", bureau, f"school={schools[5].pk}", 1),
            ("局：主题搜索", bureau, "q=测试活动09", 1),
            ("教共体负责人：第 1 页", leader, "", 1),
        ]
        self.stdout.write(f"{'情形':<22}{'查询数':>6}{'用时(ms)':>10}{'总行数':>12}")
        for label, user, query, page_number in cases:
            with CaptureQueriesContext(connection) as queries:
                t0 = time.monotonic()
                filterset = activity_filterset(user=user, params=QueryDict(query))
                qs = filterset.qs if filterset.is_valid() else filterset.queryset
                page = Paginator(list_queryset(qs), settings.JGT_PAGE_SIZE).get_page(page_number)
                list(page.object_list)
                total = page.paginator.count
                elapsed = (time.monotonic() - t0) * 1000
            self.stdout.write(f"{label:<22}{len(queries):>6}{elapsed:>10.0f}{total:>12,}")
            if explain and connection.vendor == "postgresql":
                sql_page = str(list_queryset(qs)[(page_number - 1) * 50 : page_number * 50].query)
                with connection.cursor() as cursor:
                    cursor.execute(
                        "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "
                        + list_queryset(qs)[
                            (page_number - 1) * 50 : page_number * 50
                        ].query.sql_with_params()[0],
                        list_queryset(qs)[
                            (page_number - 1) * 50 : page_number * 50
                        ].query.sql_with_params()[1],
                    )
                    plan = "\n    ".join(row[0] for row in cursor.fetchall())
                self.stdout.write(f"  EXPLAIN {label}:\n    {plan}")
                del sql_page
