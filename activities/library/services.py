"""Writes to the resource library.

- ``resource_add`` / ``resource_update`` / ``resource_delete``: resources a school adds itself,
  through ``core.services.validated_save`` in a transaction, with the acting user (history).
  The file is checked by ``core.files`` (type by content, size) and stored once.
- ``resource_for_material`` / ``resources_follow_activity``: the library entry of each activity
  material (called by ``activities.services``), pointing at the material's own stored file.
- ``download_count``: one more download of a resource by a school, counted per school year in
  one row, safe under concurrent downloads (``get_or_create`` then ``F() + 1``).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from communities.visibility import community_of_school
from core import files
from core.school_year import SchoolYear
from core.services import validated_save
from core.text import strip_format_chars

from .enums import UPLOAD_KINDS, ShareScope
from .models import RESOURCE, Resource, ResourceDownload


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _safe_name(name: str | None) -> str:
    # The same cleaning as activity materials: no directories, control or format characters.
    text = strip_format_chars(str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(c for c in text if c >= " " and c not in '<>:"|?*\x7f').strip().lstrip(".")
    return text[-120:] or "文件"


def _store(upload):
    if upload is None:
        raise ValidationError({"file": "请选择要上传的文件。"})
    if not upload.size:
        raise ValidationError({"file": "文件为空。"})
    try:
        files.check(upload, policy=RESOURCE)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    upload.name = _safe_name(upload.name)
    return files.store(upload, policy=RESOURCE)


def _check(resource: Resource) -> None:
    if resource.kind not in UPLOAD_KINDS:
        raise ValidationError({"kind": "请选择资源类型。"})
    if resource.scope not in ShareScope.values:
        raise ValidationError({"scope": "请选择共享范围。"})


def resource_add(*, resource: Resource, upload, actor=None) -> Resource:
    """Add a resource of ``resource.school``, shared in the school's current community (or the
    whole district, as ``resource.scope`` says). Raises ValidationError in Chinese."""
    _check(resource)
    community = community_of_school(resource.school)
    if community is None:
        raise ValidationError(
            {"school": f"「{resource.school.name}」目前不属于任何教共体，不能向资源库上传。"}
        )
    resource.community = community
    resource.district_id = resource.school.district_id
    resource.shared_on = resource.shared_on or datetime.date.today()
    resource.uploaded_by = _actor(actor)
    resource.material = None
    resource.full_clean(exclude=["file", "title_key", "school_year"])
    with transaction.atomic():
        resource.file = _store(upload)
        return validated_save(resource, actor=actor)


def resource_update(*, resource: Resource, upload=None, actor=None) -> Resource:
    """Save an edited resource added directly; a new upload replaces its file."""
    if resource.material_id is not None:
        raise ValidationError("活动材料随活动维护，请到活动页面修改。")
    _check(resource)
    resource.full_clean(exclude=["file", "title_key", "school_year"])
    with transaction.atomic():
        if upload:
            resource.file = _store(upload)
        return validated_save(resource, actor=actor, reason="修改资源")


def resource_delete(*, resource: Resource, actor=None) -> None:
    if resource.material_id is not None:
        raise ValidationError("活动材料随活动维护，请到活动页面删除。")
    with transaction.atomic():
        if _actor(actor) is not None:
            resource._history_user = actor
        resource.delete()


def _material_title(material) -> str:
    return (material.title or (material.file.original_name if material.file_id else ""))[:120]


def resource_for_material(*, material, actor=None) -> Resource:
    """The library entry of a new activity material (its file is not copied)."""
    activity = material.activity
    entry = Resource(
        district_id=activity.district_id,
        community_id=activity.community_id,
        school_id=activity.host_school_id,
        material=material,
        kind=material.kind,
        subject=activity.subject,
        grade=activity.grade,
        title=_material_title(material) or material.get_kind_display(),
        description=f"来自活动「{activity.display_name}」",
        file_id=material.file_id,
        scope=ShareScope.COMMUNITY,
        # Dated by its activity: the school year it counts for is the activity's.
        shared_on=activity.start_date,
        uploaded_by=_actor(actor),
    )
    return validated_save(entry, actor=actor)


def resources_follow_activity(*, activity) -> int:
    """After an activity is edited: its materials' entries take its community, host school,
    subject, grade, name and date (rows of the library, not records of their own: not in
    history)."""
    return Resource.objects.filter(material__activity=activity).update(
        shared_on=activity.start_date,
        school_year=SchoolYear.of(activity.start_date).start,
        district_id=activity.district_id,
        community_id=activity.community_id,
        school_id=activity.host_school_id,
        subject=activity.subject,
        grade=activity.grade,
        description=f"来自活动「{activity.display_name}」",
    )


def download_count(*, resource: Resource, school, on: datetime.date | None = None) -> None:
    """Count one download of ``resource`` by ``school`` (the downloading user's school).

    One row per resource, school and school year: created once (``get_or_create``, which
    settles a race between two first downloads on the unique constraint), then incremented in
    the database (``F("count") + 1``), so concurrent downloads are all counted. The resource's
    total moves the same way (the list sorts by it)."""
    on = on or datetime.date.today()
    year = SchoolYear.of(on).start
    with transaction.atomic():
        row, _ = ResourceDownload.objects.get_or_create(
            resource=resource, school=school, school_year=year, defaults={"last_on": on}
        )
        ResourceDownload.objects.filter(pk=row.pk).update(count=F("count") + 1, last_on=on)
        Resource.objects.filter(pk=resource.pk).update(downloads=F("downloads") + 1)
