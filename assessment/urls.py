from django.urls import path

from . import report_urls, views

app_name = "assessment"

urlpatterns = [
    path("", views.index, name="index"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/status/", views.scheme_status, name="scheme_status"),
    path(
        "schemes/<int:pk>/dimensions/<int:dimension_pk>/edit/",
        views.dimension_edit,
        name="dimension_edit",
    ),
    path(
        "schemes/<int:pk>/indicators/<int:indicator_pk>/edit/",
        views.indicator_edit,
        name="indicator_edit",
    ),
    path("schemes/<int:pk>/publish/", views.publish, name="publish"),
    path("schemes/<int:pk>/scores/template/", views.score_template, name="score_template"),
    path(
        "schemes/<int:pk>/communities/<int:community_pk>/",
        views.community_result,
        name="community_result",
    ),
    path(
        "schemes/<int:pk>/communities/<int:community_pk>/entry/",
        views.quick_entry,
        name="quick_entry",
    ),
    path("schemes/<int:pk>/schools/<int:school_pk>/", views.school_result, name="school_result"),
    path(
        "schemes/<int:pk>/schools/<int:school_pk>/indicators/<int:indicator_pk>/",
        views.score_edit,
        name="score_edit",
    ),
    path(
        "schemes/<int:pk>/schools/<int:school_pk>/indicators/<int:indicator_pk>/correct/",
        views.correct,
        name="correct",
    ),
]

urlpatterns += report_urls.urlpatterns
