"""The growth archive (成长档案) of a school: the page by school year with the sections of the
activities and exchanges apps, the same sections printed as a PDF, the year chooser, a fixed
number of queries whatever the rows."""

import datetime
import subprocess

import pytest
from django.urls import reverse

from activities.enums import ActivityStatus
from core.school_year import SchoolYear, Semester
from exchanges.models import Mentorship, PrincipalPost
from tests.activities.conftest import make_activity
from tests.exchanges.conftest import make_exchange
from tests.factories import TeacherFactory


def _fill(world, n: int) -> None:
    """n of each record for the member school in 2025-2026, and one in 2023-2024."""
    for i in range(n):
        make_activity(world, theme=f"集体备课：第{i + 1}次", host=world.member_school)
        make_activity(
            world,
            theme=f"同课异构：第{i + 1}次",
            on=datetime.date(2025, 11, 3),
            schools=[world.member_school],
        )
        teacher = TeacherFactory(school=world.member_school, name=f"派出{i + 1}")
        make_exchange(teacher, [world.core_school])
        make_exchange(
            TeacherFactory(school=world.core_school, name=f"进入{i + 1}"), [world.member_school]
        )
        PrincipalPost.objects.create(
            district=world.district,
            teacher=teacher,
            home_school=world.member_school,
            partner_school=world.core_school,
            school_year=2025,
            semester=Semester.AUTUMN,
            weeks=4,
            post="副校长",
        )
        Mentorship.objects.create(
            district=world.district,
            mentor=world.core_teacher,
            apprentice=teacher,
            mentor_school=world.core_school,
            apprentice_school=world.member_school,
            start_on=datetime.date(2025, 9, 1),
            end_on=datetime.date(2026, 7, 31),
        )
    make_activity(
        world, theme="早年的活动", on=datetime.date(2023, 10, 9), host=world.member_school
    )
    make_activity(
        world, theme="计划中的活动", host=world.member_school, status=ActivityStatus.PLANNED
    )


def _url(world, year: str = "", name: str = "schools:school_archive") -> str:
    url = reverse(name, args=[world.member_school.pk])
    return f"{url}?year={year}" if year else url


def test_archive_page_shows_the_years_records(client, world):
    _fill(world, 2)
    client.force_login(world.users["community_leader"])
    response = client.get(_url(world, "2025-2026"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "承办的活动（2）" in page and "参与的活动（2）" in page
    assert "集体备课：第2次" in page and "同课异构：第1次" in page
    assert "早年的活动" not in page and "计划中的活动" not in page
    assert "交流进入本校的教师（2）" in page and "进入1" in page
    assert "本校派出交流的教师（2）" in page and "派出2" in page
    assert "挂职（2）" in page and "副校长" in page
    assert "师徒结对（2）" in page
    # The activities come before the exchanges (panel order).
    assert page.index("archive-activities") < page.index("archive-exchanges")
    # The chooser offers the years with records and the current one, newest first.
    years = sorted({2025, 2023, SchoolYear.current().start}, reverse=True)
    offered = [f'<option value="{SchoolYear(y).label}"' for y in years]
    positions = [page.index(option) for option in offered]
    assert positions == sorted(positions)
    assert f'<option value="{SchoolYear(2025).label}" selected>' in page
    assert page.count("<option ") == len(years)


def test_archive_defaults_to_the_current_school_year(client, world):
    _fill(world, 1)
    client.force_login(world.users["bureau_staff"])
    for query in ("", "year=abc", "year=1800"):
        response = client.get(_url(world) + ("?" + query if query else ""))
        assert response.status_code == 200
        current = SchoolYear.current()
        assert response.context["archive"].school_year == current
        assert f'<option value="{current.label}" selected>' in response.content.decode()


def test_school_leader_sees_its_own_archive_and_the_link(client, world):
    _fill(world, 1)
    client.force_login(world.users["school_leader"])
    detail = client.get(reverse("schools:school_detail", args=[world.member_school.pk]))
    assert _url(world) in detail.content.decode()
    page = client.get(_url(world, "2025")).content.decode()
    assert "集体备课：第1次" in page and "派出1" in page and "进入1" in page
    # Another school's archive: visible, but its teachers are not the leader's to read.
    other = client.get(
        reverse("schools:school_archive", args=[world.core_school.pk]) + "?year=2025"
    ).content.decode()
    assert "archive-activities" in other and "archive-exchanges" not in other


@pytest.mark.parametrize("n", [1, 12])
def test_archive_page_runs_a_fixed_number_of_queries(client, world, n, django_assert_num_queries):
    _fill(world, n)
    client.force_login(world.users["community_leader"])
    url = _url(world, "2025-2026")
    client.get(url)  # warm the session and caches
    # session, user, the leader's community (base page): 3; the school: 1; the chooser's years:
    # exchanges 3 + activities 1; activities panel 2; exchanges panel 6 (in, out + its hosts,
    # principal posts, mentorships).
    with django_assert_num_queries(17):
        response = client.get(url)
    assert response.context["archive"].school_year == SchoolYear(2025)


def test_archive_pdf_prints_the_same_sections(client, world, tmp_path):
    _fill(world, 2)
    client.force_login(world.users["bureau_staff"])
    response = client.get(_url(world, "2025-2026", name="schools:school_archive_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "archive.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    assert "河口小学成长档案（2025-2026学年）" in flat
    for part in (
        "承办的活动（2）",
        "集体备课：第2次",
        "交流进入本校的教师（2）",
        "进入2",
        "师徒结对（2）",
    ):
        assert part in flat, part
    assert flat.index("承办的活动") < flat.index("交流进入本校的教师")
    assert "在活动列表中查看" not in flat  # the page's buttons are left out
    assert "第1页/共" in flat
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert any("WenQuanYi" in row or "CJK" in row for row in rows), rows
    for row in rows:
        assert row.split()[-5] == "yes", row
