"""Activities: derived fields, services (history, verification), visibility by role, pages."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities import services
from activities.enums import ActivityStatus, Review
from activities.models import Activity
from activities.selectors import school_activity_years
from activities.visibility import activities_visible_to
from core.school_year import Semester
from core.todos import todos_for

from .conftest import kind, make_activity


def test_display_name_is_date_plus_theme(activity):
    assert str(activity) == "2025-10-16 同课异构：三年级数学《分数的初步认识》"


@pytest.mark.parametrize(
    ("day", "year", "semester"),
    [
        (datetime.date(2025, 9, 1), 2025, Semester.AUTUMN),
        (datetime.date(2026, 1, 31), 2025, Semester.AUTUMN),
        (datetime.date(2026, 2, 1), 2025, Semester.SPRING),
        (datetime.date(2026, 8, 31), 2025, Semester.SPRING),
        (datetime.date(2025, 8, 31), 2024, Semester.SPRING),
    ],
)
def test_school_year_and_semester_are_derived(world, day, year, semester):
    activity = make_activity(world, on=day)
    assert (activity.school_year, activity.semester) == (year, semester)


def test_host_always_participates_and_history_names_the_actor(world, activity):
    assert set(activity.schools.all()) == {world.core_school, world.member_school}
    record = activity.history.latest()
    assert record.history_user == world.users["bureau_staff"]


def test_editing_a_verified_activity_puts_it_back_to_pending(world, activity):
    services.activity_verify(activity=activity, actor=world.users["bureau_staff"])
    activity.refresh_from_db()
    assert activity.review == Review.VERIFIED
    activity.theme = "同课异构：三年级数学（修改）"
    services.activity_update(activity=activity, schools=[], actor=world.users["community_leader"])
    activity.refresh_from_db()
    assert activity.review == Review.PENDING
    assert activity.history.latest().history_change_reason == "修改后重新待核实"


def test_only_held_activities_are_verified(world):
    planned = make_activity(world, status=ActivityStatus.PLANNED)
    with pytest.raises(ValidationError, match="已开展"):
        services.activity_verify(activity=planned, actor=world.users["bureau_staff"])


def test_return_needs_a_comment(world, activity):
    with pytest.raises(ValidationError):
        services.activity_return(activity=activity, actor=world.users["bureau_staff"], comment=" ")
    services.activity_return(activity=activity, actor=world.users["bureau_staff"], comment="缺照片")
    activity.refresh_from_db()
    assert (activity.review, activity.review_comment) == (Review.RETURNED, "缺照片")


def test_schools_of_another_district_are_refused(world, activity):
    with pytest.raises(ValidationError, match="参与学校"):
        services.activity_update(activity=activity, schools=[world.other_school])


def test_visibility_by_role(world_with_second_member, activity, lone_activity):
    w = world_with_second_member
    other = make_activity(w, community=w.other_community, host=w.other_school, theme="外县活动")
    users = w.users
    assert set(activities_visible_to(users["bureau_staff"])) == {activity, lone_activity}
    assert set(activities_visible_to(users["community_leader"])) == {activity, lone_activity}
    # 河口小学 joins the first, not the second.
    assert set(activities_visible_to(users["school_leader"])) == {activity}
    assert set(activities_visible_to(users["other_staff"])) == {other}


def test_school_leader_logs_its_own_school_only(client, world):
    client.force_login(world.users["school_leader"])
    data = {
        "community": world.community.pk,
        "theme": "送教下乡：四年级英语",
        "kind": kind("送教下乡").pk,
        "start_date": "2025-11-05",
        "host_school": world.member_school.pk,
        "schools": [world.core_school.pk],
        "other_participants": 3,
        "status": ActivityStatus.HELD,
    }
    response = client.post(reverse("activities:activity_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Activity.objects.get(theme="送教下乡：四年级英语")
    assert created.created_by == world.users["school_leader"]
    assert created.district == world.district
    # Another school as host: not a choice for this leader.
    response = client.post(
        reverse("activities:activity_create"), {**data, "host_school": world.core_school.pk}
    )
    assert response.status_code == 200
    assert Activity.objects.filter(theme="送教下乡：四年级英语").count() == 1


def test_host_must_be_in_the_community(client, world):
    data = {
        "community": world.community.pk,
        "theme": "联席会",
        "kind": kind("联席会").pk,
        "start_date": "2025-11-05",
        "host_school": world.lone_school.pk,
        "other_participants": 0,
        "status": ActivityStatus.HELD,
    }
    client.force_login(world.users["bureau_staff"])
    response = client.post(reverse("activities:activity_create"), data)
    assert response.status_code == 200
    assert "不是「城关教共体」的学校" in response.content.decode()
    # A community leader is not even offered a school outside its community.
    client.force_login(world.users["community_leader"])
    response = client.post(reverse("activities:activity_create"), data)
    assert response.status_code == 200
    assert not Activity.objects.filter(theme="联席会").exists()


def test_bureau_verifies_and_leader_cannot(client, world, activity):
    url = reverse("activities:activity_verify", args=[activity.pk])
    client.force_login(world.users["community_leader"])
    assert client.post(url).status_code == 403
    client.force_login(world.users["bureau_staff"])
    assert client.post(url).status_code == 302
    activity.refresh_from_db()
    assert activity.review == Review.VERIFIED


def test_todos(world, activity):
    bureau = todos_for(world.users["bureau_staff"])
    assert [(t.label, t.count) for t in bureau if "核实" in t.label] == [("待核实的联合活动", 1)]
    services.activity_return(activity=activity, actor=world.users["bureau_staff"], comment="补材料")
    leader = todos_for(world.users["community_leader"])
    assert [(t.label, t.count) for t in leader if "退回" in t.label] == [("被退回的联合活动", 1)]


def test_list_filters(bureau_client, world, activity):
    make_activity(
        world, on=datetime.date(2026, 3, 2), theme="德育论坛：家校共育", kind_name="德育论坛"
    )
    url = reverse("activities:activity_list")
    page = bureau_client.get(url, {"semester": "spring"}).content.decode()
    assert "德育论坛：家校共育" in page and "分数的初步认识" not in page
    page = bureau_client.get(url, {"school": world.member_school.pk}).content.decode()
    assert "分数的初步认识" in page and "家校共育" not in page
    page = bureau_client.get(url, {"kind": kind("德育论坛").pk}).content.decode()
    assert "家校共育" in page and "分数的初步认识" not in page
    page = bureau_client.get(url, {"school_year": "2024-2025"}).content.decode()
    assert "家校共育" not in page and "分数的初步认识" not in page


def test_calendar_shows_the_month(bureau_client, activity):
    page = bureau_client.get(
        reverse("activities:activity_calendar"), {"year": 2025, "month": 10}
    ).content.decode()
    assert "同课异构：三年级数学" in page
    page = bureau_client.get(
        reverse("activities:activity_calendar"), {"year": 2025, "month": 11}
    ).content.decode()
    assert "同课异构：三年级数学" not in page


def test_xlsx_export(bureau_client, activity):
    import openpyxl  # noqa: PLC0415 - heavy library, read the export only here

    response = bureau_client.get(
        reverse("spreadsheets:export", args=["activities"]) + "?format=xlsx"
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "同课异构：三年级数学《分数的初步认识》" in [cell for row in rows for cell in row]


def test_bureau_adds_a_kind(world, client):
    client.force_login(world.users["bureau_staff"])
    response = client.post(reverse("activities:kind_list"), {"name": "读书沙龙", "rule_tag": ""})
    assert response.status_code == 302
    client.force_login(world.users["other_staff"])
    assert "读书沙龙" not in client.get(reverse("activities:kind_list")).content.decode()


def test_community_page_panel(leader_client, world, activity):
    page = leader_client.get(world.community.get_absolute_url()).content.decode()
    assert "联合活动" in page and activity.display_name in page


def test_school_page_panel_counts_hosted_and_joined_by_year(client, world):
    make_activity(world, host=world.member_school, theme="送教下乡：一")
    make_activity(world, schools=[world.member_school], theme="同课异构：二")
    make_activity(
        world, on=datetime.date(2026, 9, 10), host=world.member_school, theme="联席会：三"
    )
    make_activity(world, theme="核心校自办")  # the member school not involved
    client.force_login(world.users["bureau_staff"])
    response = client.get(reverse("schools:school_detail", args=[world.member_school.pk]))
    page = response.content.decode()
    assert "成长档案" in page and "2026-2027" in page
    figures = school_activity_years(world.member_school, user=world.users["bureau_staff"])
    assert [(r["year"].label, r["hosted"], r["joined"]) for r in figures] == [
        ("2026-2027", 1, 0),
        ("2025-2026", 1, 1),
    ]
