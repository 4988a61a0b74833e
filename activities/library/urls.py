"""The library's URLs, included by ``activities.urls`` under ``library/`` (names in the
``activities`` namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.library, name="library"),
    path("new/", views.resource_create, name="resource_create"),
    path("<int:pk>/", views.resource_detail, name="resource_detail"),
    path("<int:pk>/edit/", views.resource_update, name="resource_update"),
    path("<int:pk>/delete/", views.resource_delete, name="resource_delete"),
    path("<int:pk>/download/", views.resource_download, name="resource_download"),
]
