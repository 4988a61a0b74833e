from django.urls import path  # noqa: F401 - pages come with the app's issue

from . import report_urls

app_name = "assessment"

urlpatterns: list = []

urlpatterns += report_urls.urlpatterns
