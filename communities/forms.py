"""Forms of the community pages. They validate and normalise input; the services save."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator

from core import files
from core.concurrency import VersionedFormMixin
from core.forms import PlainForm, SafeModelMultipleChoiceField
from core.text import clean_text
from core.widgets import SearchSelect, SearchSelectMultiple
from schools.models import School, Teacher

from .enums import MemberRole
from .models import CHARTER, Community, Position, WorkGroup


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _school_label(school: School) -> str:
    return f"{school.name}（{school.get_stage_display()}）"


class _OfferedChoices(ModelChoiceIterator):
    """Iterate the schools offered in the select, not every school the field accepts."""

    def __init__(self, field):
        super().__init__(field)
        self.queryset = field.offered


class SchoolChoiceField(forms.ModelChoiceField):
    """A school select that offers the eligible schools but accepts any school of the district.

    A choice that is not eligible any more (another tab enrolled it, a nested school typed into
    the request) then reaches the service, whose message says precisely why it cannot join.
    """

    iterator = _OfferedChoices

    def __init__(self, *, queryset: QuerySet[School], offered: QuerySet[School], **kwargs):
        self.offered = offered
        kwargs.setdefault("error_messages", {"invalid_choice": "请选择本教育局的学校。"})
        # Searches the schools in no community (``free``), like the offered ones; a form that
        # also offers a community's own schools adds ``or_community``.
        kwargs.setdefault(
            "widget",
            SearchSelect(
                url="schools:school_search",
                params={"free": "1"},
                placeholder="输入学校名称或拼音首字母搜索",
            ),
        )
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj: School) -> str:
        return _school_label(obj)


class CommunityForm(VersionedFormMixin, PlainForm, forms.ModelForm):
    """Edit the community's own fields; the district is never a form field.

    ``charter`` is not a model form field: the service stores the upload (core.files).
    """

    charter = files.UploadField(policy=CHARTER, required=False)

    class Meta:
        model = Community
        fields = [
            "name",
            "kind",
            "closeness",
            "model",
            "stage",
            "founded_on",
            "dissolved_on",
            "member_limit",
            "note",
        ]
        widgets = {
            "founded_on": DateInput(),
            "dissolved_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {"required": "请填写教共体名称。"},
            "stage": {"required": "请选择学段。"},
        }

    field_order = [
        "name",
        "kind",
        "closeness",
        "model",
        "stage",
        "founded_on",
        "dissolved_on",
        "member_limit",
        "charter",
        "note",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "charter" in self.fields and self.instance.pk:
            self.fields["charter"].initial = files.attachment(self.instance, "charter")

    def clean_name(self) -> str:
        return clean_text(self.cleaned_data["name"])


class CommunityCreateForm(CommunityForm):
    charter = None  # uploaded on the edit page, once the community exists

    core_school = SchoolChoiceField(
        label="核心校",
        queryset=School.objects.none(),
        offered=School.objects.none(),
        help_text="只列出尚未加入任何教共体的本局学校（不含村小、教学点）。",
    )
    start_on = forms.DateField(
        label="核心校加入日期", widget=DateInput(), initial=datetime.date.today
    )

    class Meta(CommunityForm.Meta):
        fields = [
            "name",
            "kind",
            "closeness",
            "model",
            "stage",
            "founded_on",
            "member_limit",
            "note",
        ]

    def __init__(self, *args, schools: QuerySet[School], offered: QuerySet[School], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["core_school"].queryset = schools
        self.fields["core_school"].offered = offered
        self.fields["core_school"].widget.choices = self.fields["core_school"].choices


class MembershipAddForm(PlainForm, forms.Form):
    school = SchoolChoiceField(
        label="学校",
        queryset=School.objects.none(),
        offered=School.objects.none(),
        help_text="只列出尚未加入任何教共体的本局学校；村小、教学点随其中心校加入。",
    )
    role = forms.ChoiceField(
        label="角色",
        choices=MemberRole.choices,
        initial=MemberRole.MEMBER,
        help_text="本教共体还没有核心校，可将所选学校设为核心校。",
    )
    start_on = forms.DateField(label="加入日期", widget=DateInput(), initial=datetime.date.today)
    note = forms.CharField(label="备注", max_length=200, required=False)
    # Shown only when the school's stage does not fit the community's (see ask_stage_confirmation).
    confirm_stage = forms.BooleanField(label="确认加入", required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        schools: QuerySet[School],
        offered: QuerySet[School],
        has_core: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["school"].offered = offered
        self.fields["school"].widget.choices = self.fields["school"].choices
        if has_core:
            # The core school is replaced with 更换核心校; offering 核心校 here could only fail.
            del self.fields["role"]

    @property
    def member_role(self) -> str:
        return self.cleaned_data.get("role") or MemberRole.MEMBER

    def ask_stage_confirmation(self, question: str) -> None:
        """Put the question on the school field and show the confirmation checkbox."""
        self.add_error("school", question)
        self.fields["confirm_stage"].widget = forms.CheckboxInput()


class MembershipEndForm(VersionedFormMixin, PlainForm, forms.Form):
    end_on = forms.DateField(label="退出日期", widget=DateInput(), initial=datetime.date.today)
    note = forms.CharField(
        label="备注", max_length=200, required=False, help_text="如退出原因；留空则保留原备注。"
    )


class CoreReplaceForm(PlainForm, forms.Form):
    school = SchoolChoiceField(
        label="新核心校",
        queryset=School.objects.none(),
        offered=School.objects.none(),
        help_text="本教共体的成员校，或尚未加入任何教共体的学校。",
    )
    start_on = forms.DateField(label="更换日期", widget=DateInput(), initial=datetime.date.today)
    keep_old_as_member = forms.BooleanField(
        label="原核心校留作成员校", required=False, initial=True
    )

    def __init__(
        self,
        *args,
        schools: QuerySet[School],
        offered: QuerySet[School],
        community: Community | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["school"].offered = offered
        if community is not None:
            # The community's own member schools are offered too.
            self.fields["school"].widget.params["or_community"] = str(community.pk)
        self.fields["school"].widget.choices = self.fields["school"].choices


def _community_param(instance) -> dict:
    """The teacher search narrowed to the community of the position or work group."""
    return {"community": instance.community_id} if instance.community_id else {}


class TeacherChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Teacher) -> str:
        return f"{obj.name}（{obj.school.name}）"


class TeacherMultipleChoiceField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj: Teacher) -> str:
        return f"{obj.name}（{obj.school.name}）"


class PositionForm(VersionedFormMixin, PlainForm, forms.ModelForm):
    teacher = TeacherChoiceField(
        label="教师",
        queryset=Teacher.objects.none(),
        required=False,
        help_text="本教共体学校的教师；非本系统人员请填写下方姓名。",
        error_messages={"invalid_choice": "请选择本教共体学校的教师。"},
    )
    school = forms.ModelChoiceField(
        label="对应学校",
        queryset=School.objects.none(),
        required=False,
        help_text="如执行校长、第一校长所负责的学校。",
        error_messages={"invalid_choice": "请选择本教共体的学校。"},
    )

    class Meta:
        model = Position
        fields = ["title", "teacher", "person_name", "school", "start_on", "end_on", "note"]
        widgets = {"start_on": DateInput(), "end_on": DateInput()}
        error_messages = {
            "title": {"required": "请选择职务。"},
            "start_on": {"required": "请填写任职日期。"},
        }

    def __init__(self, *args, teachers: QuerySet[Teacher], schools: QuerySet[School], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers.select_related("school").order_by(
            "school_key", "sort_key", "pk"
        )
        self.fields["teacher"].widget = SearchSelect(
            url="schools:teacher_search",
            params=_community_param(self.instance),
            placeholder="输入姓名、拼音首字母或学校搜索",
        )
        self.fields["teacher"].widget.choices = self.fields["teacher"].choices
        self.fields["school"].queryset = schools.order_by("sort_key", "pk")
        self.fields["school"].widget = SearchSelect(
            url="schools:school_search",
            params=_community_param(self.instance),
            placeholder="输入学校名称或拼音首字母搜索",
        )
        self.fields["school"].widget.choices = self.fields["school"].choices

    def clean_person_name(self) -> str:
        # "Teacher or name" is checked by Position.clean(), which the form runs.
        return clean_text(self.cleaned_data.get("person_name"))

    def _post_clean(self):
        # An invalid teacher choice already says what is wrong; Position.clean() would add
        # "choose a teacher or a name" to the same field.
        invalid_teacher = "teacher" in self._errors
        super()._post_clean()
        if invalid_teacher:
            del self._errors["teacher"][1:]


class PositionEndForm(PlainForm, forms.Form):
    end_on = forms.DateField(label="离任日期", widget=DateInput(), initial=datetime.date.today)


class WorkGroupForm(PlainForm, forms.ModelForm):
    leader = TeacherChoiceField(
        label="组长",
        queryset=Teacher.objects.none(),
        required=False,
        error_messages={"invalid_choice": "请选择本教共体学校的教师。"},
    )
    members = TeacherMultipleChoiceField(
        label="成员",
        queryset=Teacher.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "请选择本教共体学校的教师。",
            "invalid_pk_value": "请选择本教共体学校的教师。",
        },
    )

    class Meta:
        model = WorkGroup
        fields = ["name", "leader", "members", "other_members", "duties"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"name": {"required": "请填写小组名称。"}}

    def __init__(self, *args, teachers: QuerySet[Teacher], **kwargs):
        super().__init__(*args, **kwargs)
        teachers = teachers.select_related("school").order_by("school_key", "sort_key", "pk")
        params = _community_param(self.instance)
        for name, widget in (("leader", SearchSelect), ("members", SearchSelectMultiple)):
            field = self.fields[name]
            field.queryset = teachers
            field.widget = widget(
                url="schools:teacher_search",
                params=params,
                placeholder="输入姓名、拼音首字母或学校搜索",
            )
            field.widget.choices = field.choices

    def clean_name(self) -> str:
        return clean_text(self.cleaned_data["name"])

    def clean_other_members(self) -> str:
        return clean_text(self.cleaned_data.get("other_members"))
