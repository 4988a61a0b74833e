"""Sortable list tables: clickable column headers, sorted by the database, order kept in the URL.

A list declares its columns once::

    SCHOOL_TABLE = Table(
        Column("name", "学校名称", order=("sort_key", "id")),
        Column("code", "学校标识码", order=("code", "id")),
        Column("parent", "上级学校"),  # not sortable
        default=("tree_key", "id"),
    )

- ``?sort=name`` sorts by a column, ``?sort=-name`` in reverse. Only declared sortable columns
  are accepted (anything else falls back to the default order), so a URL can never order by an
  arbitrary field. Each sortable column's ``order`` must be served by an index of the model
  (``tests/core/test_tables.py`` checks the declared tables).
- The list's selector applies ``table.order(queryset, params)``, so the page and the exports
  (which run the same selector with the same query string) give the same order.
- The view passes ``table.headers(request.GET)`` to ``includes/_table_head.html``: each header is
  a link to the same list with the other parameters kept, the page reset, and the sort toggled.

Names sort by ``sort_key`` (``core.sorting``), never by the name's code points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.utils.functional import cached_property

from . import listcache

SORT_PARAM = "sort"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    # The fields of ``order_by`` for the ascending order (end with a unique field); None when
    # the column is not sortable.
    order: tuple[str, ...] | None = None
    css: str = ""
    # The direction of the first click ("-" for columns read largest first, e.g. counts).
    first: str = ""


@dataclass(frozen=True)
class Header:
    label: str
    css: str
    url: str | None
    # "ascending" / "descending" for the column the list is sorted by (aria-sort), else "".
    sorted: str
    title: str


def _reverse(fields: tuple[str, ...]) -> list[str]:
    return [f[1:] if f.startswith("-") else f"-{f}" for f in fields]


def _same_nulls(model, fields: list[str]) -> list:
    """Nullable fields sort as PostgreSQL does by default (NULL last ascending, first
    descending; its indexes serve exactly that), spelled out so SQLite agrees."""
    out: list = []
    for name in fields:
        bare = name.lstrip("-")
        try:
            nullable = model._meta.get_field(bare).null
        except FieldDoesNotExist:
            nullable = False
        if not nullable:
            out.append(name)
        elif name.startswith("-"):
            out.append(F(bare).desc(nulls_first=True))
        else:
            out.append(F(bare).asc(nulls_last=True))
    return out


class Table:
    def __init__(self, *columns: Column, default: tuple[str, ...], default_label: str = ""):
        self.columns = columns
        self.default = default
        self.default_label = default_label
        self._sortable = {c.key: c for c in columns if c.order}

    def sort_value(self, params: Mapping | None) -> str:
        """The valid ``sort`` parameter of ``params`` ("" when absent or not allowed)."""
        value = (params or {}).get(SORT_PARAM) or ""
        if isinstance(value, list):  # a plain dict of lists
            value = value[0] if value else ""
        return value if value.lstrip("-") in self._sortable else ""

    def order_fields(self, params: Mapping | None) -> list[str]:
        value = self.sort_value(params)
        if not value:
            return list(self.default)
        fields = self._sortable[value.lstrip("-")].order
        return _reverse(fields) if value.startswith("-") else list(fields)

    def order(self, queryset: QuerySet, params: Mapping | None) -> QuerySet:
        return queryset.order_by(*_same_nulls(queryset.model, self.order_fields(params)))

    def is_default(self, params: Mapping | None) -> bool:
        return not self.sort_value(params)

    def headers(self, params) -> list[Header]:
        """Headers for a QueryDict of the current request (other parameters are kept)."""
        current = self.sort_value(params)
        headers = []
        for column in self.columns:
            if not column.order:
                headers.append(Header(column.label, column.css, None, "", ""))
                continue
            if current == column.key:
                state, target = "ascending", f"-{column.key}"
            elif current == f"-{column.key}":
                state, target = "descending", column.key
            else:
                state, target = "", f"{column.first}{column.key}"
            query = params.copy()
            query.pop("page", None)
            query[SORT_PARAM] = target
            title = f"按{column.label}{'降序' if target.startswith('-') else '升序'}排列"
            headers.append(Header(column.label, column.css, query.urlencode(), state, title))
        return headers


class _Paginator(Paginator):
    """A paginator whose row count is kept until the next write (``core.listcache``)."""

    def __init__(self, object_list, per_page, key):
        super().__init__(object_list, per_page)
        self.key = key

    @cached_property
    def count(self) -> int:
        return listcache.count(self.object_list, self.key)


def paginate(queryset: QuerySet, request, *, per_page: int, fill=None):
    """The page of ``queryset`` that ``request`` asks for (``?page=``); with ``fill``, the
    page's rows are read in a second query.

    The row count is kept until the next write (``core.listcache``), under what determines the
    rows (``listcache.request_key``): on a county's lists it is the slowest fixed query
    (``COUNT(*)`` over 60,000 teachers), and the same on every request.

    ``fill(ids)`` returns the rows of those ids with whatever annotations the page shows
    (subqueries per row, joins); they are computed for the page's rows only, never for the rows
    before the offset, and the count runs on the bare filtered queryset.
    """
    page_number = request.GET.get("page")
    key = listcache.request_key(request)
    if fill is None:
        return _Paginator(queryset, per_page, key).get_page(page_number)
    page = _Paginator(queryset.values_list("pk", flat=True), per_page, key).get_page(page_number)
    ids = list(page.object_list)
    by_id = {row.pk: row for row in fill(ids)} if ids else {}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page
