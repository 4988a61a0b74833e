"""Reads of the resource library: the page's rows, a resource's downloads by school, and the
sharing figures per school and school year (the community panel and the measure
``activities.resource_sharing`` read the same function)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, QuerySet, Sum

from .enums import NOT_COUNTED_KINDS
from .filters import LibraryFilter
from .models import Resource, ResourceDownload
from .tables import LIBRARY_TABLE
from .visibility import resources_visible_to


def library_filterset(*, user, params) -> LibraryFilter:
    return LibraryFilter(data=params, queryset=resources_visible_to(user), user=user)


def library_queryset(*, user, params, filterset: LibraryFilter | None = None) -> QuerySet[Resource]:
    """The entries the user may see, filtered and ordered like the page (one query a page)."""
    filterset = filterset or library_filterset(user=user, params=params)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset
    return LIBRARY_TABLE.order(queryset, params).select_related(
        "school", "community", "file", "material"
    )


def downloads_by_school(resource: Resource) -> list[dict]:
    """Who downloaded a resource: per school year (newest first) and school, with counts."""
    return list(
        ResourceDownload.objects.filter(resource=resource)
        .select_related("school")
        .order_by("-school_year", "-count", "school__sort_key")
    )


@dataclass
class SchoolSharing:
    """One school's resource sharing in one school year."""

    school_id: int
    shared: int = 0  # entries it shared that year (photos not counted)
    downloaded_by_others: int = 0  # downloads that year of its entries by other schools
    downloads_made: int = 0  # downloads that year it made of other schools' entries

    @property
    def degree(self) -> int:
        """办学资源共享度: shared + downloaded_by_others."""
        return self.shared + self.downloaded_by_others

    @property
    def any(self) -> bool:
        return bool(self.shared or self.downloaded_by_others or self.downloads_made)


def sharing_by_school(school_ids: Iterable[int], school_year: int) -> dict[int, SchoolSharing]:
    """Per school: entries shared in the school year (by their date; photos, which are evidence
    rather than teaching resources, not counted), downloads in that school year of its entries
    by *other* schools, and downloads it made of other schools' entries. Three queries,
    whatever the number of schools. Schools with nothing are left out."""
    ids = list(school_ids)
    out: dict[int, SchoolSharing] = {}

    def row(pk: int) -> SchoolSharing:
        return out.setdefault(pk, SchoolSharing(pk))

    shared = (
        Resource.objects.filter(school_id__in=ids, school_year=school_year)
        .exclude(kind__in=NOT_COUNTED_KINDS)
        .values("school_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for item in shared:
        row(item["school_id"]).shared = item["n"]
    by_others = (
        ResourceDownload.objects.filter(resource__school_id__in=ids, school_year=school_year)
        .exclude(school_id=F("resource__school_id"))
        .values("resource__school_id")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for item in by_others:
        row(item["resource__school_id"]).downloaded_by_others = item["n"] or 0
    made = (
        ResourceDownload.objects.filter(school_id__in=ids, school_year=school_year)
        .exclude(school_id=F("resource__school_id"))
        .values("school_id")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for item in made:
        row(item["school_id"]).downloads_made = item["n"] or 0
    return {pk: one for pk, one in out.items() if one.any}
