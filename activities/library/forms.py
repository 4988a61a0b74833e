"""The form of a resource a school adds (or edits) itself. The school's choices come from the
user's visibility and role; the file is checked by ``core.files`` (type by content, size)."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from accounts.access import is_bureau, is_community_leader, is_platform, is_school_leader
from communities.visibility import community_school_ids, schools_visible_to
from core import files
from core.forms import PlainForm, SafeModelChoiceField
from core.text import clean_text
from core.widgets import SearchSelect
from schools.enums import Subject

from .enums import UPLOAD_KINDS, ResourceKind
from .models import RESOURCE, Resource


def school_choices(user):
    """The schools a user may share a resource for."""
    schools = schools_visible_to(user)
    if is_bureau(user) or is_platform(user):
        return schools
    if is_community_leader(user):
        return schools.filter(pk__in=community_school_ids(user.community_id))
    if is_school_leader(user):
        return schools.filter(Q(pk=user.school_id) | Q(parent_id=user.school_id))
    return schools.none()


class ResourceForm(PlainForm, forms.ModelForm):
    school = SafeModelChoiceField(label="共享学校", queryset=None)
    kind = forms.ChoiceField(
        label="资源类型",
        choices=[(k, ResourceKind(k).label) for k in UPLOAD_KINDS],
    )
    subject = forms.ChoiceField(
        label="学科", choices=[("", "（不限学科）"), *Subject.choices], required=False
    )
    upload = files.UploadField(policy=RESOURCE, label="文件")

    class Meta:
        model = Resource
        fields = ["title", "kind", "subject", "grade", "school", "scope", "description"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.RadioSelect,
            "grade": forms.TextInput(attrs={"placeholder": "如：三年级、七年级，可不填"}),
            "title": forms.TextInput(
                attrs={"placeholder": "如：三年级数学《分数的初步认识》教学设计"}
            ),
        }
        help_texts = {
            "scope": "本教共体：仅本教共体的学校可见；全县（区）：本教育局所有学校可见。",
        }
        error_messages = {"title": {"required": "请填写资源标题。"}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        schools = school_choices(user).order_by("sort_key", "pk")
        field = self.fields["school"]
        field.queryset = schools
        field.error_messages["invalid_choice"] = "请选择您可以代表上传的学校。"
        field.widget = SearchSelect(url="schools:school_search")
        field.widget.choices = field.choices
        if self.instance.pk:
            # The file stays unless a new one is chosen; the school does not change.
            self.fields["upload"].required = False
            self.fields["upload"].help_text = "不选择文件则保留原文件。" + (
                self.fields["upload"].help_text or ""
            )
            field.disabled = True
        elif user.school_id and not self.initial.get("school"):
            self.initial["school"] = user.school_id

    def clean_title(self) -> str:
        return clean_text(self.cleaned_data["title"])

    def clean_grade(self) -> str:
        return clean_text(self.cleaned_data.get("grade") or "")
