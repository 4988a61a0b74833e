from django.urls import include, path

from . import views
from .remote import urls as remote_urls

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("calendar/", views.activity_calendar, name="activity_calendar"),
    path("new/", views.activity_create, name="activity_create"),
    path("kinds/", views.kind_list, name="kind_list"),
    path("library/", include("activities.library.urls")),
    path("dossiers.zip", views.dossier_zip, name="dossier_zip"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/edit/", views.activity_update, name="activity_update"),
    path("<int:pk>/verify/", views.activity_verify, name="activity_verify"),
    path("<int:pk>/return/", views.activity_return, name="activity_return"),
    path("<int:pk>/materials/", views.material_upload, name="material_upload"),
    path(
        "<int:pk>/materials/<int:material_pk>/delete/",
        views.material_delete,
        name="material_delete",
    ),
    path("<int:pk>/dossier.pdf", views.activity_dossier, name="activity_dossier"),
    path("schedule/<int:community_pk>/", views.schedule, name="schedule"),
    path(
        "schedule/<int:community_pk>/<int:item_pk>/delete/",
        views.plan_item_delete,
        name="plan_item_delete",
    ),
    *remote_urls.urlpatterns,
]
