"""The report URLs (``assessment.urls`` adds them): a community's PDF, the district workbook,
the batch of every community's PDF, and the public verification page."""

from django.urls import path

from . import report_views

urlpatterns = [
    path("verify/", report_views.verify, name="verify"),
    path(
        "schemes/<int:pk>/communities/<int:community>/report.pdf",
        report_views.community_report,
        name="community_report",
    ),
    path(
        "schemes/<int:pk>/workbook.xlsx", report_views.district_workbook, name="district_workbook"
    ),
    path("schemes/<int:pk>/reports.zip", report_views.reports_zip, name="reports_zip"),
]
