"""Build the fictional demo county 示范县 (999999) with its schools, teachers, communities and
demo users. Demo data only: nothing else in the project creates these users."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from demo.builder import layout
from demo.builder.build import build_demo_county
from schools.models import District


class Command(BaseCommand):
    help = "生成示范县（999999）演示数据：学校、教师、教共体与四个演示账号。重复运行不做任何更改。"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="数据库中已有任何教育局时什么也不做（供 make run 使用）。",
        )

    def handle(self, *args, if_empty: bool = False, **options) -> None:
        if if_empty and District.objects.exists():
            self.stdout.write("数据库已有数据，跳过生成示范县。")
            return
        if District.objects.filter(code=layout.DISTRICT_CODE).exists():
            self.stdout.write(
                f"{layout.DISTRICT_NAME}（{layout.DISTRICT_CODE}）已存在，未做任何更改。"
            )
            return
        usernames = [u[0] for u in layout.DEMO_USERS]
        taken = list(User.objects.filter(username__in=usernames).values_list("username", flat=True))
        if taken:
            raise CommandError(f"用户名已被占用：{'、'.join(sorted(taken))}；未生成示范县。")

        started = time.monotonic()
        with transaction.atomic():
            summary = build_demo_county()
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成{layout.DISTRICT_NAME}（{layout.DISTRICT_CODE}）：学校 {summary.schools} 所，"
                f"教师 {summary.teachers} 名，教共体 {summary.communities} 个，"
                f"成员关系 {summary.memberships} 条，职务 {summary.positions} 个，"
                f"工作小组 {summary.work_groups} 个，联合活动 {summary.activities} 个，"
                f"满意度答卷 {summary.survey_responses} 份，"
                f"演示账号 {len(summary.users)} 个"
                f"（用时 {elapsed:.1f} 秒）。"
            )
        )
        self.stdout.write("查看演示账号：python manage.py demo_logins")
