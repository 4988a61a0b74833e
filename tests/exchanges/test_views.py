"""The pages around exchanges: bulk entry of 挂职 and 跟班听课, the 备案 sheet, mentorships,
the to-dos, the panels, and the visibility rule of each model."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.enums import Role
from core import scoping
from core.school_year import SchoolYear
from core.todos import todos_for
from exchanges import services
from exchanges.enums import ExchangeStatus, MentorshipStatus
from exchanges.models import Exchange, LessonDay, Mentorship, PrincipalPost
from schools.enums import BackboneLevel
from tests.conftest import CANARY
from tests.factories import TeacherFactory, UserFactory

from .conftest import make_exchange

pytestmark = pytest.mark.django_db


def _bulk_lessons(world, rows):
    data = {
        "head-core_school": world.core_school.pk,
        "head-month": "2025-10",
        "rows-TOTAL_FORMS": len(rows),
        "rows-INITIAL_FORMS": 0,
        "rows-MIN_NUM_FORMS": 0,
        "rows-MAX_NUM_FORMS": 100,
    }
    for n, (teacher, days) in enumerate(rows):
        data[f"rows-{n}-teacher"] = teacher.pk if teacher else ""
        data[f"rows-{n}-days"] = days
    return data


def test_lesson_days_many_at_once(client, world):
    second = TeacherFactory(school=world.member_school, name="钱老师")
    client.force_login(world.users["school_leader"])
    data = _bulk_lessons(world, [(world.member_teacher, 2), (second, 1), (None, "")])
    response = client.post(reverse("exchanges:lesson_day_bulk"), data)
    assert response.status_code == 302
    rows = LessonDay.objects.order_by("teacher__name").values_list(
        "teacher__name", "home_school__name", "core_school__name", "month", "days"
    )
    assert list(rows) == [
        ("李老师", "河口小学", "城关第一小学", datetime.date(2025, 10, 1), 2),
        ("钱老师", "河口小学", "城关第一小学", datetime.date(2025, 10, 1), 1),
    ]


def test_lesson_days_all_or_nothing_with_the_row_named(client, world):
    services.lesson_day_create(
        actor=None,
        teacher=world.member_teacher,
        core_school=world.core_school,
        month=datetime.date(2025, 10, 1),
        days=1,
    )
    second = TeacherFactory(school=world.member_school, name="钱老师")
    client.force_login(world.users["community_leader"])
    data = _bulk_lessons(world, [(second, 2), (world.member_teacher, 3)])
    response = client.post(reverse("exchanges:lesson_day_bulk"), data)
    assert response.status_code == 200
    assert "第 2 行：该教师本月在该校的听课天数已登记。" in response.content.decode()
    assert LessonDay.objects.count() == 1


def test_principal_posts_many_at_once(client, world):
    client.force_login(world.users["bureau_staff"])
    data = {
        "head-school_year": 2025,
        "head-semester": "autumn",
        "rows-TOTAL_FORMS": 2,
        "rows-INITIAL_FORMS": 0,
        "rows-0-teacher": world.core_teacher.pk,
        "rows-0-partner_school": world.member_school.pk,
        "rows-0-weeks": "1",
        "rows-1-teacher": world.member_teacher.pk,
        "rows-1-partner_school": world.member_school.pk,
        "rows-1-weeks": "1",
    }
    response = client.post(reverse("exchanges:principal_post_bulk"), data)
    assert response.status_code == 200
    assert "第 2 行「挂职学校」：挂职学校不能是本校。" in response.content.decode()
    assert PrincipalPost.objects.count() == 0
    data["rows-1-partner_school"] = world.core_school.pk
    assert client.post(reverse("exchanges:principal_post_bulk"), data).status_code == 302
    assert PrincipalPost.objects.count() == 2


def test_filing_sheet_of_a_community_and_year(client, world):
    filed = make_exchange(world.core_teacher, [world.member_school], tasks="指导青年教师")
    services.exchange_force_status(exchange=filed, status=ExchangeStatus.FILED)
    cancelled = make_exchange(world.member_teacher, [world.core_school])
    services.exchange_force_status(exchange=cancelled, status=ExchangeStatus.CANCELLED)
    make_exchange(world.lone_teacher, [world.member_school])  # hosted by a member: listed
    client.force_login(world.users["community_leader"])
    response = client.get(
        reverse("exchanges:filing_sheet"),
        {"community": world.community.pk, "school_year": "2025-2026"},
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "城关教共体2025-2026学年教师交流轮岗备案表"
    assert values[2][:8] == (
        "序号",
        "姓名",
        "性别",
        "学科",
        "职称",
        "骨干级别",
        "派出学校",
        "接收学校",
    )
    body = [row for row in values[3:] if isinstance(row[0], int)]
    assert [(r[1], r[6], r[7], r[8], r[11]) for r in body] == [
        ("王骨干", "城关第一小学", "河口小学", "交流轮岗", "指导青年教师"),
        ("赵老师", "孤岛小学", "河口小学", "交流轮岗", None),
    ]
    assert CANARY not in str(values)


def test_filing_sheet_refused_to_a_school_leader(client, world):
    client.force_login(world.users["school_leader"])
    url = reverse("exchanges:filing_sheet") + f"?community={world.community.pk}&school_year=2025"
    assert client.get(url).status_code == 403


def test_mentorships_and_backbones_without_apprentice(client, world):
    world.core_teacher.backbone_level = BackboneLevel.COUNTY
    world.core_teacher.save()
    idle = TeacherFactory(
        school=world.member_school, name="孙骨干", backbone_level=BackboneLevel.CITY
    )
    TeacherFactory(school=world.member_school, name="校级骨干", backbone_level=BackboneLevel.SCHOOL)
    services.mentorship_create(
        actor=None,
        mentor=world.core_teacher,
        apprentice=world.member_teacher,
        subject="语文",
        start_on=datetime.date(2025, 9, 1),
    )
    services.mentorship_create(
        actor=None,
        mentor=idle,
        apprentice=world.member_teacher,
        start_on=datetime.date(2024, 9, 1),
        end_on=datetime.date(2025, 7, 1),
        status=MentorshipStatus.COMPLETED,
    )
    client.force_login(world.users["community_leader"])
    url = reverse("exchanges:mentorship_community", args=[world.community.pk])
    response = client.get(url, {"school_year": "2025-2026"})
    assert [t.name for t in response.context["without"]] == ["孙骨干"]
    assert [m.mentor.name for m in response.context["pairings"]] == ["王骨干"]
    earlier = client.get(url, {"school_year": "2024-2025"})
    assert [t.name for t in earlier.context["without"]] == ["王骨干"]


def test_mentorship_create_and_edit(client, world):
    client.force_login(world.users["school_leader"])
    apprentice = TeacherFactory(school=world.member_school, name="青年教师")
    response = client.post(
        reverse("exchanges:mentorship_create"),
        {
            "mentor": world.member_teacher.pk,
            "apprentice": apprentice.pk,
            "subject": "语文",
            "start_on": "2025-09-01",
            "status": "active",
            "goals": "每周听课",
        },
    )
    pairing = Mentorship.objects.get()
    assert response.status_code == 302 and pairing.mentor_school == world.member_school
    response = client.post(
        reverse("exchanges:mentorship_update", args=[pairing.pk]),
        {
            "subject": "语文",
            "start_on": "2025-09-01",
            "end_on": "2026-07-01",
            "status": "completed",
            "review": "完成目标",
        },
    )
    pairing.refresh_from_db()
    assert (response.status_code, pairing.status, pairing.review) == (302, "completed", "完成目标")


def test_todos_per_role(world):
    draft = make_exchange(world.member_teacher, [world.core_school])
    submitted = make_exchange(world.core_teacher, [world.member_school])
    services.exchange_force_status(exchange=submitted, status=ExchangeStatus.SUBMITTED)
    approved = make_exchange(world.lone_teacher, [world.core_school])
    services.exchange_force_status(exchange=approved, status=ExchangeStatus.APPROVED)
    labels = {
        role: [(t.label, t.count) for t in todos_for(world.users[role])]
        for role in ("school_leader", "community_leader", "bureau_staff", "other_staff")
    }
    assert labels["school_leader"] == [("待申报的交流（草稿或被退回）", 1)]
    assert labels["community_leader"] == [("待审核的交流申报", 1)]
    assert ("待备案的交流", 1) in labels["bureau_staff"]
    assert [label for label in labels["other_staff"] if "交流" in label[0]] == []
    assert draft.status == ExchangeStatus.DRAFT


def test_visibility_of_each_model(world_with_second_member):
    w = world_with_second_member
    host_leader = UserFactory(
        username="t_host", role=Role.SCHOOL_LEADER, district=w.district, school=w.core_school
    )
    to_core = make_exchange(w.member_teacher, [w.core_school])
    core_to_second = make_exchange(w.core_teacher, [w.second_member])
    lone = make_exchange(w.lone_teacher, [w.second_point])

    def seen(user):
        return set(scoping.visible(user, Exchange).values_list("pk", flat=True))

    assert seen(w.users["bureau_staff"]) == {to_core.pk, core_to_second.pk, lone.pk}
    # the community: home or host school in it (lone → a member's teaching point)
    assert seen(w.users["community_leader"]) == {to_core.pk, core_to_second.pk, lone.pk}
    assert seen(w.users["school_leader"]) == {to_core.pk}
    assert seen(host_leader) == {to_core.pk, core_to_second.pk}
    assert seen(w.users["other_staff"]) == set()


def test_school_page_shows_serving_here_only_for_filed_and_current(client, world):
    today = datetime.date.today()
    year = today.year if today.month >= 9 else today.year - 1
    serving = make_exchange(world.member_teacher, [world.core_school], start=year - 1, end=year + 1)
    services.exchange_force_status(exchange=serving, status=ExchangeStatus.SERVING)
    make_exchange(world.lone_teacher, [world.core_school], start=year - 1, end=year + 1)  # draft
    client.force_login(world.users["bureau_staff"])
    response = client.get(reverse("schools:school_detail", args=[world.core_school.pk]))
    panel = response.content.decode().split('id="serving-here"')[1].split("本校派出")[0]
    assert "李老师" in panel and "赵老师" not in panel


def test_community_page_counts_this_years_exchanges(client, world):
    year = SchoolYear.current().start
    make_exchange(world.core_teacher, [world.member_school], start=year, end=year)
    cancelled = make_exchange(world.member_teacher, [world.core_school], start=year, end=year)
    services.exchange_force_status(exchange=cancelled, status=ExchangeStatus.CANCELLED)
    make_exchange(world.lone_teacher, [world.member_school], start=year - 2, end=year - 2)
    client.force_login(world.users["community_leader"])
    response = client.get(reverse("communities:community_detail", args=[world.community.pk]))
    panel = response.content.decode().split('id="community-exchanges"')[1].split("</section>")[0]
    assert "本学年涉及本教共体的交流 2 人次：草稿 1，已中止 1。" in panel
    assert "下载备案表" in panel


def test_propose_and_edit_through_the_pages(client, world):
    client.force_login(world.users["school_leader"])
    form = {
        "teacher": world.member_teacher.pk,
        "kind": "rotation",
        "hosts": [world.core_school.pk],
        "start_year": 2025,
        "start_semester": "autumn",
        "end_year": 2025,
        "end_semester": "spring",
        "tasks": "上示范课",
        "subsidy_township": "0",
        "subsidy_transport": "150",
        "subsidy_rural": "0",
        "note": "",
    }
    response = client.post(reverse("exchanges:exchange_create"), form)
    exchange = Exchange.objects.get()
    assert response.status_code == 302 and exchange.home_school == world.member_school
    # A teacher of another school is not offered, and not accepted.
    other = {**form, "teacher": world.core_teacher.pk}
    refused = client.post(reverse("exchanges:exchange_create"), other)
    assert "请选择您可查看的教师。" in refused.content.decode()
    # Several hosts only for 走教; the end before the start is refused on the form.
    edit = reverse("exchanges:exchange_update", args=[exchange.pk])
    page = client.post(edit, {**form, "hosts": [world.core_school.pk, world.lone_school.pk]})
    assert "只有走教可以填写多个接收学校。" in page.content.decode()
    page = client.post(edit, {**form, "end_year": 2024})
    assert "结束学期不能早于开始学期。" in page.content.decode()
    client.post(
        edit, {**form, "kind": "itinerant", "hosts": [world.core_school.pk, world.lone_school.pk]}
    )
    exchange.refresh_from_db()
    assert exchange.kind == "itinerant"
    assert [link.school.name for link in exchange.host_links.all()] == ["城关第一小学", "孤岛小学"]
