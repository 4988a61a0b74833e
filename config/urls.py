from django.contrib import admin
from django.urls import include, path

from core.views import file_download, history
from overview.views import dashboard

admin.site.site_header = "教共体管理平台 · 系统管理"
admin.site.site_title = "教共体管理平台"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("accounts/", include("accounts.urls")),
    path("schools/", include("schools.urls")),
    path("communities/", include("communities.urls")),
    path("exchanges/", include("exchanges.urls")),
    path("data/", include("spreadsheets.urls")),
    path("compliance/", include("compliance.urls")),
    path("balance/", include("balance.urls")),
    path("activities/", include("activities.urls")),
    path("governance/", include("governance.urls")),
    path("surveys/", include("surveys.urls")),
    path("assessment/", include("assessment.urls")),
    # Uploaded files, only through their owner's visibility rule (core.files); MEDIA_URL is
    # deliberately not routed.
    path("files/<str:model>/<int:pk>/<str:field>/", file_download, name="file_download"),
    # The full change trail of an object, through its owner's visibility rule (core.audit).
    path("history/<str:model>/<int:pk>/", history, name="history"),
    path("jobs/", include("core.urls")),
    path("admin/", admin.site.urls),
]
