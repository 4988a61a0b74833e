"""Admin for exchanges and their light records, scoped to the district, read-only.

Every write has its page and its service (the workflow steps, the bulk entry pages); the admin
only shows the rows and their history.
"""

from django.contrib import admin

from accounts.scoped_admin import ScopedModelAdmin, ScopedTabularInline, scoped_related_filter

from .models import Exchange, ExchangeHost, ExchangeStep, LessonDay, Mentorship, PrincipalPost


class ExchangeHostInline(ScopedTabularInline):
    model = ExchangeHost
    fields = ["school", "order", "community", "direction"]
    readonly_fields = ["community", "direction"]
    autocomplete_fields = ["school"]


class ExchangeStepInline(ScopedTabularInline):
    model = ExchangeStep
    fields = ["at", "action", "from_status", "to_status", "user", "comment"]


@admin.register(Exchange)
class ExchangeAdmin(ScopedModelAdmin):
    list_display = ["teacher", "home_school", "kind", "start_year", "status", "direction"]
    list_filter = ["status", "kind", "direction", ("community", scoped_related_filter)]
    search_fields = ["teacher__name", "home_school__name"]
    autocomplete_fields = ["teacher", "home_school", "assessed_by"]
    readonly_fields = ["planned_start", "planned_end", "community", "direction"]
    inlines = [ExchangeHostInline, ExchangeStepInline]


@admin.register(PrincipalPost)
class PrincipalPostAdmin(ScopedModelAdmin):
    list_display = ["teacher", "home_school", "partner_school", "school_year", "semester", "weeks"]
    list_filter = ["school_year", "semester"]
    search_fields = ["teacher__name"]
    autocomplete_fields = ["teacher", "home_school", "partner_school"]


@admin.register(LessonDay)
class LessonDayAdmin(ScopedModelAdmin):
    list_display = ["teacher", "home_school", "core_school", "month", "days"]
    search_fields = ["teacher__name"]
    autocomplete_fields = ["teacher", "home_school", "core_school"]


@admin.register(Mentorship)
class MentorshipAdmin(ScopedModelAdmin):
    list_display = ["mentor", "apprentice", "subject", "start_on", "end_on", "status"]
    list_filter = ["status"]
    search_fields = ["mentor__name", "apprentice__name"]
    autocomplete_fields = ["mentor", "apprentice", "mentor_school", "apprentice_school"]
