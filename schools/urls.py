from django.urls import path

from . import views

app_name = "schools"

urlpatterns = [
    path("", views.school_list, name="school_list"),
    path("new/", views.school_create, name="school_create"),
    path("search/", views.school_search, name="school_search"),
    path("teachers/search/", views.teacher_search, name="teacher_search"),
    path("<int:pk>/", views.school_detail, name="school_detail"),
    path("<int:pk>/edit/", views.school_update, name="school_update"),
    path("<int:pk>/archive/", views.school_archive, name="school_archive"),
    path("<int:pk>/archive/pdf/", views.school_archive_pdf, name="school_archive_pdf"),
    path("teachers/", views.teacher_list, name="teacher_list"),
    path("teachers/new/", views.teacher_create, name="teacher_create"),
    path("teachers/<int:pk>/", views.teacher_detail, name="teacher_detail"),
    path("teachers/<int:pk>/edit/", views.teacher_update, name="teacher_update"),
    path("teachers/<int:pk>/move/", views.teacher_move, name="teacher_move"),
]
