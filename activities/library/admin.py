"""Admin for the resource library: read-only, scoped to the district (registered from
``ActivitiesConfig.ready``). The library's pages and services are the one write path; the admin
lists entries, their download counts and history."""

from django.contrib import admin

from accounts.scoped_admin import ScopedModelAdmin, ScopedPlainAdmin, scoped_related_filter

from .models import Resource, ResourceDownload


@admin.register(Resource)
class ResourceAdmin(ScopedModelAdmin):
    list_display = ["title", "kind", "school", "community", "scope", "shared_on", "downloads"]
    list_filter = ["kind", "scope", "school_year", ("community", scoped_related_filter)]
    search_fields = ["title", "^title_key"]
    autocomplete_fields = ["community", "school"]
    list_select_related = ["school", "community"]


@admin.register(ResourceDownload)
class ResourceDownloadAdmin(ScopedPlainAdmin):
    list_display = ["resource", "school", "school_year", "count", "last_on"]
    list_filter = ["school_year"]
    autocomplete_fields = ["resource", "school"]
    list_select_related = ["resource", "school"]
