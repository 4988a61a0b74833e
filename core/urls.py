from django.urls import path

from . import job_views as views

app_name = "core"

urlpatterns = [
    path("<int:pk>/", views.job_detail, name="job_detail"),
    path("<int:pk>/status/", views.job_status, name="job_status"),
    path("<int:pk>/file/", views.job_file, name="job_file"),
]
