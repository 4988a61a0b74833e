"""python manage.py bench_pages [--schools 3000] [--teachers 60000] [--communities 400]
                               [--runs 20] [--allow-nonempty] [--keep]

Measures the list pages at county scale, side by side with a bare view.

It builds one district (bulk inserts: 3,000 schools, a third of them teaching points under a
central school; 60,000 teachers; 400 communities, one of them with 80 member schools), runs
``VACUUM ANALYZE`` (as autovacuum would have on a live database), then requests each page through the full Django stack (test
client: middleware, session, login, templates) as a bureau user, and prints one table:

    page | rows | queries | median | p95 | bare view | ratio

The bare view renders the same page of rows, fetched by one ``.values()`` query in the page's
order, into a plain table in the site's base template, through the same stack. ``ratio`` is
median / bare median: the cost of the page beyond reading and printing its rows.

Times are those of a page seen before, as nearly every visit is: a list's count, filter choices
and filter form are kept until the next write (``core.listcache``). ``queries`` reads "6 (9)"
for 6 queries then, 9 on a first visit after a write.

Run it on an empty database made for it (it refuses a database that already holds schools
unless given ``--allow-nonempty``), e.g. on PostgreSQL::

    createdb -h 127.0.0.1 -U postgres jgt_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jgt_bench python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jgt_bench python manage.py bench_pages

Everything it builds is deleted at the end (``--keep`` keeps it, for looking around).
"""

from __future__ import annotations

import itertools
import random
import statistics
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import clear_url_caches, reverse
from simple_history.utils import bulk_create_with_history

from accounts.enums import Role
from accounts.models import User
from communities.enums import CommunityStage, MemberRole
from communities.models import Community, Membership, WorkGroup
from demo import bench_urls
from schools.enums import Education, Gender, Locale, Stage, Title
from schools.models import District, School, Teacher

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单解仇区"
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红梅林波辉鹏飞宇浩然欣怡晨阳子轩梓涵一诺思远"
TOWNS = [f"{a}{b}镇" for a in "东南西北中上下新老" for b in "河山桥湾岭坝溪塘"]
BATCH = 5000
BENCH_CODE = "990001"


class Command(BaseCommand):
    help = "测量县域规模下列表页的速度（与只读一次 .values() 的裸页面对比）。"

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=3000)
        parser.add_argument("--teachers", type=int, default=60000)
        parser.add_argument("--communities", type=int, default=400)
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument(
            "--allow-nonempty",
            action="store_true",
            help="在已有学校数据的数据库上也运行（默认拒绝：请用专门的空数据库）。",
        )
        parser.add_argument("--keep", action="store_true", help="保留生成的数据（默认回滚）。")

    def handle(self, *args, **options):
        if School.objects.exists() and not options["allow_nonempty"]:
            raise CommandError(
                "数据库中已有学校数据。请在专门的空数据库上运行（见 README「基准测试」），"
                "或加 --allow-nonempty。"
            )
        if District.objects.filter(code=BENCH_CODE).exists():
            raise CommandError(f"教育局 {BENCH_CODE} 已存在（上次用 --keep 保留的数据？）。")
        try:
            self._run(options)
        finally:
            if not options["keep"]:
                self._clean()
                self.stdout.write("（生成的数据已删除）")

    def _clean(self) -> None:
        district = District.objects.filter(code=BENCH_CODE).first()
        if district is None:
            return
        with transaction.atomic():
            WorkGroup.objects.filter(community__district=district).delete()
            WorkGroup.history.filter(community__district=district).delete()
            Membership.history.filter(community__district=district).delete()
            Membership.objects.filter(community__district=district).delete()
            Community.objects.filter(district=district).delete()
            User.objects.filter(username="bench-pages").delete()
            Teacher.objects.filter(school__district=district).delete()
            School.objects.filter(district=district, parent__isnull=False).delete()
            School.objects.filter(district=district).delete()
            district.delete()

    # --- data -----------------------------------------------------------------------------

    def _build(self, options) -> tuple[User, Community]:
        rng = random.Random(8)
        started = time.perf_counter()
        district = District.objects.create(name="基准县", code=BENCH_CODE)
        n_schools = options["schools"]
        n_central = n_schools * 2 // 3
        centrals = School.objects.bulk_create(
            [
                School(
                    district=district,
                    name=f"{TOWNS[i % len(TOWNS)]}第{i + 1}中心小学",
                    stage=Stage.PRIMARY if i % 4 else Stage.JUNIOR,
                    locale=Locale.RURAL if i % 3 else Locale.TOWN,
                    township=TOWNS[i % len(TOWNS)],
                    students=rng.randint(100, 2000),
                    classes=rng.randint(6, 40),
                )
                for i in range(n_central)
            ],
            batch_size=1000,
        )
        points = School.objects.bulk_create(
            [
                School(
                    district=district,
                    name=f"{centrals[i % n_central].name}{i + 1}号教学点",
                    stage=Stage.PRIMARY,
                    locale=Locale.RURAL,
                    township=centrals[i % n_central].township,
                    parent=centrals[i % n_central],
                    students=rng.randint(5, 80),
                    classes=rng.randint(1, 4),
                    is_legal_entity=False,
                )
                for i in range(n_schools - n_central)
            ],
            batch_size=1000,
        )
        schools = centrals + points
        teachers = []
        for i in range(options["teachers"]):
            teachers.append(
                Teacher(
                    school=schools[i % len(schools)],
                    name=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.randint(1, 2))),
                    gender=Gender.FEMALE if i % 3 else Gender.MALE,
                    birth_year=rng.randint(1965, 2000),
                    education=Education.BACHELOR,
                    title=rng.choice(Title.values),
                    subjects="语文",
                )
            )
            if len(teachers) >= BATCH:
                Teacher.objects.bulk_create(teachers, batch_size=1000)
                teachers = []
        Teacher.objects.bulk_create(teachers, batch_size=1000)
        communities = Community.objects.bulk_create(
            [
                Community(
                    district=district,
                    name=f"{TOWNS[i % len(TOWNS)]}教共体{i + 1}号",
                    stage=CommunityStage.PRIMARY,
                )
                for i in range(options["communities"])
            ],
            batch_size=1000,
        )
        memberships = []
        start = time.strftime("%Y-09-01", time.localtime(time.time() - 400 * 86400))
        big = communities[0]
        members = iter(centrals)
        memberships.append(
            Membership(community=big, school=next(members), role=MemberRole.CORE, start_on=start)
        )
        for school in itertools.islice(members, 80):
            memberships.append(Membership(community=big, school=school, start_on=start))
        for c in communities[1:]:
            for role in (MemberRole.CORE, MemberRole.MEMBER, MemberRole.MEMBER):
                school = next(members, None)
                if school is not None:
                    memberships.append(
                        Membership(community=c, school=school, role=role, start_on=start)
                    )
        # The big community's memberships with their history records (the page shows them),
        # and its work groups, one of them with 346 members like the demo's education group.
        bulk_create_with_history(
            [m for m in memberships if m.community_id == big.pk], Membership, batch_size=1000
        )
        Membership.objects.bulk_create(
            [m for m in memberships if m.community_id != big.pk], batch_size=1000
        )
        staff = list(
            Teacher.objects.filter(
                school_id__in=[m.school_id for m in memberships if m.community_id == big.pk]
            ).values_list("pk", flat=True)[:346]
        )
        for i, size in enumerate((346, 40, 20, 12)):
            group = WorkGroup.objects.create(
                community=big, name=f"工作小组{i + 1}", leader_id=staff[i % len(staff)]
            )
            group.members.set(staff[:size])
        user = User.objects.create(
            username="bench-pages", role=Role.BUREAU_STAFF, district=district
        )
        with connection.cursor() as cursor:
            # Fresh planner statistics and visibility maps (index-only scans), as on a live
            # database after autovacuum.
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(
            f"已生成：{len(schools)} 所学校，{options['teachers']} 名教师，"
            f"{len(communities)} 个教共体（{time.perf_counter() - started:.1f} 秒，"
            f"{connection.vendor}）"
        )
        return user, big

    # --- measuring --------------------------------------------------------------------------

    def _measure(self, client: Client, url: str, runs: int) -> tuple[int, str, float, float]:
        cache.clear()  # the first request reads everything (core.listcache)
        cold = []
        with connection.execute_wrapper(lambda execute, *a: cold.append(1) or execute(*a)):
            client.get(url)
        client.get(url)
        queries = []
        with connection.execute_wrapper(lambda execute, *a: queries.append(1) or execute(*a)):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        rows = response.content.count(b"<tr") - 1
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        counted = (
            f"{len(queries)} ({len(cold)})" if len(cold) != len(queries) else str(len(queries))
        )
        return rows, counted, statistics.median(times), p95

    def _run(self, options) -> None:
        user, big = self._build(options)
        # The site's URLs plus the bare view, for this run only (demo.bench_urls).
        bench_urls.urlpatterns[:] = bench_urls.patterns(settings.ROOT_URLCONF)
        try:
            with override_settings(
                ROOT_URLCONF="demo.bench_urls", ALLOWED_HOSTS=["testserver"], DEBUG=False
            ):
                clear_url_caches()
                client = Client()
                client.force_login(user)
                self._table(client, big, options["runs"])
        finally:
            bench_urls.urlpatterns.clear()
            clear_url_caches()

    def _table(self, client: Client, big: Community, runs: int) -> None:
        pages = [
            ("教师列表 第 1 页", reverse("schools:teacher_list"), "teachers", 1),
            ("教师列表 第 50 页", reverse("schools:teacher_list") + "?page=50", "teachers", 50),
            ("学校列表 第 1 页", reverse("schools:school_list"), "schools", 1),
            ("学校列表 第 50 页", reverse("schools:school_list") + "?page=50", "schools", 50),
            ("教共体列表 第 1 页", reverse("communities:community_list"), "communities", 1),
            (
                f"教共体详情（{big.memberships.count()} 所成员校）",
                big.get_absolute_url(),
                None,
                None,
            ),
        ]
        header = ("page", "rows", "queries", "median", "p95", "bare view", "ratio")
        lines = [header]
        for label, url, bare_kind, page in pages:
            rows, queries, median, p95 = self._measure(client, url, runs)
            bare = ratio = "—"
            if bare_kind:
                bare_url = reverse("bench_bare", args=[bare_kind]) + f"?page={page}"
                _, _, bare_median, _ = self._measure(client, bare_url, runs)
                bare, ratio = f"{bare_median:.1f} ms", f"{median / bare_median:.1f}×"
            lines.append(
                (label, str(rows), queries, f"{median:.1f} ms", f"{p95:.1f} ms", bare, ratio)
            )
        self.stdout.write("| " + " | ".join(header) + " |")
        self.stdout.write("|" + "---|" * len(header))
        for line in lines[1:]:
            self.stdout.write("| " + " | ".join(line) + " |")
