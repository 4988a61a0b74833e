"""Forms of the governance pages. Amounts are Decimal fields (yuan, two places)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from core import files
from core.forms import SafeModelChoiceField, SafeModelMultipleChoiceField
from core.school_year import SchoolYear, school_year_choices

from .enums import ExpenseCategory, FundSource, MeetingKind
from .models import MINUTES


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


class YearForm(forms.Form):
    year = forms.ChoiceField(label="学年", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = school_year_choices()

    def school_year(self) -> SchoolYear:
        if self.is_valid() and self.cleaned_data.get("year"):
            return SchoolYear.parse(self.cleaned_data["year"])
        return SchoolYear.current()


class FundReceiptForm(forms.Form):
    year = forms.ChoiceField(label="学年")
    source = forms.ChoiceField(label="来源", choices=FundSource.choices)
    amount = _money("金额（元）")
    received_on = forms.DateField(label="到账日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = school_year_choices()
        self.fields["year"].initial = SchoolYear.current().label


class ExpenseForm(forms.Form):
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
        self.fields["year"].initial = SchoolYear.current().label
        self.fields["school"].queryset = schools
        self.fields["decision"].queryset = decisions


class ExpenseActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", "批准"), ("refuse", "退回"), ("spend", "登记实际支出")]
    )
    comment = forms.CharField(label="意见", max_length=500, required=False)
    actual_amount = forms.DecimalField(
        label="实际支出（元）", max_digits=14, decimal_places=2, min_value=0, required=False
    )


class MeetingForm(forms.Form):
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


class DecisionForm(forms.Form):
    text = forms.CharField(label="决议内容", widget=forms.Textarea(attrs={"rows": 3}))
    major = forms.BooleanField(label="三重一大", required=False)
