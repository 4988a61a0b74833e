from django.urls import path  # noqa: F401 - pages come with the app's issue

app_name = "surveys"

urlpatterns: list = []
