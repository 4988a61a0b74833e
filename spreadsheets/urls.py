from django.urls import path

from . import views

app_name = "spreadsheets"

urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
]
