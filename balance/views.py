"""The balance page (table and chart, with the what-if) and its ``.xlsx`` export.

District-wide figures are the bureau's: other roles get 403 (they see no other school's
staff numbers). The figures are computed for the user's own district.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access
from core.school_year import SchoolYear, school_year_choices
from schools.models import District
from spreadsheets.exports import attachment_header

from . import chart, figures
from .export import workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BalanceForm(forms.Form):
    year = forms.ChoiceField(label="学年", required=False)
    what_if = forms.BooleanField(label="按本学年交流计划测算", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = school_year_choices()

    def values(self) -> tuple[SchoolYear, bool]:
        if not self.is_valid():
            return SchoolYear.current(), False
        year = self.cleaned_data.get("year")
        return (SchoolYear.parse(year) if year else SchoolYear.current()), bool(
            self.cleaned_data.get("what_if")
        )


def _reports(request: HttpRequest):
    access.require(access.is_bureau(request.user))
    district = District.objects.get(pk=request.user.district_id)
    form = BalanceForm(request.GET)
    year, what_if = form.values()
    before = figures.compute(district)
    after = (
        figures.compute(district, moves=figures.what_if_moves(district, year)) if what_if else None
    )
    return district, form, year, before, after


@login_required
@require_GET
def balance_overview(request: HttpRequest) -> HttpResponse:
    district, form, year, before, after = _reports(request)
    stages = []
    for stage, figures_before in before.stages.items():
        parts = [p for p in before.parts if p.stage == stage]
        after_parts = {(p.school_id, p.stage): p for p in after.parts} if after is not None else {}
        stages.append(
            {
                "figures": figures_before,
                "after": after.stages[stage] if after is not None else None,
                "rows": [(p, after_parts.get((p.school_id, p.stage))) for p in parts],
                "standard": figures.standards()[stage],
            }
        )
    return render(
        request,
        "balance/overview.html",
        {
            "district": district,
            "form": form,
            "school_year": year,
            "what_if": after is not None,
            "stages": stages,
            "report": before,
            "chart": chart.cv_chart(before, after),
            "indicators": [(k, figures.INDICATOR_LABEL[k]) for k in figures.INDICATORS],
            "export_query": request.GET.urlencode(),
            "crumbs": [("均衡发展指标", None)],
            "nav_section": "dashboard",
        },
    )


@login_required
@require_GET
def balance_export(request: HttpRequest) -> HttpResponse:
    district, _, year, before, after = _reports(request)
    response = HttpResponse(workbook_bytes(before, after), content_type=XLSX)
    name = f"{district.name}均衡发展指标{year.label}{'（交流测算）' if after else ''}.xlsx"
    response["Content-Disposition"] = attachment_header(name, "balance.xlsx")
    return response
