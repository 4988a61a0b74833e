"""Forms of the schools app: they validate and normalise input; the services save."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import QuerySet

from core.concurrency import VersionedFormMixin
from core.forms import PlainForm
from core.text import clean_digits, clean_text
from core.widgets import LocalSearchSelectMultiple, SearchSelect

from .enums import SUBJECT_SEPARATOR, Subject
from .models import School, Teacher
from .services import IDENTITY_FIELDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SchoolForm(VersionedFormMixin, PlainForm, forms.ModelForm):
    """Create or edit a school. The district comes from the user, never from the form."""

    class Meta:
        model = School
        fields = [
            "name",
            "code",
            "stage",
            "locale",
            "township",
            "parent",
            "is_legal_entity",
            "principal",
            "phone",
            "students",
            "primary_students",
            "junior_students",
            "senior_students",
            "classes",
            "address",
        ]

    def __init__(
        self,
        *args,
        parent_choices: QuerySet[School],
        can_set_parent: bool = True,
        can_edit_identity: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if not can_edit_identity:
            # The registry identity stays with the bureau; disabled fields keep their saved
            # values whatever is posted, and school_save refuses a change from this user.
            for name in IDENTITY_FIELDS:
                if name != "parent":
                    self.fields[name].disabled = True
                    self.fields[name].help_text = "由教育局维护。"
        parent = self.fields["parent"]
        parent.queryset = parent_choices
        parent.empty_label = "（无，独立学校）"
        parent.error_messages["invalid_choice"] = "请选择本教育局的学校作为上级学校。"
        parent.widget = SearchSelect(
            url="schools:school_search", placeholder="输入中心校名称或拼音首字母搜索"
        )
        parent.widget.choices = parent.choices
        if not can_set_parent:
            parent.disabled = True
            parent.help_text = "上级学校关系由教育局维护。"

    def clean_name(self) -> str:
        return clean_text(self.cleaned_data["name"])

    def clean_code(self) -> str:
        return clean_digits(self.cleaned_data["code"])

    def clean_township(self) -> str:
        return clean_text(self.cleaned_data["township"])

    def clean_principal(self) -> str:
        return clean_text(self.cleaned_data["principal"])

    def clean_primary_students(self) -> int:
        return self.cleaned_data["primary_students"] or 0

    def clean_junior_students(self) -> int:
        return self.cleaned_data["junior_students"] or 0

    def clean_senior_students(self) -> int:
        return self.cleaned_data["senior_students"] or 0


class TeacherForm(VersionedFormMixin, PlainForm, forms.ModelForm):
    """Create or edit a teacher. The school is chosen on creation only; a later change of
    school is a move (recorded separately)."""

    subjects = forms.MultipleChoiceField(
        label="任教学科",
        required=False,
        widget=LocalSearchSelectMultiple(placeholder="输入学科名称或拼音首字母"),
    )

    class Meta:
        model = Teacher
        fields = [
            "school",
            "name",
            "gender",
            "birth_year",
            "subjects",
            "education",
            "title",
            "backbone_level",
            "position",
            "teaching_stage",
            "is_head_teacher",
            "joined_school_on",
            "staff_number",
        ]
        widgets = {"joined_school_on": DATE_WIDGET}

    def __init__(self, *args, school_choices: QuerySet[School], **kwargs):
        super().__init__(*args, **kwargs)
        school = self.fields["school"]
        school.queryset = school_choices
        school.error_messages["invalid_choice"] = "请选择您有权维护的学校。"
        school.widget = SearchSelect(url="schools:school_search")
        school.widget.choices = school.choices
        if self.instance.pk:
            school.disabled = True
            school.help_text = "调到其他学校请使用「调动」。"
        known = list(Subject.choices)
        # Subjects imported from a sheet that are not in the list stay selectable.
        known += [(s, s) for s in self.instance.subject_list if s not in Subject.values]
        self.fields["subjects"].choices = known
        self.initial["subjects"] = self.instance.subject_list

    def clean_name(self) -> str:
        return clean_text(self.cleaned_data["name"])

    def clean_staff_number(self) -> str:
        return (
            clean_digits(self.cleaned_data["staff_number"])
            if self.cleaned_data["staff_number"]
            else ""
        )

    def clean_subjects(self) -> str:
        chosen = self.cleaned_data["subjects"]
        order = [value for value, _ in self.fields["subjects"].choices]
        return SUBJECT_SEPARATOR.join(sorted(chosen, key=order.index))


class TeacherMoveForm(PlainForm, forms.Form):
    to_school = forms.ModelChoiceField(
        label="调入学校",
        queryset=School.objects.none(),
        error_messages={
            "required": "请选择调入学校。",
            "invalid_choice": "请选择本教育局的其他学校。",
        },
    )
    moved_on = forms.DateField(
        label="调动日期",
        widget=DATE_WIDGET,
        error_messages={"required": "请填写调动日期。", "invalid": "请输入有效的日期。"},
    )
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, school_choices: QuerySet[School], **kwargs):
        super().__init__(*args, **kwargs)
        to_school = self.fields["to_school"]
        to_school.queryset = school_choices
        to_school.widget = SearchSelect(url="schools:school_search")
        to_school.widget.choices = to_school.choices
        self.fields["moved_on"].initial = datetime.date.today()

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data["note"])
