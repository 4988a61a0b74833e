"""Delete access-log lines older than a number of days (default 365).

    python manage.py purge_access_log [--days 365]

Run nightly (deploy/systemd/jgt-maintenance.service). The access log grows with every login and
every refused request; a year answers "who tried what" questions without growing for ever.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import AccessEvent


class Command(BaseCommand):
    help = "删除早于指定天数的访问日志（默认保留 365 天）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=365, help="保留天数（默认 365）")

    def handle(self, *args, days: int, **options) -> None:
        if days < 1:
            raise CommandError("保留天数至少为 1。")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        deleted, _ = AccessEvent.objects.filter(at__lt=cutoff).delete()
        self.stdout.write(f"已删除 {deleted} 条 {days} 天前的访问日志。")
