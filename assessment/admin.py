"""Admin for the bundled assessment: read-only, scoped to the district.

Every write has its page and its service, which hold the rules the admin would bypass: a scheme
is fixed once scored and its weights must add up (``services.scheme_update`` …); a score is
entered before publishing only; a published score changes only through a correction with a
reason, which makes a new publication and new verification codes. So schemes, scores,
publications, corrections and report codes are only listed here, with their history.
"""

from django.contrib import admin

from accounts.scoped_admin import (
    ScopedModelAdmin,
    ScopedPlainAdmin,
    ScopedTabularInline,
    scoped_related_filter,
)

from .models import Correction, Dimension, Indicator, Publication, ReportCode, Scheme, Score


class DimensionInline(ScopedTabularInline):
    model = Dimension
    fields = ["order", "code", "name", "weight", "decline_watch"]


@admin.register(Scheme)
class SchemeAdmin(ScopedModelAdmin):
    list_display = ["__str__", "district", "school_year", "status", "created_at"]
    list_filter = ["status", "school_year"]
    search_fields = ["name"]
    readonly_fields = ["created_by", "created_at"]
    list_select_related = ["district"]
    inlines = [DimensionInline]


class IndicatorInline(ScopedTabularInline):
    model = Indicator
    fields = ["order", "code", "name", "max_score", "kind", "scorer", "measure_code", "full_at"]


@admin.register(Dimension)
class DimensionAdmin(ScopedModelAdmin):
    list_display = ["name", "scheme", "code", "weight", "decline_watch", "order"]
    list_filter = ["decline_watch", ("scheme", scoped_related_filter)]
    search_fields = ["name", "code"]
    list_select_related = ["scheme"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(ScopedModelAdmin):
    list_display = ["name", "dimension", "code", "max_score", "kind", "scorer", "measure_code"]
    list_filter = ["kind", "scorer", ("dimension__scheme", scoped_related_filter)]
    search_fields = ["name", "code", "dimension__name"]
    list_select_related = ["dimension"]


@admin.register(Score)
class ScoreAdmin(ScopedModelAdmin):
    list_display = ["school", "indicator", "points", "raw", "raw_source", "status", "updated_at"]
    list_filter = ["status", "raw_source", ("indicator__dimension__scheme", scoped_related_filter)]
    search_fields = ["school__name", "indicator__name"]
    autocomplete_fields = ["school"]
    readonly_fields = ["entered_by", "confirmed_by", "updated_at"]
    list_select_related = ["school", "indicator"]


@admin.register(Publication)
class PublicationAdmin(ScopedModelAdmin):
    list_display = ["scheme", "version", "published_at", "published_by", "note"]
    list_filter = [("scheme", scoped_related_filter)]
    readonly_fields = ["published_by", "published_at"]
    list_select_related = ["scheme", "published_by"]


@admin.register(Correction)
class CorrectionAdmin(ScopedModelAdmin):
    list_display = ["school", "score", "old_points", "new_points", "made_at", "made_by"]
    list_filter = [("scheme", scoped_related_filter), ("community", scoped_related_filter)]
    search_fields = ["school__name", "reason"]
    autocomplete_fields = ["school", "community"]
    readonly_fields = ["made_by", "made_at"]
    list_select_related = ["school", "score__school", "score__indicator", "made_by"]


@admin.register(ReportCode)
class ReportCodeAdmin(ScopedPlainAdmin):
    """A verification code is issued by publishing and corrections, never edited (no history
    table: a code row never changes)."""

    list_display = ["code", "community", "scheme", "version", "created_at"]
    list_filter = [("scheme", scoped_related_filter)]
    search_fields = ["code", "community__name"]
    autocomplete_fields = ["community"]
    list_select_related = ["community", "scheme"]
