"""The resource library's rows.

``Resource`` is one entry of a community's library: either a resource a school added directly
(教学设计, 课件, 题库, 校本课程, 微课, 其他) or an activity material, listed with its activity
(``material`` set; the entry points at the material's own ``StoredFile``: nothing is copied,
and it follows the activity's community, host school, subject and grade). One table makes the
library one indexed, sortable, paginated query.

``ResourceDownload`` counts downloads per resource, downloading school and school year: one
small row per pair and year, incremented with ``F()`` (never a row per click).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from communities.models import Community
from core import files
from core.school_year import SchoolYear
from core.sorting import KEY_CHARS, sort_key, sort_key_field
from schools.models import District, School

from .enums import ResourceKind, ShareScope

RESOURCE = files.Policy(
    label="资源文件",
    kinds=(*files.DOCUMENTS, *files.IMAGES),
    folder="library",
    max_bytes=50 * 2**20,
)


class Resource(models.Model):
    district = models.ForeignKey(
        District, verbose_name="教育局", on_delete=models.PROTECT, related_name="+", editable=False
    )
    community = models.ForeignKey(
        Community,
        verbose_name="教共体",
        on_delete=models.PROTECT,
        related_name="resources",
        editable=False,
        help_text="上传时学校所在的教共体；活动材料为活动的教共体。",
    )
    school = models.ForeignKey(
        School, verbose_name="共享学校", on_delete=models.PROTECT, related_name="shared_resources"
    )
    material = models.OneToOneField(
        "activities.ActivityMaterial",
        verbose_name="活动材料",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="library_entry",
        editable=False,
    )
    kind = models.CharField("资源类型", max_length=20, choices=ResourceKind.choices)
    subject = models.CharField("学科", max_length=20, blank=True)
    grade = models.CharField("年级", max_length=20, blank=True)
    title = models.CharField("标题", max_length=120)
    title_key = sort_key_field()
    description = models.TextField("简介", blank=True, max_length=2000)
    file = files.protected_file_field("文件")
    scope = models.CharField(
        "共享范围", max_length=12, choices=ShareScope.choices, default=ShareScope.COMMUNITY
    )
    shared_on = models.DateField("共享日期")
    school_year = models.PositiveSmallIntegerField("学年", editable=False)
    downloads = models.PositiveIntegerField("下载次数", default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    # The download counter moves by F() updates, which history does not record anyway.
    history = HistoricalRecords(excluded_fields=["downloads", "title_key"])

    class Meta:
        verbose_name = "共享资源"
        verbose_name_plural = "共享资源"
        ordering = ["-shared_on", "-id"]
        indexes = [
            # The library's default order and its date column, within a district (bureau) ...
            models.Index(fields=["district", "-shared_on", "-id"], name="resource_district_date"),
            # ... and within a community (its members' view, most of the rows they see).
            models.Index(fields=["community", "-shared_on", "-id"], name="resource_community_date"),
            # District-shared rows seen by every school of the district.
            models.Index(fields=["district", "scope", "-shared_on"], name="resource_scope_date"),
            # Sortable columns: title (pinyin), kind, subject/grade, downloads.
            models.Index(fields=["district", "title_key", "id"], name="resource_title"),
            models.Index(fields=["district", "kind", "title_key", "id"], name="resource_kind"),
            models.Index(
                fields=["district", "subject", "grade", "title_key", "id"], name="resource_subject"
            ),
            models.Index(fields=["district", "-downloads", "-id"], name="resource_downloads"),
            # The school filter, the measure and the community panel (per school and year).
            models.Index(fields=["school", "school_year"], name="resource_school_year"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title_key = sort_key(self.title[:KEY_CHARS])
        if self.shared_on:
            self.school_year = SchoolYear.of(self.shared_on).start
        if self.school_id and not self.district_id:
            self.district_id = self.school.district_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("activities:resource_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.school_id and self.district_id and self.school.district_id != self.district_id:
            errors["school"] = "学校不属于本教育局。"
        if (
            self.community_id
            and self.district_id
            and self.community.district_id != self.district_id
        ):
            errors["community"] = "教共体不属于本教育局。"
        if errors:
            raise ValidationError(errors)

    @property
    def download_url(self) -> str:
        return reverse("activities:resource_download", kwargs={"pk": self.pk})

    @property
    def from_activity(self) -> bool:
        return self.material_id is not None

    @property
    def school_year_label(self) -> str:
        return SchoolYear(self.school_year).label


class ResourceDownload(models.Model):
    """Downloads of one resource by one school in one school year (a counter, not a log)."""

    resource = models.ForeignKey(
        Resource, verbose_name="资源", on_delete=models.CASCADE, related_name="download_counts"
    )
    school = models.ForeignKey(
        School, verbose_name="下载学校", on_delete=models.CASCADE, related_name="+"
    )
    school_year = models.PositiveSmallIntegerField("学年")
    count = models.PositiveIntegerField("下载次数", default=0)
    last_on = models.DateField("最近下载日期")

    class Meta:
        verbose_name = "资源下载统计"
        verbose_name_plural = "资源下载统计"
        ordering = ["resource", "school_year", "school"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "school", "school_year"],
                name="resource_download_once_per_school_year",
            ),
        ]
        indexes = [
            # Downloads a school made in a year (the community panel).
            models.Index(fields=["school_year", "school"], name="resource_download_school"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} · {self.school}：{self.count} 次"
