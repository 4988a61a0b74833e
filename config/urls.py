from django.contrib import admin
from django.urls import include, path

from overview.views import dashboard

admin.site.site_header = "教共体管理平台 · 系统管理"
admin.site.site_title = "教共体管理平台"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("accounts/", include("accounts.urls")),
    path("schools/", include("schools.urls")),
    path("communities/", include("communities.urls")),
    path("data/", include("spreadsheets.urls")),
    path("admin/", admin.site.urls),
]
