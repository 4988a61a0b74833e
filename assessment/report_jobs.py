"""Every community's year-end report at once: a background job (kind ``assessment.reports``)
that renders one PDF per community of a scheme and offers a zip.

The job stores the scheme's id and its user; the handler fetches the scheme again through the
user's visibility and checks the user still manages the assessment, so a worker never builds
what the user could not download. The district's results and the rules are computed once for
all communities (``reports.community_reports``); each PDF then takes WeasyPrint about a second.
Run by ``manage.py db_worker`` (django-tasks' database backend): any number of workers on any
number of machines take jobs from the same table (README, "Assessment reports").
"""

from __future__ import annotations

import tempfile
import zipfile

from django.core.files import File

from accounts.access import can_manage_assessment
from core import scoping
from core.job_handlers import JobFailed, job_handler

from . import reports
from .models import Scheme

KIND = "assessment.reports"


@job_handler(KIND, offers_file=True, error_message="生成考核报告时发生意外错误，请联系管理员。")
def run_reports(job, progress) -> None:
    user = job.user
    if user is None or not user.is_active or not can_manage_assessment(user):
        raise JobFailed("发起人的账号已停用或已无权限。")
    scheme = scoping.visible(user, Scheme).filter(pk=job.params.get("scheme")).first()
    if scheme is None:
        raise JobFailed("考核方案不存在或已删除。")
    progress(2, "正在计算考核结果……")
    built = reports.community_reports(scheme)
    if not built:
        raise JobFailed("该学年没有教共体的考核结果。")
    with tempfile.TemporaryFile() as target:
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            used: set[str] = set()
            for index, report in enumerate(built, start=1):
                name = report.file_name
                if name in used:
                    name = f"{report.result.community_id}_{name}"
                used.add(name)
                archive.writestr(name, reports.report_pdf(report))
                progress(5 + int(index * 93 / len(built)), f"已生成 {index} / {len(built)} 份")
        target.seek(0)
        job.file.save(f"assessment-reports-{scheme.school_year}.zip", File(target), save=False)
    job.file_name = f"{scheme.district.name}_{scheme.year.label}学年捆绑考核报告.zip"
    job.summary = {"reports": len(built)}
    job.message = f"已生成 {len(built)} 份教共体考核报告。"
