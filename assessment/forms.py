"""Forms of the assessment pages: they validate and normalise; the services save."""

from __future__ import annotations

from django import forms

from core import files
from core.forms import PlainForm
from core.measures import all_measures
from core.school_year import SchoolYear

from .models import EVIDENCE, Dimension, Indicator, Scheme


class SchemeCreateForm(PlainForm, forms.Form):
    school_year = forms.CharField(label="学年", help_text="如 2025-2026。")
    start = forms.ChoiceField(
        label="方案来源",
        choices=[("default", "预置六个维度（规则 16）"), ("copy", "复制上一学年方案")],
    )

    def clean_school_year(self) -> int:
        try:
            return SchoolYear.parse(self.cleaned_data["school_year"]).start
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class SchemeForm(PlainForm, forms.ModelForm):
    class Meta:
        model = Scheme
        fields = [
            "name",
            "core_weight",
            "members_weight",
            "progress_weight",
            "progress_base",
            "progress_per_point",
            "satisfaction_target",
        ]


class DimensionForm(PlainForm, forms.ModelForm):
    class Meta:
        model = Dimension
        fields = ["name", "weight", "decline_watch", "order"]


def measure_choices(current: str = "") -> list[tuple[str, str]]:
    choices = [("", "（人工评分指标不填）")]
    choices += [(m.code, f"{m.label}（{m.code}）") for m in all_measures()]
    if current and current not in {code for code, _ in choices}:
        choices.append((current, f"{current}（尚未提供数据）"))
    return choices


class IndicatorForm(PlainForm, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "max_score",
            "guide",
            "kind",
            "scorer",
            "measure_code",
            "full_at",
            "order",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.measure_code if self.instance else ""
        self.fields["measure_code"] = forms.ChoiceField(
            label="数据来源", choices=measure_choices(current), required=False
        )


class ScoreForm(PlainForm, forms.Form):
    value = forms.DecimalField(label="得分", required=False, max_digits=10, decimal_places=2)
    evidence = forms.CharField(
        label="佐证说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = files.UploadField(policy=EVIDENCE, required=False)

    def __init__(self, *args, derived: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if derived:
            self.fields["value"].label = "数值（手工填报，替代系统数据）"


class CorrectionForm(PlainForm, forms.Form):
    value = forms.DecimalField(label="更正后的得分", max_digits=10, decimal_places=2)
    reason = forms.CharField(
        label="更正原因", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )

    def __init__(self, *args, derived: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if derived:
            self.fields["value"].label = "更正后的数值"


class PublishForm(PlainForm, forms.Form):
    note = forms.CharField(label="发布说明", required=False, max_length=200)
