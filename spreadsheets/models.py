"""Import jobs: the uploaded file kept between preview and confirmation, and its progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from schools.models import District


class ImportKind(models.TextChoices):
    SCHOOLS = "schools", "学校名单"
    TEACHERS = "teachers", "教师名单"
    ROSTER = "roster", "教共体名单"


class JobStatus(models.TextChoices):
    UPLOADED = "uploaded", "已上传"
    PREVIEWING = "previewing", "正在检查"
    PREVIEWED = "previewed", "待确认"
    APPLYING = "applying", "正在导入"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ImportJob(models.Model):
    """One upload: previewed (nothing written), then confirmed (all or nothing)."""

    kind = models.CharField("类型", max_length=20, choices=ImportKind.choices)
    district = models.ForeignKey(
        District, verbose_name="教育局", on_delete=models.CASCADE, related_name="import_jobs"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    file = models.FileField("文件", upload_to="imports/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=200)
    status = models.CharField(
        "状态", max_length=20, choices=JobStatus.choices, default=JobStatus.UPLOADED
    )
    percent = models.PositiveSmallIntegerField("进度", default=0)
    message = models.CharField("说明", max_length=500, blank=True)
    summary = models.JSONField("结果摘要", default=dict, blank=True)
    background = models.BooleanField("后台处理", default=False)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The import page lists the district's latest jobs.
            models.Index(fields=["district", "-created_at"], name="importjob_district_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("spreadsheets:import_job", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in (JobStatus.UPLOADED, JobStatus.PREVIEWING, JobStatus.APPLYING)

    @property
    def status_label(self) -> str:
        """The status as users read it: a checked file with problems cannot be confirmed."""
        preview = (self.summary or {}).get("preview") or {}
        if self.status == JobStatus.PREVIEWED and preview.get("error_count"):
            return "检查未通过"
        return self.get_status_display()
