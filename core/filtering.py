"""The base of the lists' FilterSets (django-filter)."""

from __future__ import annotations

import django_filters

from .listcache import NOT_FILTERS
from .widgets import fast_selects


class ListFilterSet(django_filters.FilterSet):
    """A FilterSet whose form renders its selects in Python (``core.widgets.FastSelect``):
    a filter of hundreds of options costs a millisecond, not tens.

    Opened without a filter value (most visits), a list's rows are its queryset as it is: the
    form is not validated, which would read and check every field (~1 ms). A FilterSet that
    overrides ``filter_queryset`` (a default that applies to the unfiltered list) always runs it.
    """

    @property
    def form(self):
        if not hasattr(self, "_form"):
            fast_selects(super().form)
        return self._form

    @property
    def qs(self):
        if not hasattr(self, "_qs") and self._unfiltered():
            self._qs = self.queryset.all()
        return super().qs

    def _unfiltered(self) -> bool:
        if type(self).filter_queryset is not django_filters.FilterSet.filter_queryset:
            return False
        data = self.data
        if data is None:
            return True
        getlist = getattr(data, "getlist", lambda key: [data[key]])
        return not any(
            value not in (None, "")
            for key in data
            if key not in NOT_FILTERS
            for value in getlist(key)
        )
