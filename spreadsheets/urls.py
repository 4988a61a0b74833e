from django.urls import path

from . import export_views, views

app_name = "spreadsheets"

urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
    path("imports/<str:kind>/upload/", views.import_upload, name="import_upload"),
    path("imports/jobs/<int:pk>/", views.import_job, name="import_job"),
    path("imports/jobs/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/jobs/<int:pk>/abandon/", views.import_abandon, name="import_abandon"),
    path("imports/jobs/<int:pk>/status/", views.import_job_status, name="import_job_status"),
    # Exports and templates (export_views); "exports/roster/" must precede "exports/<name>/".
    path("exports/roster/", export_views.roster_export, name="roster_export"),
    path("exports/<str:name>/", export_views.export, name="export"),
    path("templates/<str:kind>/", export_views.import_template, name="template"),
]
