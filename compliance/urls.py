from django.urls import path

from . import views

app_name = "compliance"

urlpatterns = [
    path("", views.district_ranking, name="ranking"),
    path("communities/<int:pk>/", views.community_rules, name="community_rules"),
    path("communities/<int:pk>/settings/", views.community_settings, name="community_settings"),
]
