"""Uploaded files: checked by their content, stored under generated names, served through their
owner's visibility rule.

How an app attaches a file to a model (the community charter is the example)::

    # models.py — one allow-list per use, and a field that points at a StoredFile
    CHARTER = files.Policy(label="章程", kinds=(files.PDF, files.DOCX, files.DOC), folder="charters")
    charter = files.protected_file_field("章程")

    # forms.py — the upload field checks type and size and offers "clear"
    charter = files.UploadField(policy=CHARTER, required=False)

    # services.py — store the upload (checked again) and point the owner at it
    community.charter = files.store(upload, policy=CHARTER)

    # templates — {% load core_tags %}{% stored_file community "charter" as charter %}
    #             <a href="{{ charter.url }}">{{ charter.name }}</a>

Several files per object (activity materials, photos, score evidence) are rows of a small model
of the app's own (``ActivityMaterial(activity, file=protected_file_field(...), title)``) with a
visibility rule of their own (usually "visible with its activity").

The rules:

- **Type by content.** :func:`core.filetypes.sniff` reads the magic bytes (and, for zip and
  OLE containers, the names of their parts), never the extension. A policy allows some :class:`Kind` s; an HTML
  page or program renamed ``.pdf`` is refused with a message naming the field.
- **Size** is limited per policy (default: the ``JGT_FILES_MAX_BYTES`` setting).
- **Storage.** :class:`core.models.StoredFile` keeps the file under
  ``MEDIA_ROOT/<folder>/<year>/<random token><extension of the sniffed kind>`` and the user's
  file name only for the download's ``Content-Disposition``. ``MEDIA_URL`` is never routed, and
  the web server must not serve ``MEDIA_ROOT`` either.
- **Serving.** The one URL is ``files/<app_label>.<model>/<pk>/<field>/`` (``file_download``):
  the owner is fetched through ``core.scoping.visible(user, Model)`` (404 outside scope, a
  model without a rule shows nothing), and ``<field>`` must be a foreign key to ``StoredFile``.
  The response carries the stored type, ``X-Content-Type-Options: nosniff``, and is inline only
  for PDF and images. With ``JGT_FILES_X_ACCEL_PREFIX`` set (production), Django answers with
  ``X-Accel-Redirect`` and nginx sends the bytes from an internal location::

      location /protected-media/ {      # JGT_FILES_X_ACCEL_PREFIX=/protected-media/
          internal;
          alias /srv/jgt/media/;        # MEDIA_ROOT
          # nginx keeps Content-Type, Content-Disposition and Cache-Control of Django's answer
          # but drops the others: restate them.
          add_header X-Content-Type-Options nosniff always;
          add_header Content-Security-Policy $upstream_http_content_security_policy always;
      }

  Without it (development, tests), Django's ``FileResponse`` streams the file.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from dataclasses import dataclass
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header

from .filetypes import (  # noqa: F401 — the kinds are part of this module's interface
    DOC,
    DOCUMENTS,
    DOCX,
    EXCEL,
    IMAGES,
    INLINE_CONTENT_TYPES,
    JPEG,
    PDF,
    PNG,
    POWERPOINT,
    PPT,
    PPTX,
    WEBP,
    WORD,
    XLS,
    XLSX,
    Kind,
    sniff,
)
from .models import StoredFile

logger = logging.getLogger(__name__)


# --- policies and checks -----------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """What one use accepts: the field's label for messages, the kinds, the size, the folder."""

    label: str
    kinds: tuple[Kind, ...]
    folder: str
    max_bytes: int | None = None  # None: settings.JGT_FILES_MAX_BYTES

    @property
    def limit(self) -> int:
        return self.max_bytes or settings.JGT_FILES_MAX_BYTES

    @property
    def kinds_text(self) -> str:
        return "、".join(kind.label for kind in self.kinds)


def _megabytes(size: int) -> str:
    """``10 MB``, ``1.1 MB``, ``512 KB``: sizes as a user reads them."""
    unit, divisor = ("MB", 2**20) if size >= 2**20 else ("KB", 2**10)
    return f"{size / divisor:.1f}".removesuffix(".0") + f" {unit}"


def check(upload: UploadedFile, *, policy: Policy) -> Kind:
    """The upload's kind, or a ValidationError in Chinese naming the field."""
    if upload.size > policy.limit:
        raise ValidationError(
            f"「{policy.label}」不能超过 {_megabytes(policy.limit)}（此文件 "
            f"{_megabytes(upload.size)}）。",
            code="too_large",
        )
    kind = sniff(upload)
    if kind in policy.kinds:
        return kind
    found = f"此文件实际是{kind.label}文件" if kind else "无法识别此文件的内容"
    raise ValidationError(
        f"「{policy.label}」只能上传{policy.kinds_text}文件；{found}"
        "（按文件内容识别，改扩展名无效）。",
        code="wrong_type",
    )


def store(upload: UploadedFile, *, policy: Policy) -> StoredFile:
    """Check ``upload`` and save it under a generated name; returns the new StoredFile.

    Call it after the owner has been validated: a file already written is not removed if the
    transaction around it rolls back.
    """
    kind = check(upload, policy=policy)
    token = secrets.token_urlsafe(18)
    name = f"{policy.folder}/{datetime.date.today():%Y}/{token}{kind.extension}"
    stored = StoredFile(
        original_name=(upload.name or "文件")[-255:],
        content_type=kind.content_type,
        size=upload.size,
    )
    upload.seek(0)
    try:
        stored.file.save(name, upload, save=False)
    except OSError as error:  # disk full, quota, read-only mount: the user gets a clear refusal
        logger.error("storing %s failed: %s", name, error)
        try:
            stored.file.storage.delete(name)  # a partly written file
        except OSError:
            pass
        raise ValidationError(
            f"{policy.label}保存失败：服务器存储空间不足或暂时不可写，文件未保存，"
            "其他修改也未保存。请稍后重试或联系管理员。",
            code="storage",
        ) from error
    stored.save()
    return stored


# --- the owner's side --------------------------------------------------------------------------


def protected_file_field(verbose_name: str) -> models.ForeignKey:
    """An owner's file: a foreign key to StoredFile that model forms and the admin leave alone
    (uploads go through :class:`UploadField` and :func:`store`). Any such field is servable by
    the download view, to the users who may see the owner."""
    return models.ForeignKey(
        StoredFile,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )


def is_protected_file_field(model: type[models.Model], field_name: str) -> bool:
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return False
    return isinstance(field, models.ForeignKey) and field.related_model is StoredFile


@dataclass(frozen=True)
class Attachment:
    """What a page shows of an owner's file: its download URL and name."""

    url: str
    name: str
    size: int

    def __str__(self) -> str:
        return self.name


def download_url(owner: models.Model, field_name: str) -> str:
    return reverse(
        "file_download",
        kwargs={"model": owner._meta.label_lower, "pk": owner.pk, "field": field_name},
    )


def attachment(owner: models.Model, field_name: str) -> Attachment | None:
    stored = getattr(owner, field_name)
    if stored is None:
        return None
    return Attachment(
        url=download_url(owner, field_name), name=stored.original_name, size=stored.size
    )


class UploadField(forms.FileField):
    """A file input checked against a :class:`Policy`.

    ``cleaned_data`` holds the new upload, ``False`` when the user ticked "clear", or ``None``
    when the file stays as it is. Show the current file with ``initial=attachment(owner, field)``.
    """

    widget = forms.ClearableFileInput

    def __init__(self, *, policy: Policy, **kwargs):
        self.policy = policy
        kwargs.setdefault("label", policy.label)
        kwargs.setdefault("help_text", f"{policy.kinds_text}，不超过 {_megabytes(policy.limit)}。")
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ",".join(kind.extension for kind in policy.kinds)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            check(value, policy=self.policy)
            return value
        return False if value is False else None


# --- serving -----------------------------------------------------------------------------------


def response(stored: StoredFile) -> HttpResponse:
    """The download of ``stored``. The caller has checked that the user may see its owner."""
    return serve(
        stored.file,
        content_type=stored.content_type,
        download_name=stored.download_name,
        inline=stored.content_type in INLINE_CONTENT_TYPES,
    )


def serve(field_file, *, content_type: str, download_name: str, inline: bool = False):
    """Send a stored file: ``X-Accel-Redirect`` to nginx when ``JGT_FILES_X_ACCEL_PREFIX`` is set
    (production), else Django's ``FileResponse``. The caller has checked visibility; also used
    for the files jobs produce (``core.job_views.job_file``)."""
    prefix = settings.JGT_FILES_X_ACCEL_PREFIX
    if prefix:
        answer = HttpResponse(content_type=content_type)
        answer["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field_file.name)
    else:
        try:
            handle = field_file.open("rb")
        except FileNotFoundError:
            logger.error("Stored file %s is missing on disk", field_file.name)
            raise Http404("文件不存在。") from None
        answer = FileResponse(handle, content_type=content_type)
    answer["Content-Disposition"] = content_disposition_header(not inline, download_name)
    answer["X-Content-Type-Options"] = "nosniff"
    answer["Cache-Control"] = "private, no-cache"
    return answer
