"""Admin for rule settings: read-only, scoped to the district.

The one write path is the community's 规则设置 page (``services.rule_setting_save``, which
checks each number against its rule's range); the admin lists and shows the rows and their
history.
"""

from django.contrib import admin

from accounts.scoped_admin import ScopedModelAdmin, scoped_related_filter

from .models import RuleSetting


@admin.register(RuleSetting)
class RuleSettingAdmin(ScopedModelAdmin):
    list_display = ["community", "school_year", "rule_code", "enabled", "params", "updated_by"]
    list_filter = ["school_year", "enabled", ("community", scoped_related_filter)]
    search_fields = ["community__name", "rule_code"]
    autocomplete_fields = ["community"]
    list_select_related = ["community", "updated_by"]
