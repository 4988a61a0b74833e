"""Forms of the exchange pages. They validate and normalise input; the services save."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import QuerySet

from core.forms import PlainForm, SafeModelChoiceField, SafeModelMultipleChoiceField
from core.school_year import SchoolYear, Semester
from core.widgets import SearchSelect, SearchSelectMultiple
from schools.enums import Subject
from schools.models import School, Teacher

from .enums import AssessmentResult, ExchangeKind, MentorshipStatus, StepAction
from .models import Exchange, LessonDay, Mentorship, PrincipalPost


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


class MonthField(forms.DateField):
    """A month (``2025-10``): the first day of that month."""

    input_formats = ["%Y-%m", "%Y-%m-%d"]
    widget = MonthInput

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


def year_choices(around: SchoolYear | None = None) -> list[tuple[int, str]]:
    centre = around or SchoolYear.current()
    return [(y, f"{y}-{y + 1}学年") for y in range(centre.start - 3, centre.start + 4)]


TEACHER_SEARCH = "输入姓名、拼音首字母或学校搜索"
SCHOOL_SEARCH = "输入学校名称或拼音首字母搜索"


class TeacherChoiceField(SafeModelChoiceField):
    """A teacher among hundreds: a searchable select (a plain one for 30 or fewer)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", SearchSelect(url="schools:teacher_search", placeholder=TEACHER_SEARCH)
        )
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Teacher) -> str:
        return f"{obj.name}（{obj.school.name}）"


class SchoolChoiceField(SafeModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", SearchSelect(url="schools:school_search", placeholder=SCHOOL_SEARCH)
        )
        super().__init__(**kwargs)


class SchoolMultipleChoiceField(SafeModelMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", SearchSelectMultiple(url="schools:school_search", placeholder=SCHOOL_SEARCH)
        )
        super().__init__(**kwargs)

    def label_from_instance(self, obj: School) -> str:
        return obj.name


class ExchangeForm(PlainForm, forms.ModelForm):
    """Propose or edit an exchange. ``teacher`` is chosen only when proposing (then fixed)."""

    teacher = TeacherChoiceField(
        label="教师",
        queryset=Teacher.objects.none(),
        error_messages={"invalid_choice": "请选择您可查看的教师。"},
    )
    hosts = SchoolMultipleChoiceField(
        label="接收学校",
        queryset=School.objects.none(),
        help_text="走教可选多所学校。",
        error_messages={"invalid_choice": "请选择本教育局的学校。", "required": "请选择接收学校。"},
    )
    start_year = forms.TypedChoiceField(label="开始学年", coerce=int, choices=())
    end_year = forms.TypedChoiceField(label="结束学年", coerce=int, choices=())

    class Meta:
        model = Exchange
        fields = [
            "teacher",
            "kind",
            "hosts",
            "start_year",
            "start_semester",
            "end_year",
            "end_semester",
            "tasks",
            "subsidy_township",
            "subsidy_transport",
            "subsidy_rural",
            "note",
        ]
        widgets = {"tasks": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, teachers: QuerySet[Teacher], schools: QuerySet[School], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers.select_related("school")
        self.fields["hosts"].queryset = schools
        self.fields["start_year"].choices = year_choices()
        self.fields["end_year"].choices = year_choices()
        if self.instance.pk:
            self.fields["teacher"].disabled = True
            self.fields["teacher"].queryset = Teacher.objects.filter(
                pk=self.instance.teacher_id
            ).select_related("school")
            self.initial["hosts"] = [link.school_id for link in self.instance.host_links.all()]
        else:
            current = SchoolYear.current()
            # In June–August the plan is for the coming school year.
            upcoming = current.next() if 6 <= datetime.date.today().month <= 8 else current
            self.initial.setdefault("start_year", upcoming.start)
            self.initial.setdefault("end_year", upcoming.start)
            self.initial.setdefault("start_semester", Semester.AUTUMN)
            self.initial.setdefault("end_semester", Semester.SPRING)

    def clean(self):
        cleaned = super().clean()
        hosts = cleaned.get("hosts")
        if hosts and len(hosts) > 1 and cleaned.get("kind") != ExchangeKind.ITINERANT:
            self.add_error("hosts", "只有走教可以填写多个接收学校。")
        return cleaned

    def _post_clean(self):
        # The service validates the model (with the teacher's school as home school).
        pass


class StepForm(PlainForm, forms.Form):
    """One workflow step: the version the user saw, a comment, and for 期满考核 the result."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    result = forms.ChoiceField(
        label="考核结果", choices=[("", "请选择"), *AssessmentResult.choices], required=False
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        if action != StepAction.ASSESS:
            del self.fields["result"]
        else:
            self.fields["result"].required = True
        if action in (StepAction.RETURN, StepAction.CANCEL):
            self.fields["comment"].required = True
            self.fields["comment"].label = "理由"


class FilingSheetForm(PlainForm, forms.Form):
    community = SafeModelChoiceField(label="教共体", queryset=None, empty_label=None)
    school_year = forms.ChoiceField(label="学年", choices=())

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["school_year"].choices = [
            (SchoolYear(y).label, label) for y, label in reversed(year_choices())
        ]
        self.initial.setdefault("school_year", SchoolYear.current().label)

    def clean_school_year(self) -> SchoolYear:
        try:
            return SchoolYear.parse(self.cleaned_data["school_year"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


# --- light records ---------------------------------------------------------------------------


class BulkHeadForm(PlainForm, forms.Form):
    """What every row of a bulk page shares: the semester (posts) or the month (lesson days)."""

    school_year = forms.TypedChoiceField(label="学年", coerce=int, choices=())
    semester = forms.ChoiceField(label="学期", choices=Semester.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = year_choices()
        self.initial.setdefault("school_year", SchoolYear.current().start)


class LessonHeadForm(PlainForm, forms.Form):
    core_school = SchoolChoiceField(
        label="听课学校（核心校）", queryset=School.objects.none(), empty_label="请选择"
    )
    month = MonthField(label="月份")

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["core_school"].queryset = schools
        self.initial.setdefault("month", datetime.date.today().replace(day=1))


class PrincipalPostRowForm(PlainForm, forms.ModelForm):
    teacher = TeacherChoiceField(label="挂职人员", queryset=Teacher.objects.none())
    partner_school = SchoolChoiceField(label="挂职学校", queryset=School.objects.none())

    class Meta:
        model = PrincipalPost
        fields = ["teacher", "partner_school", "weeks", "post", "note"]

    def __init__(self, *args, teachers, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers
        self.fields["partner_school"].queryset = schools

    def _post_clean(self):
        pass


class LessonDayRowForm(PlainForm, forms.ModelForm):
    teacher = TeacherChoiceField(label="教师", queryset=Teacher.objects.none())

    class Meta:
        model = LessonDay
        fields = ["teacher", "days", "note"]

    def __init__(self, *args, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers

    def _post_clean(self):
        pass


class _RowFormSet(forms.BaseFormSet):
    def __init__(self, *args, row_kwargs: dict, **kwargs):
        self.row_kwargs = row_kwargs
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return dict(self.row_kwargs)


PrincipalPostFormSet = forms.formset_factory(
    PrincipalPostRowForm, formset=_RowFormSet, extra=8, max_num=60, absolute_max=60
)
LessonDayFormSet = forms.formset_factory(
    LessonDayRowForm, formset=_RowFormSet, extra=10, max_num=100, absolute_max=100
)


class MentorshipForm(PlainForm, forms.ModelForm):
    mentor = TeacherChoiceField(label="师傅", queryset=Teacher.objects.none())
    apprentice = TeacherChoiceField(label="徒弟", queryset=Teacher.objects.none())
    subject = forms.ChoiceField(label="学科", choices=[("", "—"), *Subject.choices], required=False)

    class Meta:
        model = Mentorship
        fields = [
            "mentor",
            "apprentice",
            "subject",
            "start_on",
            "end_on",
            "goals",
            "status",
            "review",
        ]
        widgets = {
            "start_on": DateInput(),
            "end_on": DateInput(),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "review": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("mentor", "apprentice"):
            self.fields[name].queryset = teachers.select_related("school")
        if self.instance.pk:
            pair = Teacher.objects.filter(
                pk__in=[self.instance.mentor_id, self.instance.apprentice_id]
            ).select_related("school")
            for name in ("mentor", "apprentice"):
                self.fields[name].disabled = True
                self.fields[name].queryset = pair
        else:
            self.fields["status"].initial = MentorshipStatus.ACTIVE
            self.initial.setdefault("start_on", datetime.date.today())

    def _post_clean(self):
        pass
