from django.urls import path

from . import views

app_name = "balance"

urlpatterns = [
    path("", views.balance_overview, name="overview"),
    path("export.xlsx", views.balance_export, name="export"),
]
