"""Binding a list's dossiers at once: a background job (kind ``activities.dossiers``) that
renders one dossier PDF per activity of the user's filtered list and offers a zip.

The job stores the list's query string and the user; the worker re-runs the list's selector
under the same visibility, so the zip never holds an activity the user's list would not show.
At most ``MAX_DOSSIERS`` activities (WeasyPrint needs about a second each).
"""

from __future__ import annotations

import tempfile
import zipfile

from django.core.files import File
from django.http import QueryDict
from django.utils import timezone

from core.job_handlers import JobFailed, job_handler

from .dossier import file_name, render_dossier
from .selectors import activity_list

KIND = "activities.dossiers"
MAX_DOSSIERS = 300


@job_handler(KIND, offers_file=True, error_message="生成活动档案时发生意外错误，请联系管理员。")
def run_dossiers(job, progress) -> None:
    if job.user is None or not job.user.is_active:
        raise JobFailed("发起人的账号已停用。")
    activities = list(
        activity_list(user=job.user, params=QueryDict(job.params.get("query", "")))[
            : MAX_DOSSIERS + 1
        ]
    )
    if not activities:
        raise JobFailed("列表中没有活动。")
    if len(activities) > MAX_DOSSIERS:
        raise JobFailed(f"一次最多打包 {MAX_DOSSIERS} 个活动，请先筛选（如按学期、教共体）。")
    used: set[str] = set()
    with tempfile.TemporaryFile() as target:
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for index, activity in enumerate(activities, start=1):
                name = file_name(activity)
                if name in used:
                    name = f"{name}_{activity.pk}"
                used.add(name)
                archive.writestr(f"{name}.pdf", render_dossier(activity))
                progress(
                    int(index * 95 / len(activities)), f"已生成 {index} / {len(activities)} 份"
                )
        target.seek(0)
        today = timezone.localdate()
        job.file.save(f"dossiers-{today:%Y%m%d}.zip", File(target), save=False)
    job.file_name = f"活动档案-{today:%Y%m%d}.zip"
    job.summary = {"dossiers": len(activities)}
    job.message = f"已生成 {len(activities)} 份活动档案。"
