"""Forms of the activity pages. Choices come from the user's visibility rules."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from communities.visibility import (
    communities_visible_to,
    community_school_ids,
    schools_visible_to,
    teachers_visible_to,
    work_groups_visible_to,
)
from core.forms import PlainForm, SafeModelChoiceField, SafeModelMultipleChoiceField
from core.text import clean_text

from .enums import MaterialKind, RuleTag
from .models import MATERIAL, Activity, ActivityKind, PlanItem
from .permissions import is_bureau_side
from .visibility import own_school_ids


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ActivityForm(PlainForm, forms.ModelForm):
    community = SafeModelChoiceField(label="教共体", queryset=None, empty_label=None)
    kind = SafeModelChoiceField(label="活动类型", queryset=None)
    host_school = SafeModelChoiceField(label="承办学校", queryset=None)
    schools = SafeModelMultipleChoiceField(
        label="参与学校",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="承办学校自动计入。",
    )
    teachers = SafeModelMultipleChoiceField(
        label="参与教师",
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="按住 Ctrl（手机上轻点）可多选；名单以外的人数填在「其他参与人数」。",
    )
    plan_item = SafeModelChoiceField(
        label="对应工作安排", queryset=None, required=False, empty_label="（无）"
    )

    class Meta:
        model = Activity
        fields = [
            "community",
            "theme",
            "kind",
            "start_date",
            "end_date",
            "place",
            "host_school",
            "schools",
            "teachers",
            "other_participants",
            "subject",
            "grade",
            "status",
            "plan_item",
            "summary",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "theme": forms.TextInput(
                attrs={"placeholder": "如：同课异构：三年级数学《分数的初步认识》"}
            ),
        }
        error_messages = {
            "theme": {"required": "请填写活动主题。"},
            "start_date": {"required": "请填写活动日期。", "invalid": "日期格式应为 2025-10-16。"},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        communities = communities_visible_to(user).order_by("name")
        schools = schools_visible_to(user).order_by("name")
        if not is_bureau_side(user) and user.role == "school_leader":
            host_choices = schools.filter(pk__in=own_school_ids(user))
        else:
            host_choices = schools
        self.fields["community"].queryset = communities
        self.fields["kind"].queryset = ActivityKind.objects.for_district(user.district_id).filter(
            active=True
        ) | ActivityKind.objects.filter(pk=self.instance.kind_id or 0)
        self.fields["host_school"].queryset = host_choices
        self.fields["schools"].queryset = schools
        self.fields["teachers"].queryset = teachers_visible_to(user).select_related("school")
        self.fields["teachers"].label_from_instance = lambda t: f"{t.name}（{t.school.name}）"
        self.fields["plan_item"].queryset = PlanItem.objects.filter(
            community__in=communities.values("pk")
        ).order_by("-school_year", "month", "pk")

    def clean_theme(self) -> str:
        return clean_text(self.cleaned_data["theme"])

    def clean(self):
        data = super().clean()
        community, host = data.get("community"), data.get("host_school")
        if community and host:
            in_community = community_school_ids(community).filter(pk=host.pk).exists()
            if not in_community:
                self.add_error("host_school", f"「{host.name}」不是「{community.name}」的学校。")
        item = data.get("plan_item")
        if item and community and item.community_id != community.pk:
            self.add_error("plan_item", "工作安排须为本教共体的。")
        if community:
            # The instance is validated by the model; the district follows the community.
            self.instance.district_id = community.district_id
        return data


class ReturnForm(PlainForm, forms.Form):
    comment = forms.CharField(
        label="退回原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


MAX_FILES_AT_ONCE = 30


class MaterialUploadForm(PlainForm, forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=MaterialKind.choices)
    title = forms.CharField(label="说明", max_length=120, required=False)
    files = MultipleFileField(
        label="文件",
        help_text=(
            f"可一次选择多个文件（最多 {MAX_FILES_AT_ONCE} 个）；PDF、Word、Excel、PowerPoint、"
            f"JPEG/PNG/WebP 图片，每个不超过 {MATERIAL.limit // 2**20} MB。"
        ),
    )

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if not uploads:
            raise ValidationError("请选择文件。")
        if len(uploads) > MAX_FILES_AT_ONCE:
            raise ValidationError(f"一次最多上传 {MAX_FILES_AT_ONCE} 个文件。")
        return uploads


class KindForm(PlainForm, forms.Form):
    name = forms.CharField(label="名称", max_length=30)
    rule_tag = forms.ChoiceField(label="计入规则", choices=RuleTag.choices, required=False)

    def clean_name(self) -> str:
        return clean_text(self.cleaned_data["name"])


class PlanItemForm(PlainForm, forms.ModelForm):
    group = SafeModelChoiceField(label="责任小组", queryset=None, required=False)

    class Meta:
        model = PlanItem
        fields = ["month", "content", "group", "note"]

    def __init__(self, *args, user, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = work_groups_visible_to(user).filter(community=community)
