"""Remote lessons (同步课堂 / 专递课堂 / 名师课堂): the weeks of a term, logging sessions, the
weekly rule at its boundary, the measures, the timetable import (preview, all or nothing) and
export, visibility and fixed query counts."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.remote import rules as remote_rules
from activities.remote import services
from activities.remote.enums import NotHeldReason, RemoteKind, SessionStatus
from activities.remote.models import RemotePairing, RemoteSession
from activities.remote.weeks import term_weeks, week_number
from compliance.models import RuleSetting
from compliance.selectors import evaluate
from core.measures import get_measure
from core.school_year import SchoolYear, Semester
from spreadsheets.importers import import_apply, import_preview
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time
HELD, NOT_HELD = SessionStatus.HELD, SessionStatus.NOT_HELD


def make_pairing(world, *, year=2025, semester=Semester.SPRING, weekday=2, classes=None, **kw):
    pairing = RemotePairing(
        community=kw.pop("community", world.community),
        kind=kw.pop("kind", RemoteKind.SYNC),
        subject=kw.pop("subject", "英语"),
        core_school=kw.pop("core_school", world.core_school),
        core_grade="三年级",
        core_class=kw.pop("core_class", "（2）班"),
        school_year=year,
        semester=semester,
        weekday=weekday,
        start_time=T(9, 50),
        end_time=T(10, 30),
        **kw,
    )
    return services.pairing_save(
        pairing=pairing,
        classes=classes
        or [{"school": world.member_school, "grade": "三年级", "class_name": "（1）班"}],
        teachers=[world.core_teacher],
        actor=world.users["bureau_staff"],
    )


def log(pairing, day, status=HELD, reason="", note=""):
    return services.session_log(pairing=pairing, date=day, status=status, reason=reason, note=note)[
        0
    ]


# --- the weeks of a term ---------------------------------------------------------------------


def test_weeks_run_monday_to_sunday_from_the_week_of_the_first_day():
    # Spring 2026: 1 February is a Sunday, 31 July a Friday.
    weeks = term_weeks(D(2026, 2, 1), D(2026, 7, 31), weekday=2)
    first, second, last = weeks[0], weeks[1], weeks[-1]
    assert (first.number, first.monday, first.sunday) == (1, D(2026, 1, 26), D(2026, 2, 1))
    assert first.due is None  # its Tuesday (27 January) is before the term
    assert (second.monday, second.due) == (D(2026, 2, 2), D(2026, 2, 3))
    assert (last.number, last.monday, last.sunday, last.due) == (
        27,
        D(2026, 7, 27),
        D(2026, 8, 2),
        D(2026, 7, 28),
    )
    # A Saturday slot: the last week's Saturday (1 August) is after the term.
    assert term_weeks(D(2026, 2, 1), D(2026, 7, 31), weekday=6)[-1].due is None
    assert week_number(D(2026, 2, 1), D(2026, 2, 1)) == 1
    assert week_number(D(2026, 2, 1), D(2026, 2, 2)) == 2


def test_a_pairing_takes_its_semester_days_unless_given(world):
    pairing = make_pairing(world, year=2025, semester=Semester.AUTUMN)
    assert (pairing.first_day, pairing.last_day) == (D(2025, 9, 1), D(2026, 1, 31))
    assert pairing.weeks()[0].monday == D(2025, 9, 1)  # a Monday: week 1 starts on it
    assert len(pairing.weeks()) == 22


def test_pairing_days_outside_the_semester_are_refused(world):
    with pytest.raises(ValidationError) as error:
        make_pairing(world, first_day=D(2026, 1, 20))  # spring starts 1 February
    assert "开课日期应在2025-2026学年春季学期内" in str(error.value)


# --- logging sessions ------------------------------------------------------------------------


def test_one_click_logs_held_and_a_small_form_logs_not_held(client, world):
    pairing = make_pairing(world)
    client.force_login(world.users["school_leader"])  # a receiving school's leader
    url = reverse("activities:remote_session_log", args=[pairing.pk])

    held = client.post(url, {"date": "2026-02-03", "status": HELD})
    assert held.status_code == 302
    assert held["Location"].endswith("#week-2")
    missed = client.post(
        url, {"date": "2026-02-10", "status": NOT_HELD, "reason": "power", "note": "线路检修"}
    )
    assert missed.status_code == 302

    rows = list(pairing.sessions.order_by("date").values_list("date", "status", "reason", "note"))
    assert rows == [
        (D(2026, 2, 3), HELD, "", ""),
        (D(2026, 2, 10), NOT_HELD, "power", "线路检修"),
    ]
    assert RemoteSession.history.filter(pairing_id=pairing.pk).count() == 2


def test_logging_a_day_again_updates_it(world):
    pairing = make_pairing(world)
    log(pairing, D(2026, 2, 3), NOT_HELD, NotHeldReason.NETWORK)
    log(pairing, D(2026, 2, 3), HELD)
    assert list(pairing.sessions.values_list("status", "reason")) == [(HELD, "")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2026-02-10", "status": NOT_HELD}, "未开课原因：未开课时请选择原因。"),
        (
            {"date": "2026-02-10", "status": NOT_HELD, "reason": "other"},
            "说明：原因为「其他」时请写明说明。",
        ),
        ({"date": "2026-08-04", "status": HELD}, "日期应在结对的开课期间内"),
    ],
)
def test_bad_session_input_is_refused_with_a_chinese_message(client, world, data, message):
    pairing = make_pairing(world)
    client.force_login(world.users["bureau_staff"])
    response = client.post(
        reverse("activities:remote_session_log", args=[pairing.pk]), data, follow=True
    )
    shown = [str(m) for m in response.context["messages"]]
    assert any(message in m for m in shown), shown
    assert pairing.sessions.count() == 0


def test_the_grid_shows_each_week_and_its_state(client, world, monkeypatch):
    pairing = make_pairing(world)
    log(pairing, D(2026, 2, 3))
    log(pairing, D(2026, 2, 17), NOT_HELD, NotHeldReason.HOLIDAY)
    client.force_login(world.users["community_leader"])
    response = client.get(pairing.get_absolute_url())
    assert response.status_code == 200
    weeks = response.context["weeks"]
    assert [w["week"].number for w in weeks][:4] == [1, 2, 3, 4]
    assert weeks[0]["week"].due is None
    assert weeks[1]["due_session"].status == HELD
    assert weeks[3]["holiday"] is True
    text = response.content.decode()
    assert "本周不在开课期间内" in text
    assert "未开课：节假日" in text


# --- figures and the rule --------------------------------------------------------------------


def _figure(world, monkeypatch, today, semester=Semester.SPRING):
    monkeypatch.setattr(remote_rules, "_today", lambda: today)
    results = evaluate([world.community], SchoolYear(2025), semester)[world.community.pk]
    return next(r.figure for r in results if r.rule.code == "remote.weekly_sessions")


def test_weekly_rule_counts_weeks_whose_day_has_come(world, monkeypatch):
    pairing = make_pairing(world)  # Tuesdays from 3 February 2026
    log(pairing, D(2026, 2, 3))  # week 2 held
    log(pairing, D(2026, 2, 10), NOT_HELD, NotHeldReason.POWER)  # week 3 not held
    log(pairing, D(2026, 2, 17), NOT_HELD, NotHeldReason.HOLIDAY)  # week 4: holiday
    # week 5 (24 February) not logged

    # Monday 23 February: week 5's Tuesday has not come; weeks 2, 3 counted (4 is a holiday).
    before = _figure(world, monkeypatch, D(2026, 2, 23))
    assert (before.required, before.done, before.short) == (2, 1, 1)
    # Tuesday 24 February, the boundary: week 5 now counts, unlogged, so short.
    on_the_day = _figure(world, monkeypatch, D(2026, 2, 24))
    assert (on_the_day.required, on_the_day.done) == (3, 1)
    [part] = on_the_day.parts
    assert part.url == pairing.get_absolute_url()
    assert "semester=spring" in on_the_day.url
    assert f"community={world.community.pk}" in on_the_day.url


def test_weekly_rule_at_n_a_week(world, monkeypatch):
    """N = 2: a week with one held session is short, one with two (a make-up lesson on
    another day) is met."""
    RuleSetting.objects.create(
        community=world.community,
        school_year=2025,
        rule_code="remote.weekly_sessions",
        params={"count": 2},
    )
    pairing = make_pairing(world)
    log(pairing, D(2026, 2, 3))
    log(pairing, D(2026, 2, 10))
    log(pairing, D(2026, 2, 12))  # a second lesson in week 3
    figure = _figure(world, monkeypatch, D(2026, 2, 15))
    assert (figure.required, figure.done) == (2, 1)
    assert "每周至少 2 次" in figure.note


def test_weekly_rule_reads_only_the_term_asked(world, monkeypatch):
    make_pairing(world, year=2025, semester=Semester.AUTUMN)
    figure = _figure(world, monkeypatch, D(2026, 3, 1), semester=Semester.SPRING)
    assert (figure.required, figure.done, figure.parts) == (0, 0, [])


def test_measures_count_held_sessions_of_giving_and_receiving_schools(world, monkeypatch):
    monkeypatch.setattr("activities.remote.measures._today", lambda: D(2026, 2, 24))
    pairing = make_pairing(world)
    log(pairing, D(2026, 2, 3))
    log(pairing, D(2026, 2, 10), NOT_HELD, NotHeldReason.EXAM)
    log(pairing, D(2026, 2, 24))
    schools = [world.core_school, world.member_school, world.lone_school]

    held = get_measure("activities.remote_lessons").compute(schools, SchoolYear(2025))
    rate = get_measure("activities.remote_lessons_rate").compute(schools, SchoolYear(2025))

    assert {k: v.value for k, v in held.items()} == {
        world.core_school.pk: 2,
        world.member_school.pk: 2,
    }
    # Weeks 2, 3, 4 and 5 counted (no holiday), 2 of them held: 50.0 %.
    assert {k: str(v.value) for k, v in rate.items()} == {
        world.core_school.pk: "50.0",
        world.member_school.pk: "50.0",
    }
    assert held[world.core_school.pk].detail == "1 个结对，开课 2 次；应开 4 周，开出 2 周（50.0%）"


# --- the timetable import and the export -----------------------------------------------------

HEADER = ["日期", "主讲学校", "主讲年级", "主讲班级", "学科", "开课情况", "未开课原因", "说明"]


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2025-2026学年春季学期远程课堂开课记录"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_previews_then_writes_nothing_when_one_row_is_bad(world):
    pairing = make_pairing(world)
    rows = [
        ["2026-02-03", "城关第一小学", "三年级", "（2）班", "英语", "已开课", "", ""],
        ["2026-02-10", "城关第一小学", "三年级", "（2）班", "英语", "未开课", "", ""],
        ["2026-02-17", "城关第一小学", "三年级", "（9）班", "英语", "已开课", "", ""],
    ]
    data = _xlsx(rows)

    preview = import_preview(
        kind="remote_sessions", data=data, filename="开课记录.xlsx", district=world.district
    )
    problems = [(p.row, p.column, p.message) for p in preview.problems]
    assert problems == [
        (4, "未开课原因", "未开课时请填写未开课原因。"),
        (
            5,
            "主讲学校",
            "没有找到主讲学校、年级、班级、学科为「城关第一小学三年级(9)班英语」的远程课堂结对。",
        ),
    ]
    applied = import_apply(
        kind="remote_sessions",
        data=data,
        filename="开课记录.xlsx",
        district=world.district,
        actor=world.users["bureau_staff"],
    )
    assert applied.written is False
    assert pairing.sessions.count() == 0

    rows[1][6] = "停电"
    rows[2][3] = "（2）班"
    good = _xlsx(rows)
    assert (
        import_preview(
            kind="remote_sessions", data=good, filename="开课记录.xlsx", district=world.district
        ).problems
        == []
    )
    applied = import_apply(
        kind="remote_sessions",
        data=good,
        filename="开课记录.xlsx",
        district=world.district,
        actor=world.users["bureau_staff"],
    )
    assert (applied.written, applied.created) == (True, 3)
    assert list(pairing.sessions.order_by("date").values_list("date", "status", "reason")) == [
        (D(2026, 2, 3), HELD, ""),
        (D(2026, 2, 10), NOT_HELD, "power"),
        (D(2026, 2, 17), HELD, ""),
    ]


def test_import_refuses_a_date_outside_the_pairing_and_a_repeated_day(world):
    make_pairing(world)
    rows = [
        ["2026-08-04", "城关第一小学", "三年级", "（2）班", "英语", "已开课", "", ""],
        ["2026-02-03", "城关第一小学", "三年级", "（2）班", "英语", "已开课", "", ""],
        ["2026-02-03", "城关第一小学", "三年级", "（2）班", "英语", "未开课", "考试", ""],
    ]
    report = import_preview(
        kind="remote_sessions", data=_xlsx(rows), filename="a.xlsx", district=world.district
    )
    assert [(p.row, p.column) for p in report.problems] == [(3, "日期"), (5, "日期")]
    assert "不在「城关第一小学三年级(2)班英语」结对的开课期间内" in report.problems[0].message
    assert "与第 4 行重复" in report.problems[1].message


def test_export_imports_again_unchanged(client, world):
    pairing = make_pairing(world)
    log(pairing, D(2026, 2, 3))
    log(pairing, D(2026, 2, 10), NOT_HELD, NotHeldReason.OTHER, "教师外出培训")
    client.force_login(world.users["bureau_staff"])
    response = client.get(
        reverse("spreadsheets:export", args=["remote_sessions"]),
        {"semester": "spring", "format": "xlsx"},
    )
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    dt = datetime.datetime
    assert values == [
        [*HEADER, "课堂类型", "教共体"],
        [dt(2026, 2, 3), "城关第一小学", "三年级", "（2）班", "英语", "已开课", None, None]
        + ["同步课堂", "城关教共体"],
        [dt(2026, 2, 10), "城关第一小学", "三年级", "（2）班", "英语", "未开课", "其他"]
        + ["教师外出培训", "同步课堂", "城关教共体"],
    ]
    report = import_preview(
        kind="remote_sessions", data=data, filename="x.xlsx", district=world.district
    )
    assert (report.problems, report.created, report.updated, report.unchanged) == ([], 0, 0, 2)


# --- visibility and roles --------------------------------------------------------------------


def test_who_sees_which_pairing(client, world_with_second_member):
    w = world_with_second_member
    mine = make_pairing(w)  # the school leader's school receives it
    theirs = make_pairing(
        w,
        subject="音乐",
        classes=[{"school": w.second_member, "grade": "三年级", "class_name": "（1）班"}],
    )
    outsider = UserFactory(
        username="t_lone", role="school_leader", district=w.district, school=w.lone_school
    )
    expected = {
        "bureau_staff": {mine.pk: 200, theirs.pk: 200},
        "community_leader": {mine.pk: 200, theirs.pk: 200},
        "school_leader": {mine.pk: 200, theirs.pk: 404},
        "other_staff": {mine.pk: 404, theirs.pk: 404},
    }
    for role, answers in expected.items():
        client.force_login(w.users[role])
        got = {
            pk: client.get(reverse("activities:remote_pairing_detail", args=[pk])).status_code
            for pk in answers
        }
        assert got == answers, role
    client.force_login(outsider)
    assert client.get(mine.get_absolute_url()).status_code == 404
    listed = client.get(reverse("activities:remote_pairing_list"))
    assert list(listed.context["rows"]) == []


def test_a_receiving_school_logs_but_does_not_edit(client, world):
    pairing = make_pairing(world)
    client.force_login(world.users["school_leader"])
    assert (
        client.get(reverse("activities:remote_pairing_update", args=[pairing.pk])).status_code
        == 403
    )
    logged = client.post(
        reverse("activities:remote_session_log", args=[pairing.pk]),
        {"date": "2026-02-03", "status": HELD},
    )
    assert logged.status_code == 302


def test_create_a_pairing_through_the_form(client, world):
    client.force_login(world.users["community_leader"])
    data = {
        "community": world.community.pk,
        "kind": RemoteKind.DELIVERED,
        "subject": "音乐",
        "year": "2025-2026",
        "semester": "spring",
        "core_school": world.core_school.pk,
        "core_grade": "四年级",
        "core_class": "（1）班",
        "teachers": [world.core_teacher.pk],
        "weekday": 4,
        "start_time": "14:30",
        "end_time": "15:10",
        "class_school_1": world.member_school.pk,
        "class_grade_1": "四年级",
        "class_name_1": "（1）班",
        "class_school_2": world.lone_school.pk,
        "class_grade_2": "四年级",
        "class_name_2": "",
    }
    refused = client.post(reverse("activities:remote_pairing_create"), data)
    assert refused.status_code == 200
    assert "第 2 行接收班级：请填全学校、年级和班级。" in refused.content.decode()
    del data["class_school_2"], data["class_grade_2"]
    created = client.post(reverse("activities:remote_pairing_create"), data)
    pairing = RemotePairing.objects.get()
    assert created["Location"] == pairing.get_absolute_url()
    assert (pairing.first_day, pairing.last_day, pairing.district_id) == (
        D(2026, 2, 1),
        D(2026, 7, 31),
        world.district.pk,
    )
    assert [str(c) for c in pairing.classes.all()] == ["河口小学四年级（1）班"]
    assert list(pairing.teachers.all()) == [world.core_teacher]


def test_community_page_shows_this_terms_pairings(client, world, monkeypatch):
    monkeypatch.setattr("activities.remote.panels.timezone.localdate", lambda: D(2026, 2, 24))
    pairing = make_pairing(world)
    log(pairing, D(2026, 2, 3))
    client.force_login(world.users["bureau_staff"])
    text = client.get(world.community.get_absolute_url()).content.decode()
    assert "远程课堂（2025-2026学年春季学期）" in text
    assert pairing.display_name in text


# --- fixed query counts ----------------------------------------------------------------------


def _many(world, count):
    school = SchoolFactory(district=world.district, name="接收小学")
    pairings = []
    for n in range(count):
        pairing = make_pairing(
            world,
            core_class=f"（{n + 1}）班",
            classes=[
                {"school": world.member_school, "grade": "三年级", "class_name": f"（{n}）班"},
                {"school": school, "grade": "三年级", "class_name": f"（{n}）班"},
            ],
        )
        for day in (D(2026, 2, 3), D(2026, 2, 10)):
            RemoteSession.objects.create(pairing=pairing, date=day, status=HELD)
        pairings.append(pairing)
    return pairings


@pytest.mark.parametrize("count", [1, 60])
@pytest.mark.parametrize(("role", "queries"), [("bureau_staff", 10), ("school_leader", 13)])
def test_list_query_count_is_fixed(client, world, django_assert_num_queries, count, role, queries):
    _many(world, count)
    client.force_login(world.users[role])
    with django_assert_num_queries(queries):
        response = client.get(reverse("activities:remote_pairing_list"), {"semester": "spring"})
    assert len(response.context["rows"]) == min(count, 50)


@pytest.mark.parametrize("count", [1, 60])
def test_pairing_page_query_count_is_fixed(client, world, django_assert_num_queries, count):
    pairing = make_pairing(world)
    for week in pairing.weeks()[1 : 1 + min(count, 25)]:
        log(pairing, week.due)
    client.force_login(world.users["bureau_staff"])
    with django_assert_num_queries(19):
        response = client.get(pairing.get_absolute_url())
    assert response.context["tally"].held == min(count, 25)
