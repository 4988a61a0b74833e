"""The searchable selects: the scoped JSON search views (``schools.views.school_search`` /
``teacher_search``), their fixed query counts, and the widget's layers without JavaScript."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from core.widgets import PLAIN_LIMIT, SearchSelect, SearchSelectMultiple
from schools.enums import Locale, Stage
from schools.models import School, Teacher
from tests.conftest import CANARY
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

SCHOOLS = reverse("schools:school_search")
TEACHERS = reverse("schools:teacher_search")


def _ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def test_teachers_found_by_pinyin_initials_name_and_school(bureau_client, world):
    zeng = TeacherFactory(school=world.lone_school, name="曾小明")
    TeacherFactory(school=world.lone_school, name="陈小明")
    assert _ids(bureau_client.get(TEACHERS, {"q": "zxm"})) == [zeng.pk]  # 曾 reads zeng
    assert _ids(bureau_client.get(TEACHERS, {"q": "ZXM"})) == [zeng.pk]
    assert _ids(bureau_client.get(TEACHERS, {"q": "曾小"})) == [zeng.pk]
    by_school = _ids(bureau_client.get(TEACHERS, {"q": "孤岛"}))
    assert zeng.pk in by_school and world.lone_teacher.pk in by_school
    row = bureau_client.get(TEACHERS, {"q": "zxm"}).json()["results"][0]
    assert row == {"id": zeng.pk, "text": "曾小明", "detail": "孤岛小学"}


def test_schools_found_by_initials_and_code(bureau_client, world):
    assert _ids(bureau_client.get(SCHOOLS, {"q": "hkjxd"})) == [world.teaching_point.pk]
    assert _ids(bureau_client.get(SCHOOLS, {"q": "3510000001"})) == [world.core_school.pk]


def test_results_stay_in_scope(client, world):
    for role in ("community_leader", "school_leader", "bureau_staff"):
        client.force_login(world.users[role])
        body = client.get(SCHOOLS).content.decode() + client.get(TEACHERS).content.decode()
        assert CANARY not in body
    # The community leader sees its community's schools: not the lone school.
    client.force_login(world.users["community_leader"])
    assert world.lone_school.pk not in _ids(client.get(SCHOOLS))
    # The school leader sees only its own school's teachers.
    client.force_login(world.users["school_leader"])
    assert _ids(client.get(TEACHERS)) == [world.member_teacher.pk]


def test_narrowing_by_community_or_school(bureau_client, world):
    """A community narrows the teachers; one outside the user's scope is a 404."""
    own = _ids(bureau_client.get(TEACHERS, {"community": world.community.pk}))
    assert world.lone_teacher.pk not in own and world.core_teacher.pk in own
    assert bureau_client.get(TEACHERS, {"community": "99999"}).status_code == 404
    assert bureau_client.get(TEACHERS, {"school": "x"}).status_code == 404


def _many_teachers(world, count: int) -> None:
    schools = bulk_create_with_history(
        [
            School(
                district=world.district,
                name=f"批量学校{n:03d}",
                stage=Stage.PRIMARY,
                locale=Locale.RURAL,
            )
            for n in range(count)
        ],
        School,
    )
    bulk_create_with_history(
        [Teacher(school=s, name=f"批量{n:03d}") for n, s in enumerate(schools)], Teacher
    )


@pytest.mark.parametrize("count", [3, 300])
def test_search_views_run_a_fixed_number_of_queries(
    bureau_client, world, django_assert_num_queries, count
):
    """Session, user, one query of the page (two with ?community: its visibility check)."""
    _many_teachers(world, count)
    with django_assert_num_queries(3):
        response = bureau_client.get(TEACHERS, {"q": "批量", "page": 2})
    assert len(response.json()["results"]) == (0 if count == 3 else 20)
    assert response.json()["more"] is (count > 40)
    with django_assert_num_queries(3):
        bureau_client.get(SCHOOLS, {"q": "pl"})
    with django_assert_num_queries(4):
        bureau_client.get(TEACHERS, {"community": world.community.pk})


class _Form(forms.Form):
    teacher = forms.ModelChoiceField(queryset=Teacher.objects.none())
    members = forms.ModelMultipleChoiceField(queryset=Teacher.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, widget in (("teacher", SearchSelect), ("members", SearchSelectMultiple)):
            self.fields[name].queryset = Teacher.objects.order_by("sort_key", "pk")
            self.fields[name].widget = widget(url="schools:teacher_search")
            self.fields[name].widget.choices = self.fields[name].choices


def test_small_choice_is_a_plain_select_with_the_search_url(world):
    html = str(_Form()["teacher"])
    assert html.startswith("<select") and 'data-search-url="/schools/teachers/search/"' in html
    assert "李老师" in html


def test_large_choice_is_a_text_input_that_takes_a_typed_name(world):
    _many_teachers(world, PLAIN_LIMIT + 5)
    html = str(_Form()["teacher"])
    assert html.startswith("<input") and "批量000" not in html  # no option list
    form = _Form({"teacher": "李老师", "members": "批量001、批量002"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["teacher"] == world.member_teacher
    assert {t.name for t in form.cleaned_data["members"]} == {"批量001", "批量002"}
    # Re-rendered bound, the input holds the chosen names, and the combobox gets the labels.
    assert 'value="李老师"' in str(form["teacher"])
    assert "data-chosen" in str(form["teacher"])
    # A posted id still works (what the combobox submits); an unknown name is invalid.
    assert _Form({"teacher": str(world.lone_teacher.pk)}).is_valid()
    assert not _Form({"teacher": "查无此人"}).is_valid()
