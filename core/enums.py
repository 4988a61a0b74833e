"""Vocabulary of the base app."""

from django.db import models


class JobStatus(models.TextChoices):
    """Where a background job stands (``core.models.Job``).

    A one-phase job (an export) goes QUEUED → RUNNING → DONE or FAILED. A two-phase job (an
    import) is first checked with nothing written (PREVIEWING → PREVIEWED, waiting for the user
    to confirm) and then applied (APPLYING → DONE or FAILED), or abandoned (ABANDONED).
    """

    QUEUED = "queued", "排队中"
    RUNNING = "running", "正在处理"
    PREVIEWING = "previewing", "正在检查"
    PREVIEWED = "previewed", "待确认"
    APPLYING = "applying", "正在写入"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"
    # A checked import the user chose not to confirm.
    ABANDONED = "abandoned", "已放弃"


RUNNING_STATUSES = (
    JobStatus.QUEUED,
    JobStatus.RUNNING,
    JobStatus.PREVIEWING,
    JobStatus.APPLYING,
)
