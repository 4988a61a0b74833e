"""Admin for remote-lesson rows: read-only, scoped to the district. The pages (and their
services) are the one write path; the admin lists rows and their history."""

from django.contrib import admin

from accounts.scoped_admin import ScopedModelAdmin, scoped_related_filter

from .models import RemotePairing, RemoteSession


@admin.register(RemotePairing)
class RemotePairingAdmin(ScopedModelAdmin):
    list_display = ["__str__", "community", "school_year", "semester", "weekday", "start_time"]
    list_filter = ["kind", "school_year", "semester", ("community", scoped_related_filter)]
    search_fields = [
        "subject",
        "core_school__name",
        "^core_school__initials",
        "community__name",
    ]
    autocomplete_fields = ["community", "core_school", "teachers"]
    list_select_related = ["community", "core_school"]


@admin.register(RemoteSession)
class RemoteSessionAdmin(ScopedModelAdmin):
    list_display = ["date", "pairing", "status", "reason", "note"]
    list_filter = ["status", "reason"]
    autocomplete_fields = ["pairing"]
    list_select_related = ["pairing", "pairing__core_school"]
