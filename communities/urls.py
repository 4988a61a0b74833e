from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.community_list, name="community_list"),
    path("new/", views.community_create, name="community_create"),
    path("<int:pk>/", views.community_detail, name="community_detail"),
    path("<int:pk>/panels/", views.community_panels, name="community_panels"),
    path("<int:pk>/edit/", views.community_update, name="community_update"),
    path("<int:pk>/members/add/", views.membership_add, name="membership_add"),
    path("<int:pk>/members/<int:membership_pk>/end/", views.membership_end, name="membership_end"),
    path("<int:pk>/core/", views.core_replace, name="core_replace"),
    path("<int:pk>/positions/add/", views.position_add, name="position_add"),
    path(
        "<int:pk>/positions/<int:position_pk>/edit/", views.position_update, name="position_update"
    ),
    path("<int:pk>/positions/<int:position_pk>/end/", views.position_end, name="position_end"),
    path("<int:pk>/groups/add/", views.workgroup_add, name="workgroup_add"),
    path("<int:pk>/groups/<int:group_pk>/edit/", views.workgroup_update, name="workgroup_update"),
    path("<int:pk>/groups/<int:group_pk>/delete/", views.workgroup_delete, name="workgroup_delete"),
]
