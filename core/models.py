"""Models of the base app: stored files (see ``core.files``) and jobs (see ``core.jobs``)."""

from __future__ import annotations

import functools
import os
import re
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

from .enums import RUNNING_STATUSES, JobStatus
from .job_handlers import handler_of


class ChoiceLabels:
    """Model mixin: ``get_FOO_display()`` reads a label table built once per field.

    Django's own rebuilds the field's whole choice table on every call (~15 µs); a list of
    50 rows with three such columns spent more on them than on its query.
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        label = _choice_labels(field).get(make_hashable(value), value)
        return force_str(label, strings_only=True)


@functools.cache
def _choice_labels(field) -> dict:
    return dict(make_hashable(field.flatchoices))


class StoredFile(models.Model):
    """One uploaded file: stored under a generated name, served only through its owner.

    A file has no visibility of its own. An owner model refers to it with
    ``core.files.protected_file_field`` and the download view asks the owner's visibility rule.
    """

    file = models.FileField("文件", max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "文件"
        verbose_name_plural = "文件"

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        """The extension of the stored name, which follows the sniffed type."""
        return PurePath(self.file.name).suffix.lower()

    @property
    def download_name(self) -> str:
        """The user's file name, with an extension that matches the content.

        A Word file uploaded as ``章程.pdf`` downloads as ``章程.docx``, so the user's program opens it.
        """
        name = PurePath(self.original_name)
        if name.suffix.lower() == self.extension:
            return self.original_name
        return f"{name.stem or '文件'}{self.extension}"


_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")


def job_file_path(instance: Job, filename: str) -> str:
    """A generated name under MEDIA_ROOT/jobs/: users' file names never reach the disk.

    Only the lower-cased extension survives (so a worker can tell .xlsx from .csv); the name
    users know the file by is kept in ``Job.file_name``.
    """
    suffix = os.path.splitext(filename)[1].lower()
    suffix = suffix if _SUFFIX.fullmatch(suffix) else ""
    return f"jobs/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Job(models.Model):
    """One job: an import, a large export, a batch of PDF reports — its progress and result.

    ``kind`` names the handler registered in ``core.jobs`` (``spreadsheets.import``,
    ``spreadsheets.export``, …); ``params`` holds what the handler needs to run it again in a
    worker (an export's list name and query string). The job belongs to the user who started it
    and to that user's district; who may see it is the visibility rule of ``Job``
    (``accounts.visibility``): the district's bureau users, or the user who started it.

    Why a foreign key to ``schools.District`` declared by string in the base app: every row of
    this platform belongs to a district, and jobs are listed and scoped by it; a string reference
    is no Python import (``core`` still imports no other app), while a bare integer column would
    lose the database's integrity check and the cascade when a district is removed. The
    migration graph carries the dependency. ``district`` is empty only for a platform operator's
    own jobs.

    ``file`` is the job's one file, under a generated name (``job_file_path``): the upload an
    import reads, or the file an export produced. It is served only by ``core:job_file``, to
    users who may see the job, and only when the handler says the file is a result.
    ``purge_job_files`` removes old files and keeps the rows.
    """

    kind = models.CharField("类型", max_length=40)
    title = models.CharField("名称", max_length=200)
    params = models.JSONField("参数", default=dict, blank=True)
    district = models.ForeignKey(
        "schools.District",
        verbose_name="教育局",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    status = models.CharField(
        "状态", max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    percent = models.PositiveSmallIntegerField("进度", default=0)
    message = models.CharField("说明", max_length=500, blank=True)
    summary = models.JSONField("结果摘要", default=dict, blank=True)
    file = models.FileField("文件", upload_to=job_file_path, max_length=200, blank=True)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    background = models.BooleanField("后台处理", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The import page lists the district's latest jobs of one kind.
            models.Index(
                fields=["district", "kind", "-created_at"], name="job_district_kind_recent"
            ),
            # A user's own jobs (school and community leaders see only theirs).
            models.Index(fields=["user", "-created_at"], name="job_user_recent"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        handler = handler_of(self.kind)
        if handler is not None and handler.page_url is not None:
            return handler.page_url(self)
        return reverse("core:job_detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def status_label(self) -> str:
        """The status as users read it; a handler may say it better (a failed check)."""
        handler = handler_of(self.kind)
        if handler is not None and handler.status_label is not None:
            label = handler.status_label(self)
            if label:
                return label
        return self.get_status_display()
