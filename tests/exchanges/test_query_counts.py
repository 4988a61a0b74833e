"""N+1 guards of the exchange pages, exports and panels: a few rows and a few hundred run the
same literal number of queries (session and user lookups included)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from core.school_year import Semester
from exchanges.enums import Direction, ExchangeStatus, StepAction
from exchanges.models import (
    Exchange,
    ExchangeHost,
    ExchangeStep,
    LessonDay,
    Mentorship,
    PrincipalPost,
)
from schools.models import Teacher

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 200
SIZES = [FEW, MANY]


def _teachers(school, prefix: str, count: int) -> list[Teacher]:
    return bulk_create_with_history(
        [Teacher(school=school, name=f"{prefix}{n:04d}", birth_year=1985) for n in range(count)],
        Teacher,
    )


def _exchanges(world, count: int, status=ExchangeStatus.SERVING) -> list[Exchange]:
    """``count`` member teachers serving at the core school and its teaching point (走教)."""
    teachers = _teachers(world.member_school, "交流", count)
    rows = []
    for teacher in teachers:
        exchange = Exchange(
            district=world.district,
            teacher=teacher,
            home_school=world.member_school,
            kind="itinerant",
            start_year=2025,
            start_semester=Semester.AUTUMN,
            end_year=2030,
            end_semester=Semester.SPRING,
            status=status,
            community=world.community,
            direction=Direction.MEMBER_TO_CORE,
        )
        exchange.derive_dates()
        rows.append(exchange)
    created = bulk_create_with_history(rows, Exchange)
    ExchangeHost.objects.bulk_create(
        [ExchangeHost(exchange=e, school=world.core_school, order=0) for e in created]
        + [ExchangeHost(exchange=e, school=world.lone_school, order=1) for e in created]
    )
    now = datetime.datetime(2025, 8, 1, tzinfo=datetime.UTC)
    ExchangeStep.objects.bulk_create(
        [
            ExchangeStep(
                exchange=e, action=StepAction.CREATE, to_status=e.status, at=now, comment="x"
            )
            for e in created
        ]
    )
    return created


def _get(client, url, assert_queries, expected):
    with assert_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("count", SIZES)
@pytest.mark.parametrize(
    ("role", "expected"), [("bureau_staff", 8), ("school_leader", 11), ("community_leader", 9)]
)
def test_exchange_list(client, world, django_assert_num_queries, count, role, expected):
    _exchanges(world, count)
    client.force_login(world.users[role])
    url = reverse("exchanges:exchange_list") + "?school_year=2025-2026&semester=spring"
    response = _get(client, url, django_assert_num_queries, expected)
    assert response.context["page_obj"].paginator.count == count


@pytest.mark.parametrize("count", SIZES)
def test_exchange_export_csv(client, world, django_assert_num_queries, count):
    _exchanges(world, count)
    client.force_login(world.users["bureau_staff"])
    url = reverse("spreadsheets:export", args=["exchanges"]) + "?format=csv"
    with django_assert_num_queries(4):
        response = client.get(url)
        text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.count("城关第一小学、孤岛小学") == count


@pytest.mark.parametrize("count", SIZES)
def test_school_page_panel(client, world, django_assert_num_queries, count):
    _exchanges(world, count)
    client.force_login(world.users["bureau_staff"])
    url = reverse("schools:school_detail", args=[world.core_school.pk])
    response = _get(client, url, django_assert_num_queries, 16)
    assert response.content.decode().count("交流0") >= min(count, 30)


@pytest.mark.parametrize("count", SIZES)
def test_teacher_page_panel(client, world, django_assert_num_queries, count):
    exchanges = _exchanges(world, count)
    teacher = exchanges[0].teacher
    for n in range(count):
        Mentorship.objects.create(
            district=world.district,
            mentor=teacher,
            apprentice=exchanges[n].teacher if n else world.member_teacher,
            mentor_school=world.member_school,
            apprentice_school=world.member_school,
            start_on=datetime.date(2025, 9, 1),
        )
    client.force_login(world.users["bureau_staff"])
    _get(
        client, reverse("schools:teacher_detail", args=[teacher.pk]), django_assert_num_queries, 13
    )
    _get(
        client, reverse("exchanges:teacher_record", args=[teacher.pk]), django_assert_num_queries, 9
    )


@pytest.mark.parametrize("count", SIZES)
def test_light_record_lists(client, world, django_assert_num_queries, count):
    teachers = _teachers(world.member_school, "听课", count)
    LessonDay.objects.bulk_create(
        [
            LessonDay(
                district=world.district,
                teacher=t,
                home_school=world.member_school,
                core_school=world.core_school,
                month=datetime.date(2025, 10, 1),
                days=2,
            )
            for t in teachers
        ]
    )
    PrincipalPost.objects.bulk_create(
        [
            PrincipalPost(
                district=world.district,
                teacher=t,
                home_school=world.member_school,
                partner_school=world.core_school,
                school_year=2025,
                semester=Semester.AUTUMN,
                weeks=1,
            )
            for t in teachers
        ]
    )
    Mentorship.objects.bulk_create(
        [
            Mentorship(
                district=world.district,
                mentor=world.core_teacher,
                apprentice=t,
                mentor_school=world.core_school,
                apprentice_school=world.member_school,
                start_on=datetime.date(2025, 9, 1),
            )
            for t in teachers
        ]
    )
    client.force_login(world.users["community_leader"])
    for name, expected in (
        ("lesson_day_list", 7),
        ("principal_post_list", 7),
        ("mentorship_list", 8),
    ):
        _get(client, reverse(f"exchanges:{name}"), django_assert_num_queries, expected)
    _get(
        client,
        reverse("exchanges:mentorship_community", args=[world.community.pk]),
        django_assert_num_queries,
        7,
    )


@pytest.mark.parametrize("count", SIZES)
def test_exchange_detail(client, world, django_assert_num_queries, count):
    exchange = _exchanges(world, 1)[0]
    now = datetime.datetime(2025, 8, 2, tzinfo=datetime.UTC)
    ExchangeStep.objects.bulk_create(
        [
            ExchangeStep(
                exchange=exchange,
                action=StepAction.RETURN,
                to_status="returned",
                at=now,
                user=world.users["community_leader"],
                comment=f"意见{n}",
            )
            for n in range(count)
        ]
    )
    client.force_login(world.users["bureau_staff"])
    _get(client, exchange.get_absolute_url(), django_assert_num_queries, 12)
