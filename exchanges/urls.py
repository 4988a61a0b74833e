from django.urls import path

from . import views

app_name = "exchanges"

urlpatterns = [
    path("", views.exchange_list, name="exchange_list"),
    path("new/", views.exchange_create, name="exchange_create"),
    path("filing/", views.filing_sheet, name="filing_sheet"),
    path("<int:pk>/", views.exchange_detail, name="exchange_detail"),
    path("<int:pk>/edit/", views.exchange_update, name="exchange_update"),
    path("<int:pk>/step/<str:action>/", views.exchange_step, name="exchange_step"),
    path("teachers/<int:pk>/record/", views.teacher_record, name="teacher_record"),
    path("posts/", views.principal_post_list, name="principal_post_list"),
    path("posts/bulk/", views.principal_post_bulk, name="principal_post_bulk"),
    path("lesson-days/", views.lesson_day_list, name="lesson_day_list"),
    path("lesson-days/bulk/", views.lesson_day_bulk, name="lesson_day_bulk"),
    path("mentorships/", views.mentorship_list, name="mentorship_list"),
    path("mentorships/new/", views.mentorship_create, name="mentorship_create"),
    path(
        "mentorships/community/<int:pk>/",
        views.mentorship_community,
        name="mentorship_community",
    ),
    path("mentorships/<int:pk>/", views.mentorship_detail, name="mentorship_detail"),
    path("mentorships/<int:pk>/edit/", views.mentorship_update, name="mentorship_update"),
]
