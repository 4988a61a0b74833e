"""Writes to activities, their materials, the kind catalogue and the work schedule.

Every write goes through ``core.services.validated_save`` in a transaction with the acting
user, so django-simple-history records who changed what (participating schools and teachers
included). Role checks are the views' (``activities.permissions``); the services keep the
invariants: an activity's schools and teachers belong to its district, editing a verified
activity puts it back to 待核实, only a held activity can be verified.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import files
from core.services import validated_save
from core.text import strip_format_chars

from . import photos
from .enums import ActivityStatus, MaterialKind, Review
from .library import services as library_services
from .models import MATERIAL, PHOTO, Activity, ActivityKind, ActivityMaterial, PlanItem

_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')


def safe_file_name(name: str | None) -> str:
    """The user's file name as kept for downloads: no directories, no control or format
    characters (right-to-left marks that disguise ``gpj.exe`` as ``exe.jpg``), at most 120
    characters."""
    text = strip_format_chars(str(name or "")).replace("\\", "/")
    text = posixpath.basename(text)
    text = _UNSAFE_NAME.sub("", text).strip().lstrip(".")
    return text[-120:] or "文件"


def _check_people(activity: Activity, schools, teachers) -> None:
    errors = {}
    if any(s.district_id != activity.district_id for s in schools):
        errors["schools"] = "参与学校须为本教育局的学校。"
    if any(t.school.district_id != activity.district_id for t in teachers):
        errors["teachers"] = "参与教师须为本教育局的教师。"
    if errors:
        raise ValidationError(errors)


def activity_create(
    *, activity: Activity, schools: Iterable = (), teachers: Iterable = (), actor=None
) -> Activity:
    schools, teachers = list(schools), list(teachers)
    with transaction.atomic():
        activity.district_id = activity.community.district_id
        activity.created_by = actor if getattr(actor, "is_authenticated", False) else None
        activity.review = Review.PENDING
        _check_people(activity, schools, teachers)
        validated_save(activity, actor=actor)
        if activity.host_school not in schools:
            schools.append(activity.host_school)
        activity.schools.set(schools)
        activity.teachers.set(teachers)
    return activity


def activity_update(
    *, activity: Activity, schools: Iterable = (), teachers: Iterable = (), actor=None
) -> Activity:
    """Save an edited activity; a verified or returned one goes back to 待核实."""
    schools, teachers = list(schools), list(teachers)
    with transaction.atomic():
        _check_people(activity, schools, teachers)
        reason = ""
        if activity.review != Review.PENDING:
            activity.review = Review.PENDING
            reason = "修改后重新待核实"
        validated_save(activity, actor=actor, reason=reason)
        library_services.resources_follow_activity(activity=activity)
        if activity.host_school not in schools:
            schools.append(activity.host_school)
        activity.schools.set(schools)
        activity.teachers.set(teachers)
    return activity


def _claim(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().get(pk=activity.pk)


def activity_verify(*, activity: Activity, actor) -> Activity:
    with transaction.atomic():
        current = _claim(activity)
        if current.status != ActivityStatus.HELD:
            raise ValidationError("只有「已开展」的活动才能核实。")
        if current.review == Review.VERIFIED:
            raise ValidationError("该活动已核实。")
        current.review = Review.VERIFIED
        current.review_comment = ""
        current.reviewed_by = actor
        current.reviewed_at = timezone.now()
        return validated_save(current, actor=actor, reason="核实")


def activity_return(*, activity: Activity, actor, comment: str) -> Activity:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "退回时请写明原因。"})
    with transaction.atomic():
        current = _claim(activity)
        if current.review == Review.RETURNED:
            raise ValidationError("该活动已退回。")
        current.review = Review.RETURNED
        current.review_comment = comment[:300]
        current.reviewed_by = actor
        current.reviewed_at = timezone.now()
        return validated_save(current, actor=actor, reason=f"退回：{comment[:100]}")


def material_add(
    *, activity: Activity, kind: str, upload, title: str = "", actor=None
) -> ActivityMaterial:
    """Store one upload as a material. Images (whatever the kind) are re-encoded and get a
    thumbnail; nothing of the upload is stored as sent. Raises ValidationError in Chinese."""
    if kind not in MaterialKind.values:
        raise ValidationError({"kind": "请选择材料类型。"})
    name = safe_file_name(getattr(upload, "name", ""))
    label = f"「{name}」"
    policy = PHOTO if kind == MaterialKind.PHOTO else MATERIAL
    if not upload.size:
        raise ValidationError(f"{label}：文件为空。")
    try:
        sniffed = files.check(upload, policy=policy)
    except ValidationError as error:
        raise ValidationError(f"{label}：{' '.join(error.messages)}") from error
    thumb = None
    if sniffed in files.IMAGES:
        try:
            upload, thumb_upload = photos.reencode(upload, name)
        except ValidationError as error:
            raise ValidationError(f"{label}：{' '.join(error.messages)}") from error
    else:
        upload.name = name
    with transaction.atomic():
        material = ActivityMaterial(
            activity=activity,
            kind=kind,
            title=(title or "").strip()[:120],
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        material.file = files.store(upload, policy=policy)
        if sniffed in files.IMAGES:
            thumb = files.store(thumb_upload, policy=PHOTO)
        material.thumbnail = thumb
        validated_save(material, actor=actor)
        # Every material is in the community's resource library (its file is not copied).
        library_services.resource_for_material(material=material, actor=actor)
        return material


def material_delete(*, material: ActivityMaterial, actor=None) -> None:
    with transaction.atomic():
        if actor is not None and getattr(actor, "is_authenticated", False):
            material._history_user = actor
        material.delete()


def kind_add(*, district, name: str, rule_tag: str = "", actor=None) -> ActivityKind:
    name = (name or "").strip()
    if ActivityKind.objects.for_district(district.pk).filter(name=name).exists():
        raise ValidationError({"name": f"活动类型「{name}」已存在。"})
    kind = ActivityKind(district=district, name=name, rule_tag=rule_tag or "", order=500)
    return validated_save(kind, actor=actor)


def plan_item_save(*, item: PlanItem, actor=None) -> PlanItem:
    with transaction.atomic():
        if item.group_id and item.group.community_id != item.community_id:
            raise ValidationError({"group": "责任小组须为本教共体的工作小组。"})
        return validated_save(item, actor=actor)


def plan_item_delete(*, item: PlanItem, actor=None) -> None:
    with transaction.atomic():
        if actor is not None and getattr(actor, "is_authenticated", False):
            item._history_user = actor
        item.delete()
