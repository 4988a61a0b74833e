"""Delete the files of old jobs (import uploads, export results); the job rows and their
reports stay.

    python manage.py purge_job_files [--days 90] [--dry-run]

After ``--days`` a job's file is removed from storage. A job that was checked but never
confirmed (an import preview) can then no longer be confirmed and is marked failed with a
message saying so; a finished export's page then says its file has expired. Jobs still running
are left alone. Run it from cron on the server (``purge_import_files`` is the old name).
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.enums import RUNNING_STATUSES, JobStatus
from core.models import Job

EXPIRED_MESSAGE = "上传文件已过期清理，如需继续请重新上传。"


class Command(BaseCommand):
    help = "清理过期任务的文件（导入的上传文件、导出的结果文件），保留任务记录与结果摘要。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=90, help="保留天数（默认 90）")
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args, days: int, dry_run: bool, **options) -> None:
        cutoff = timezone.now() - datetime.timedelta(days=days)
        jobs = (
            Job.objects.filter(created_at__lt=cutoff)
            .exclude(file="")
            .exclude(status__in=RUNNING_STATUSES)
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
        self.stdout.write(f"{verb} {count} 个任务的文件（{days} 天以前）。")
