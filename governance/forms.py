"""Forms of the governance pages. Amounts are Decimal fields (yuan, two places)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from core import files
from core.concurrency import VersionedFormMixin
from core.forms import PlainForm, SafeModelChoiceField, SafeModelMultipleChoiceField
from core.school_year import SchoolYear, school_year_choices

from .enums import (
    DocumentKind,
    ExpenseCategory,
    FundSource,
    MeetingKind,
    MilestoneStatus,
    VersionStatus,
)
from .models import DOCUMENT, EVIDENCE, MINUTES, REPORT


def _money(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={
            "required": f"请填写{label}。",
            "invalid": f"{label}应为数字，如 100000.00。",
            "min_value": f"{label}须大于 0。",
            "max_decimal_places": f"{label}最多精确到分（两位小数）。",
            "max_digits": f"{label}过大。",
            "max_whole_digits": f"{label}过大。",
        },
    )


class YearForm(PlainForm, forms.Form):
    year = forms.ChoiceField(label="学年", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = school_year_choices()

    def school_year(self) -> SchoolYear:
        if self.is_valid() and self.cleaned_data.get("year"):
            return SchoolYear.parse(self.cleaned_data["year"])
        return SchoolYear.current()


class FundReceiptForm(PlainForm, forms.Form):
    year = forms.ChoiceField(label="学年")
    source = forms.ChoiceField(label="来源", choices=FundSource.choices)
    amount = _money("金额（元）")
    received_on = forms.DateField(label="到账日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = school_year_choices()
        self.fields["year"].initial = SchoolYear.current().label


class ExpenseForm(VersionedFormMixin, PlainForm, forms.Form):
    """A new request, or a change of one not approved yet (``versioned=`` the request)."""

    year = forms.ChoiceField(label="学年")
    school = SafeModelChoiceField(label="使用学校", queryset=None)
    category = forms.ChoiceField(label="类别", choices=ExpenseCategory.choices)
    title = forms.CharField(label="事项", max_length=200)
    amount = _money("申请金额（元）")
    decision = SafeModelChoiceField(
        label="三重一大决议",
        queryset=None,
        required=False,
        help_text="达到集体决策限额的支出必须关联本教共体会议的三重一大决议。",
    )
    comment = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(self, *args, schools, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = school_year_choices()
        self.fields["school"].queryset = schools
        self.fields["decision"].queryset = decisions
        expense = kwargs.get("versioned")
        if expense is None:
            self.fields["year"].initial = SchoolYear.current().label
            return
        self.fields["comment"].label = "修改说明"
        self.initial.update(
            year=SchoolYear(expense.school_year).label,
            school=expense.school_id,
            category=expense.category,
            title=expense.title,
            amount=expense.amount,
            decision=expense.decision_id,
        )


class ExpenseActionForm(VersionedFormMixin, PlainForm, forms.Form):
    """One step on a request as shown (``versioned=`` the request: a step on a request changed
    since is refused)."""

    action = forms.ChoiceField(
        choices=[
            ("approve", "批准"),
            ("refuse", "退回"),
            ("spend", "登记实际支出"),
            ("withdraw", "撤回"),
        ]
    )
    comment = forms.CharField(label="意见", max_length=500, required=False)
    actual_amount = forms.DecimalField(
        label="实际支出（元）", max_digits=14, decimal_places=2, min_value=0, required=False
    )


class MeetingForm(PlainForm, forms.Form):
    kind = forms.ChoiceField(label="会议类型", choices=MeetingKind.choices)
    held_on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label="地点", max_length=100, required=False)
    attendees = SafeModelMultipleChoiceField(
        label="出席（理事会职务）",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_attendees = forms.CharField(label="其他出席人员", max_length=500, required=False)
    agenda = forms.CharField(label="议题", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    minutes_text = forms.CharField(
        label="会议纪要", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    minutes_file = files.UploadField(policy=MINUTES, required=False)

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = positions


class DecisionForm(PlainForm, forms.Form):
    text = forms.CharField(label="决议内容", widget=forms.Textarea(attrs={"rows": 3}))
    major = forms.BooleanField(label="三重一大", required=False)


def _date(label: str) -> forms.DateField:
    # type=date inputs show only an ISO value: an edit page's initial date must be one.
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class VersionForm(PlainForm, forms.Form):
    dated = _date("日期")
    status = forms.ChoiceField(label="状态", choices=VersionStatus.choices)
    approved_by = forms.CharField(label="批准", max_length=100, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)
    file = files.UploadField(policy=DOCUMENT, required=False)


class DocumentForm(VersionForm):
    kind = forms.ChoiceField(label="类别", choices=DocumentKind.choices)
    title = forms.CharField(label="名称", max_length=200)
    field_order = ["kind", "title", "dated", "status", "approved_by", "note", "file"]


class PhaseForm(PlainForm, forms.Form):
    name = forms.CharField(label="阶段", max_length=100)
    start_on = _date("开始日期")
    end_on = _date("结束日期")


class MilestoneForm(PlainForm, forms.Form):
    task = forms.CharField(label="任务", max_length=300)
    phase = SafeModelChoiceField(label="阶段", queryset=None, required=False)
    school = SafeModelChoiceField(label="责任学校", queryset=None, required=False)
    group = SafeModelChoiceField(label="责任小组", queryset=None, required=False)
    due_on = _date("完成时限")

    def __init__(self, *args, phases, schools, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = phases
        self.fields["school"].queryset = schools
        self.fields["group"].queryset = groups


class PhaseEditForm(VersionedFormMixin, PhaseForm):
    pass


class MilestoneEditForm(VersionedFormMixin, MilestoneForm):
    """Every field of a task, by the community's managers (``versioned=`` the task)."""

    status = forms.ChoiceField(label="状态", choices=MilestoneStatus.choices)
    evidence_note = forms.CharField(label="完成情况", max_length=500, required=False)
    evidence = files.UploadField(policy=EVIDENCE, required=False)


class ProgressForm(PlainForm, forms.Form):
    milestone = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)
    status = forms.ChoiceField(label="状态", choices=MilestoneStatus.choices)
    evidence_note = forms.CharField(label="完成情况", max_length=500, required=False)
    evidence = files.UploadField(policy=EVIDENCE, required=False)


class SupervisionTaskForm(PlainForm, forms.Form):
    description = forms.CharField(label="工作任务", widget=forms.Textarea(attrs={"rows": 3}))
    lead_department = forms.CharField(label="牵头部门", max_length=100)
    supervisor = forms.CharField(label="督办领导", max_length=50)
    deadline = _date("完成时限")
    schools = SafeModelMultipleChoiceField(label="责任学校", queryset=None, required=False)
    communities = SafeModelMultipleChoiceField(label="责任教共体", queryset=None, required=False)

    def __init__(self, *args, schools, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = schools
        self.fields["communities"].queryset = communities


class ProgressReportForm(PlainForm, forms.Form):
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 3}))
    attachment = files.UploadField(policy=REPORT, required=False)
