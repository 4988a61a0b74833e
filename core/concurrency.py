"""No lost updates: an edit form carries the version of the row it showed; the service refuses
to save over a newer version and tells the second writer who changed it and when.

The version is the id of the row's latest django-simple-history record (every write to rosters
goes through a service and leaves one), so no column is added to any table. The service locks
the row (``SELECT … FOR UPDATE`` on PostgreSQL) before comparing, so two writers that press
"save" at the same moment are serialised: the second sees the first's record.

    # forms.py
    class SchoolForm(VersionedFormMixin, forms.ModelForm): ...

    # services.py, inside the write's transaction, before anything is written
    concurrency.check_version(school, expected_version)

    # views.py
    services.school_save(school=form.instance, expected_version=form.expected_version, ...)
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

STALE_MESSAGE = (
    "保存失败：您打开此页面后，{who}已于 {when} 修改了这条记录。您的修改尚未保存；"
    "请重新打开页面，查看最新内容后再修改。"
)


def _latest_record(instance: models.Model):
    return (
        type(instance)
        .history.filter(id=instance.pk)
        .select_related("history_user")
        .order_by("-history_id")
        .first()
    )


def version_of(instance: models.Model) -> str:
    """The row's current version: its latest history record's id ("0": none yet)."""
    if instance.pk is None:
        return ""
    record = type(instance).history.filter(id=instance.pk).order_by("-history_id").first()
    return str(record.history_id) if record is not None else "0"


def check_version(instance: models.Model, expected: str | None) -> None:
    """Raise a ValidationError naming who saved the row since ``expected`` was read.

    ``None`` (an import, a command, a form without the field) checks nothing. Call it inside
    the write's transaction.
    """
    if expected is None or instance.pk is None:
        return
    model = type(instance)
    list(model._default_manager.select_for_update().filter(pk=instance.pk).values_list("pk"))
    record = _latest_record(instance)
    current = str(record.history_id) if record is not None else "0"
    if current == str(expected):
        return
    who = str(record.history_user) if record is not None and record.history_user else "其他用户"
    when = (
        timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M:%S")
        if record is not None
        else "刚才"
    )
    raise ValidationError(STALE_MESSAGE.format(who=who, when=when), code="stale")


class VersionedFormMixin:
    """Adds the hidden ``version`` field: the version of the row the form was shown with.

    A ModelForm takes the version of its ``instance``; a plain form is given the row as
    ``versioned=``.
    """

    def __init__(self, *args, versioned: models.Model | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        row = versioned if versioned is not None else getattr(self, "instance", None)
        self.fields["version"] = forms.CharField(
            widget=forms.HiddenInput,
            required=False,
            initial=version_of(row) if row is not None else "",
        )

    @property
    def expected_version(self) -> str | None:
        value = self.cleaned_data.get("version") if hasattr(self, "cleaned_data") else None
        return value or None
