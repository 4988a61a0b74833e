"""Forms of the remote-lesson pages. Choices come from the user's visibility rules.

The receiving classes are a fixed number of rows (学校 / 年级 / 班级) so the form works without
JavaScript; empty rows are ignored."""

from __future__ import annotations

from django import forms

from communities.visibility import (
    communities_visible_to,
    community_school_ids,
    schools_visible_to,
    teachers_visible_to,
)
from core.forms import PlainForm, SafeModelChoiceField, SafeModelMultipleChoiceField
from core.school_year import SchoolYear, school_year_choices
from core.text import clean_text
from core.widgets import SearchSelectMultiple

from ..permissions import is_bureau_side
from ..visibility import own_school_ids
from .enums import NotHeldReason, SessionStatus
from .models import RemotePairing

CLASS_ROWS = 6


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class PairingForm(PlainForm, forms.ModelForm):
    community = SafeModelChoiceField(label="教共体", queryset=None, empty_label=None)
    core_school = SafeModelChoiceField(label="主讲学校", queryset=None)
    year = forms.ChoiceField(label="学年", choices=())
    teachers = SafeModelMultipleChoiceField(label="授课教师", queryset=None, required=False)

    class Meta:
        model = RemotePairing
        fields = [
            "community",
            "kind",
            "subject",
            "core_school",
            "core_grade",
            "core_class",
            "teachers",
            "semester",
            "weekday",
            "start_time",
            "end_time",
            "first_day",
            "last_day",
            "note",
        ]
        widgets = {
            "first_day": DateInput(),
            "last_day": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "core_grade": forms.TextInput(attrs={"placeholder": "如：三年级"}),
            "core_class": forms.TextInput(attrs={"placeholder": "如：（2）班"}),
            "subject": forms.TextInput(attrs={"placeholder": "如：英语"}),
        }
        error_messages = {
            "subject": {"required": "请填写学科。"},
            "core_grade": {"required": "请填写主讲年级。"},
            "core_class": {"required": "请填写主讲班级。"},
            "start_time": {"required": "请填写开始时间。", "invalid": "时间格式应为 10:00。"},
            "end_time": {"required": "请填写结束时间。", "invalid": "时间格式应为 10:40。"},
            "first_day": {"invalid": "日期格式应为 2025-09-01。"},
            "last_day": {"invalid": "日期格式应为 2026-01-20。"},
        }

    field_order = [
        "community",
        "kind",
        "subject",
        "year",
        "semester",
        "core_school",
        "core_grade",
        "core_class",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        communities = communities_visible_to(user).order_by("sort_key")
        schools = schools_visible_to(user).order_by("sort_key")
        self.fields["community"].queryset = communities
        if not is_bureau_side(user) and user.role == "school_leader":
            self.fields["core_school"].queryset = schools.filter(pk__in=own_school_ids(user))
        else:
            self.fields["core_school"].queryset = schools
        teachers = self.fields["teachers"]
        teachers.queryset = teachers_visible_to(user).select_related("school")
        teachers.label_from_instance = lambda t: f"{t.name}（{t.school.name}）"
        teachers.widget = SearchSelectMultiple(
            url="schools:teacher_search", placeholder="输入教师姓名或拼音首字母搜索"
        )
        teachers.widget.choices = teachers.choices
        teachers.help_text = "主讲教师和接收班级的辅导教师，来自教师名单。"
        current = SchoolYear(self.instance.school_year) if self.instance.school_year else None
        self.fields["year"].choices = school_year_choices(around=current, before=2, after=1)
        self.fields["year"].initial = (current or SchoolYear.current()).label
        self.fields["first_day"].required = False
        self.fields["last_day"].required = False
        for n in range(1, CLASS_ROWS + 1):
            school = SafeModelChoiceField(
                label=f"接收学校 {n}", queryset=schools, required=False, empty_label="（不填）"
            )
            self.fields[f"class_school_{n}"] = school
            self.fields[f"class_grade_{n}"] = forms.CharField(
                label=f"年级 {n}", max_length=20, required=False
            )
            self.fields[f"class_name_{n}"] = forms.CharField(
                label=f"班级 {n}", max_length=30, required=False
            )
        if self.instance.pk and not self.is_bound:
            for n, row in enumerate(self.instance.classes.select_related("school"), start=1):
                if n > CLASS_ROWS:
                    break
                self.initial[f"class_school_{n}"] = row.school_id
                self.initial[f"class_grade_{n}"] = row.grade
                self.initial[f"class_name_{n}"] = row.class_name

    def class_rows(self) -> list[tuple]:
        return [
            (self[f"class_school_{n}"], self[f"class_grade_{n}"], self[f"class_name_{n}"])
            for n in range(1, CLASS_ROWS + 1)
        ]

    def main_fields(self) -> list:
        return [f for f in self if not f.name.startswith("class_")]

    def clean_subject(self) -> str:
        return clean_text(self.cleaned_data["subject"])

    def clean(self):
        data = super().clean()
        try:
            self.instance.school_year = SchoolYear.parse(data.get("year", "")).start
        except ValueError as error:
            self.add_error("year", str(error))
        community = data.get("community")
        if community:
            self.instance.district_id = community.district_id
        in_community = set()
        if community:
            in_community = set(community_school_ids(community).values_list("pk", flat=True))
        core = data.get("core_school")
        if core and community and core.pk not in in_community:
            self.add_error("core_school", f"「{core.name}」不是「{community.name}」的学校。")
        classes = []
        for n in range(1, CLASS_ROWS + 1):
            school = data.get(f"class_school_{n}")
            grade = clean_text(data.get(f"class_grade_{n}", ""))
            name = clean_text(data.get(f"class_name_{n}", ""))
            if not school and not grade and not name:
                continue
            if not school or not grade or not name:
                self.add_error(f"class_school_{n}", f"第 {n} 行接收班级：请填全学校、年级和班级。")
                continue
            if community and school.pk not in in_community:
                self.add_error(
                    f"class_school_{n}", f"「{school.name}」不是「{community.name}」的学校。"
                )
                continue
            classes.append({"school": school, "grade": grade, "class_name": name})
        if not classes and not any(f.startswith("class_") for f in self.errors):
            self.add_error("class_school_1", "请至少填写一个接收班级。")
        self.classes = classes
        return data


class SessionForm(PlainForm, forms.Form):
    date = forms.DateField(
        label="日期",
        widget=DateInput(),
        error_messages={"required": "请填写日期。", "invalid": "日期格式应为 2025-09-18。"},
    )
    status = forms.ChoiceField(
        label="开课情况",
        choices=SessionStatus.choices,
        error_messages={"required": "请选择是否开课。"},
    )
    reason = forms.ChoiceField(
        label="未开课原因",
        choices=[("", "（请选择）"), *NotHeldReason.choices],
        required=False,
    )
    note = forms.CharField(label="说明", max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") == SessionStatus.NOT_HELD and not data.get("reason"):
            self.add_error("reason", "未开课时请选择原因。")
        if data.get("reason") == NotHeldReason.OTHER and not clean_text(data.get("note", "")):
            self.add_error("note", "原因为「其他」时请写明说明。")
        return data
