"""Delete the uploaded files of old import jobs; the job rows and their reports stay.

    python manage.py purge_import_files [--days 90] [--dry-run]

Uploads are kept between preview and confirmation only. After ``--days`` a job's file is
removed from storage; a job that was previewed but never confirmed can then no longer be
confirmed and is marked failed with a message saying so. Jobs still running are left alone.
Run it from cron on the server.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from spreadsheets.models import ImportJob, JobStatus

EXPIRED_MESSAGE = "上传文件已过期清理，如需导入请重新上传。"


class Command(BaseCommand):
    help = "清理过期导入任务的上传文件（保留任务记录与结果摘要）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=90, help="保留天数（默认 90）")
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args, days: int, dry_run: bool, **options) -> None:
        cutoff = timezone.now() - datetime.timedelta(days=days)
        running = (JobStatus.UPLOADED, JobStatus.PREVIEWING, JobStatus.APPLYING)
        jobs = (
            ImportJob.objects.filter(created_at__lt=cutoff)
            .exclude(file="")
            .exclude(status__in=running)
        )
        count = 0
        for job in jobs.iterator():
            count += 1
            if dry_run:
                continue
            job.file.delete(save=False)
            if job.status == JobStatus.PREVIEWED:
                job.status = JobStatus.FAILED
                job.message = EXPIRED_MESSAGE
            job.save(update_fields=["file", "status", "message"])
        verb = "将清理" if dry_run else "已清理"
        self.stdout.write(f"{verb} {count} 个导入任务的上传文件（{days} 天以前）。")
