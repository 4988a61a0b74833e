"""Sortable tables (``core.tables``): whitelisted sort columns, headers that keep the filters,
an index behind every sortable column, the same order on the page and in the export."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import QueryDict
from django.urls import reverse

from communities.models import Community
from communities.tables import COMMUNITY_TABLE
from core.tables import Column, Table
from schools.models import School, Teacher
from schools.tables import SCHOOL_TABLE, TEACHER_TABLE
from tests.factories import SchoolFactory, TeacherFactory

TABLES = [(SCHOOL_TABLE, School), (TEACHER_TABLE, Teacher), (COMMUNITY_TABLE, Community)]


def test_only_declared_columns_sort():
    table = Table(Column("name", "姓名", order=("sort_key", "id")), default=("id",))
    assert table.order_fields({"sort": "name"}) == ["sort_key", "id"]
    assert table.order_fields({"sort": "-name"}) == ["-sort_key", "-id"]
    assert table.order_fields({"sort": "password"}) == ["id"]
    assert table.order_fields({"sort": "-password"}) == ["id"]
    assert table.order_fields({}) == ["id"]


def test_headers_keep_filters_drop_the_page_and_toggle():
    params = QueryDict("q=王&page=3&sort=name")
    name, school, *_ = TEACHER_TABLE.headers(params)
    assert name.sorted == "ascending"
    assert QueryDict(name.url) == QueryDict("q=王&sort=-name")
    assert school.sorted == "" and QueryDict(school.url) == QueryDict("q=王&sort=school")
    subjects = TEACHER_TABLE.headers(params)[2]
    assert subjects.url is None  # not sortable


@pytest.mark.parametrize(("table", "model"), TABLES)
def test_every_sortable_column_is_served_by_an_index(table, model):
    """The order's fields (within a district, where the model has one) lead some index."""
    indexes = [list(index.fields) for index in model._meta.indexes]
    orders = [c.order for c in table.columns if c.order] + [table.default]
    for order in orders:
        fields = [f.lstrip("-") for f in order]
        fields = [f for f in fields if f != "id"] or ["id"]
        served = any(
            index[: len(fields)] == fields
            or (index[0] in ("district", "school") and index[1 : 1 + len(fields)] == fields)
            for index in indexes
        )
        assert served, f"{model.__name__}: no index for the order {order}"


@pytest.mark.django_db
def test_teacher_list_sorts_by_a_header_and_the_export_follows(bureau_client, world):
    for name in ["曾巩", "安然", "单丹"]:
        TeacherFactory(school=world.lone_school, name=name)
    page = bureau_client.get(reverse("schools:teacher_list"), {"sort": "-name"})
    names = [t.name for t in page.context["page_obj"]]
    expected = sorted(
        Teacher.objects.filter(district=world.district).values_list("sort_key", "name")
    )
    assert names == [n for _, n in reversed(expected)]
    # 曾 reads zeng as a surname: after 单 (shan) in pinyin order, so before it here.
    assert names.index("曾巩") < names.index("单丹") and names[-1] == "安然"
    body = page.content.decode()
    assert 'aria-sort="descending"' in body and "sort=name" in body

    export = bureau_client.get(
        reverse("spreadsheets:export", args=["teachers"]), {"sort": "-name", "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == names


@pytest.mark.django_db
def test_school_list_groups_teaching_points_under_their_central_school(bureau_client, world):
    SchoolFactory(district=world.district, name="阿里小学")  # sorts first: a
    response = bureau_client.get(reverse("schools:school_list"))
    names = [s.name for s in response.context["page_obj"]]
    # The teaching point follows its central school, whatever its own name's order.
    assert names.index("河口教学点") == names.index("河口小学") + 1
    assert 'class="child-row"' in response.content.decode()
    flat = bureau_client.get(reverse("schools:school_list"), {"sort": "name"})
    flat_names = [s.name for s in flat.context["page_obj"]]
    assert flat_names == sorted(flat_names, key=lambda n: School.objects.get(name=n).sort_key)
    assert 'class="child-row"' not in flat.content.decode()
