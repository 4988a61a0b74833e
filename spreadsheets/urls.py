from django.urls import path

from . import export_views, views

app_name = "spreadsheets"

urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
    # Exports and templates (export_views); "exports/roster/" must precede "exports/<name>/".
    path("exports/roster/", export_views.roster_export, name="roster_export"),
    path("exports/<str:name>/", export_views.export, name="export"),
    path("templates/<str:kind>/", export_views.import_template, name="template"),
]
