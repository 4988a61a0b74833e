"""The list cache (core.listcache): a list's row count and filter form are kept until the next
write to a watched table, whatever path the write takes, and never show uncommitted rows.

These tests commit (transactional database): the cache only serves connections with no
uncommitted write of their own, which is never the case inside the usual test transaction.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from core import listcache
from schools.models import School, Teacher
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEACHERS = reverse("schools:teacher_list")
SCHOOLS = reverse("schools:school_list")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _total(response) -> int:
    match = re.search(r"共 (\d+) 条", response.content.decode())
    assert match, "the list shows its row count"
    return int(match.group(1))


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries]


def _counts(sqls) -> int:
    return sum(1 for sql in sqls if "COUNT(" in sql.upper())


def test_the_count_is_read_once_then_kept(bureau_client, world):
    first, first_sql = _get(bureau_client, TEACHERS)
    second, second_sql = _get(bureau_client, TEACHERS)
    assert _counts(first_sql) == 1
    assert _counts(second_sql) == 0
    assert len(second_sql) < len(first_sql)
    assert _total(first) == _total(second) == 3  # the district's three teachers


def test_a_saved_teacher_is_counted_at_once(bureau_client, world):
    before = _total(_get(bureau_client, TEACHERS)[0])
    TeacherFactory(school=world.lone_school, name="新老师")
    assert _total(_get(bureau_client, TEACHERS)[0]) == before + 1


def test_bulk_writes_and_updates_are_seen(bureau_client, world):
    before = _total(_get(bureau_client, TEACHERS)[0])
    Teacher.objects.bulk_create(
        [
            Teacher(school=world.lone_school, district=world.district, name=f"批量{i}")
            for i in "一二"
        ]
    )
    assert _total(_get(bureau_client, TEACHERS)[0]) == before + 2

    assert "新设镇" not in _get(bureau_client, SCHOOLS)[0].content.decode()
    School.objects.filter(pk=world.lone_school.pk).update(township="新设镇")
    # The township filter offers the new value: the kept filter form was replaced.
    assert '<option value="新设镇">' in _get(bureau_client, SCHOOLS)[0].content.decode()

    Teacher.objects.filter(school=world.lone_school).delete()
    assert _total(_get(bureau_client, TEACHERS)[0]) == before - 1


def test_uncommitted_rows_are_never_kept(bureau_client, world):
    before = _total(_get(bureau_client, TEACHERS)[0])

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        TeacherFactory(school=world.lone_school, name="未提交")
        # The writer sees its own row …
        assert _total(_get(bureau_client, TEACHERS)[0]) == before + 1
        raise Abandon
    # … and after the rollback nobody sees it, though the count was read in between.
    assert _total(_get(bureau_client, TEACHERS)[0]) == before

    with transaction.atomic():
        TeacherFactory(school=world.lone_school, name="已提交")
    assert _total(_get(bureau_client, TEACHERS)[0]) == before + 1


def test_the_filter_form_is_kept_per_user(client, world):
    client.force_login(world.users["bureau_staff"])
    bureau_page = _get(client, TEACHERS)[0].content.decode()
    assert 'name="community"' in bureau_page
    client.force_login(world.users["school_leader"])
    leader_page = _get(client, TEACHERS)[0].content.decode()
    # The school leader's own form: no community choice, none of the bureau's townships.
    assert 'name="community"' not in leader_page
    client.force_login(world.users["bureau_staff"])
    assert 'name="community"' in _get(client, TEACHERS)[0].content.decode()


def test_filter_values_are_part_of_the_key(bureau_client, world):
    _get(bureau_client, TEACHERS)
    page = _get(bureau_client, f"{TEACHERS}?q=王")[0].content.decode()
    assert 'value="王"' in page
    assert _total(_get(bureau_client, f"{TEACHERS}?q=王")[0]) == 1


def test_writes_to_sessions_history_and_the_cache_table_do_not_empty_the_cache():
    assert listcache.watched("schools_teacher")
    assert listcache.watched("communities_membership")
    for table in ("django_session", "schools_historicalteacher", "accounts_accessevent"):
        assert not listcache.watched(table)


def test_a_cold_cache_only_costs_the_query(bureau_client, world):
    before = _total(_get(bureau_client, TEACHERS)[0])
    cache.clear()
    response, sqls = _get(bureau_client, TEACHERS)
    assert _total(response) == before
    assert _counts(sqls) == 1


def test_writes_and_pages_work_when_the_cache_cannot_be_used(bureau_client, world):
    # A database cache whose table was never created (``migrate`` runs before
    # ``createcachetable``): writes go through and the pages read the database.
    broken = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "jgt_cache_never_created",
        }
    }
    with override_settings(CACHES=broken):
        before = _total(_get(bureau_client, TEACHERS)[0])
        TeacherFactory(school=world.lone_school, name="缓存不可用")
        assert _total(_get(bureau_client, TEACHERS)[0]) == before + 1
