"""The period chooser and the bureau's settings form, built from the registry."""

from __future__ import annotations

from django import forms

from core.school_year import SchoolYear, Semester, school_year_choices

from .registry import Rule


class PeriodForm(forms.Form):
    """?year=2025-2026&semester=autumn — bad values fall back to the current school year."""

    year = forms.ChoiceField(label="学年", required=False)
    semester = forms.ChoiceField(
        label="学期", required=False, choices=Semester.choices, initial=Semester.AUTUMN
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = school_year_choices()

    def period(self) -> tuple[SchoolYear, str]:
        year = SchoolYear.current()
        semester = Semester.AUTUMN
        if self.is_valid():
            if self.cleaned_data.get("year"):
                year = SchoolYear.parse(self.cleaned_data["year"])
            semester = self.cleaned_data.get("semester") or semester
        return year, semester


def field_name(rule: Rule, key: str) -> str:
    return f"{rule.code}__{key}"


class RuleSettingsForm(forms.Form):
    """One ``适用`` box and one number per parameter for each rule of the community's kind."""

    def __init__(self, *args, rules: list[Rule], values: dict, enabled: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules
        for rule in rules:
            self.fields[field_name(rule, "enabled")] = forms.BooleanField(
                label="适用", required=False, initial=enabled[rule.code]
            )
            for param in rule.params:
                escaped = param.label.replace("%", "%%")  # the messages are %-formatted
                field_class = forms.IntegerField if param.whole else forms.FloatField
                self.fields[field_name(rule, param.key)] = field_class(
                    label=param.label,
                    min_value=param.minimum,
                    max_value=param.maximum,
                    initial=values[rule.code][param.key],
                    help_text=param.help,
                    error_messages={
                        "required": f"请填写{param.label}。",
                        "invalid": f"{param.label}应为数字。",
                        "min_value": f"{escaped}不能小于 %(limit_value)s。",
                        "max_value": f"{escaped}不能大于 %(limit_value)s。",
                    },
                )

    def rows(self):
        """(rule, enabled field, [param fields]) for the template."""
        for rule in self.rules:
            yield (
                rule,
                self[field_name(rule, "enabled")],
                [self[field_name(rule, p.key)] for p in rule.params],
            )

    def values_of(self, rule: Rule) -> tuple[bool, dict]:
        data = self.cleaned_data
        params = {p.key: data.get(field_name(rule, p.key)) for p in rule.params}
        return bool(data.get(field_name(rule, "enabled"))), params
