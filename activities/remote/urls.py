"""Remote-lesson URLs, mounted by ``activities.urls`` under ``remote/`` (names ``remote_*``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("remote/", views.pairing_list, name="remote_pairing_list"),
    path("remote/new/", views.pairing_create, name="remote_pairing_create"),
    path("remote/<int:pk>/", views.pairing_detail, name="remote_pairing_detail"),
    path("remote/<int:pk>/edit/", views.pairing_update, name="remote_pairing_update"),
    path("remote/<int:pk>/sessions/", views.session_log, name="remote_session_log"),
    path(
        "remote/<int:pk>/sessions/<int:session_pk>/delete/",
        views.session_delete,
        name="remote_session_delete",
    ),
]
