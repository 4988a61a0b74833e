"""Vocabularies of the resource library."""

from django.db import models


class ResourceKind(models.TextChoices):
    """The kind of a library entry. The first six are what a school adds directly; the others
    are the kinds of activity materials (``activities.enums.MaterialKind``, same values), whose
    entries the library lists with their activity."""

    DESIGN = "design", "教学设计"
    SLIDES = "slides", "课件"
    QUESTION_BANK = "question_bank", "题库"
    SCHOOL_COURSE = "school_course", "校本课程"
    MICRO_LESSON = "micro_lesson", "微课"
    OTHER = "other", "其他"
    PLAN = "plan", "活动方案"
    SCHEDULE = "schedule", "活动安排"
    BRIEF = "brief", "简报"
    REFLECTION = "reflection", "教学反思"
    IMPRESSION = "impression", "听课感受"
    OBSERVATION_FORM = "observation_form", "听评表"
    PHOTO = "photo", "照片"
    SUMMARY = "summary", "总结"


# What a school chooses from when it adds a resource itself.
UPLOAD_KINDS: tuple[str, ...] = (
    ResourceKind.DESIGN,
    ResourceKind.SLIDES,
    ResourceKind.QUESTION_BANK,
    ResourceKind.SCHOOL_COURSE,
    ResourceKind.MICRO_LESSON,
    ResourceKind.OTHER,
)

# Evidence rather than teaching resources: listed in the library, not counted as shared
# resources by the measure ``activities.resource_sharing``.
NOT_COUNTED_KINDS: tuple[str, ...] = (ResourceKind.PHOTO,)


class ShareScope(models.TextChoices):
    COMMUNITY = "community", "本教共体"
    DISTRICT = "district", "全县（区）"


class Source(models.TextChoices):
    """Where a library entry comes from (a filter of the library page)."""

    UPLOAD = "upload", "学校上传"
    ACTIVITY = "activity", "活动材料"
