"""One word per concept across pages, forms, exports and messages (core/labels.py), and forms
that offer no choice that can only fail."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from communities.enums import CommunityStage
from core import labels
from schools.enums import Stage
from schools.filters import SchoolFilter
from schools.models import School
from schools.sheets.columns import SCHOOL_COLUMNS, TEACHER_COLUMNS, parse_subjects
from spreadsheets.columns import CellError
from tests.factories import TeacherFactory

ROOT = Path(__file__).resolve().parent.parent
# The project's own code: the apps (folders with an apps.py) and config — not the virtualenv,
# node_modules or collected static files that may sit in the checkout.
_CODE_DIRS = [d for d in ROOT.iterdir() if (d / "apps.py").exists() or d.name == "config"]
SHOWN = [
    *ROOT.glob("templates/**/*.html"),
    *(p for d in _CODE_DIRS for p in d.glob("**/*.py")),
]


def _shown_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    # Import synonyms may name old spellings: they are read, never shown.
    return text if "sheets" not in path.parts and "migrations" not in path.parts else ""


def test_nine_year_stage_has_one_name_everywhere():
    assert (
        Stage.NINE_YEAR.label == CommunityStage.NINE_YEAR.label == labels.NINE_YEAR == "九年一贯制"
    )
    offenders = [
        str(p.relative_to(ROOT))
        for p in SHOWN
        if "九年制" in _shown_text(p) and p != ROOT / "core" / "labels.py"
    ]
    assert offenders == []


def test_township_has_one_name_in_model_filter_and_spreadsheets():
    assert School._meta.get_field("township").verbose_name == labels.TOWNSHIP == "乡镇/街道"
    assert SchoolFilter.base_filters["township"].label == labels.TOWNSHIP
    assert labels.TOWNSHIP in [c.label for c in SCHOOL_COLUMNS.columns]
    assert "乡镇" in next(c for c in SCHOOL_COLUMNS.columns if c.label == labels.TOWNSHIP).synonyms


def test_every_list_filter_uses_the_shared_filter_form():
    lists = [
        "schools/school_list.html",
        "schools/teacher_list.html",
        "communities/community_list.html",
        "activities/activity_list.html",
        "activities/remote/pairing_list.html",
        "activities/library/library.html",
        "exchanges/exchange_list.html",
        "exchanges/post_list.html",
        "exchanges/lesson_day_list.html",
        "exchanges/mentorship_list.html",
    ]
    for name in lists:
        text = (ROOT / "templates" / name).read_text(encoding="utf-8")
        assert "{% filter_form filter %}" in text, name  # renders includes/_filters.html
        assert 'class="filters"' not in text, name


@pytest.mark.django_db
def test_community_list_has_one_roster_export_button(bureau_client):
    body = bureau_client.get(reverse("communities:community_list")).content.decode()
    assert body.count(reverse("spreadsheets:roster_export")) == 1


# --- forms: 请选择 and required messages in the forms' own style --------------------------------


@pytest.mark.django_db
def test_empty_selects_read_choose_and_required_messages_name_the_field(bureau_client, world):
    url = reverse("schools:school_create")
    page = bureau_client.get(url).content.decode()
    assert '<option value="" selected>请选择</option>' in page
    assert "---------" not in page

    errors = bureau_client.post(url, {"phone": ""}).context["form"].errors
    assert errors["name"] == ["请填写学校名称。"]
    assert errors["stage"] == ["请选择学段。"]
    assert errors["locale"] == ["请选择城乡类别。"]


@pytest.mark.django_db
def test_logging_out_says_so(client, world):
    client.force_login(world.users["school_leader"])

    response = client.post(reverse("logout"), follow=True)

    assert response.request["PATH_INFO"] == reverse("login")
    assert labels.LOGGED_OUT in response.content.decode()


# --- import messages ----------------------------------------------------------------------------


def _column(columns, label):
    return next(c for c in columns.columns if c.label == label)


def test_choice_message_names_the_canonical_values():
    title = _column(TEACHER_COLUMNS, "职称")
    with pytest.raises(CellError) as caught:
        title.parse("教授")
    assert (
        str(caught.value)
        == "「教授」不是有效的职称（可填：未定级、三级、二级、一级、高级、正高级）。"
    )


def test_subject_message_names_the_subjects():
    with pytest.raises(CellError) as caught:
        parse_subjects("书法")
    message = str(caught.value)
    assert message.startswith("「书法」不是有效的任教学科（可填：语文、数学")
    assert "思品" not in message  # a synonym, not a subject's name


@pytest.mark.parametrize("value", ["一九八六", "86年", 1986.5, "abc"])
def test_year_column_gets_a_year_message(value):
    birth_year = _column(TEACHER_COLUMNS, "出生年份")
    with pytest.raises(CellError) as caught:
        birth_year.parse(value)
    assert str(caught.value) == f"「{value}」不是有效年份（应写成 1986 或 1986年）。"
    assert "日期" not in str(caught.value)


def test_year_column_still_reads_years_and_dates():
    birth_year = _column(TEACHER_COLUMNS, "出生年份")
    assert [birth_year.parse(v) for v in (1986, "1986年", "1986-05", "1986-05-03")] == [1986] * 4


def test_no_template_mentions_a_bare_column_of_dashes():
    offenders = [
        str(p.relative_to(ROOT))
        for p in ROOT.glob("templates/**/*.html")
        if re.search(r"-{5,}", p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_teacher_filter_offers_only_schools_whose_teachers_the_user_sees(client, world):
    client.force_login(world.users["school_leader"])
    form = client.get(reverse("schools:teacher_list")).context["filter"].form
    assert [s.name for s in form.fields["school"].queryset] == ["河口小学"]

    client.force_login(world.users["community_leader"])
    form = client.get(reverse("schools:teacher_list")).context["filter"].form
    assert [s.name for s in form.fields["school"].queryset] == ["城关第一小学", "河口小学"]


# --- filters offer only values that can return rows for this user --------------------------------

# The list filters whose choices come from the data (communities, townships, schools); a choice
# that lists nothing for the user must not be offered.
DATA_FILTERS = {
    "schools:school_list": ("community", "township"),
    "schools:teacher_list": ("school", "community", "township"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["bureau_staff", "community_leader", "school_leader"])
@pytest.mark.parametrize("url_name", sorted(DATA_FILTERS))
def test_every_data_filter_choice_returns_rows_for_the_user(client, world, role, url_name):
    world.lone_school.township = "孤岛镇"
    world.lone_school.save()
    world.member_school.township = "河口镇"
    world.member_school.save()
    # Every school of the cast has a teacher, so an empty list means a choice out of reach.
    TeacherFactory(school=world.teaching_point, name="周老师")
    client.force_login(world.users[role])
    url = reverse(url_name)
    form = client.get(url).context["filter"].form

    empty = []
    for name in DATA_FILTERS[url_name]:
        if name not in form.fields:
            continue  # a leader sees one community: no community choice at all
        values = [str(v) for v, _ in form.fields[name].choices if str(v) != ""]
        assert values != [] or name == "community", f"{role} {url_name} {name} offers nothing"
        for value in values:
            listed = client.get(url, {name: value}).context["page_obj"].paginator.count
            if listed == 0:
                empty.append((name, value))
    assert empty == []
