"""The base of the lists' FilterSets (django-filter)."""

from __future__ import annotations

import django_filters

from .widgets import fast_selects


class ListFilterSet(django_filters.FilterSet):
    """A FilterSet whose form renders its selects in Python (``core.widgets.FastSelect``):
    a filter of hundreds of options costs a millisecond, not tens."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            fast_selects(super().form)
        return self._form
