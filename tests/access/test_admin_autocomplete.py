"""The admin's autocomplete (``autocomplete_fields``) answers from the bureau administrator's own
district only, in every app whose admin offers schools, teachers or communities to choose, and
finds a school by its pinyin initials (the searchable selects of the pages do the same)."""

import pytest
from django.urls import reverse

from communities.models import Community
from schools.models import School, Teacher
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

# (source app, source model, field, the model chosen, how that model reaches its district)
FIELDS = [
    ("governance", "expense", "school", School, "district"),
    ("governance", "meeting", "community", Community, "district"),
    ("governance", "supervisiontask", "communities", Community, "district"),
    ("activities", "resource", "school", School, "district"),
    ("activities", "remotepairing", "teachers", Teacher, "school__district"),
    ("compliance", "rulesetting", "community", Community, "district"),
    ("exchanges", "exchange", "assessed_by", School, "district"),
    ("communities", "position", "teacher", Teacher, "school__district"),
]


def _autocomplete(client, app_label, model_name, field_name, term=""):
    params = {
        "app_label": app_label,
        "model_name": model_name,
        "field_name": field_name,
        "term": term,
    }
    response = client.get(reverse("admin:autocomplete"), params)
    assert response.status_code == 200
    return {int(r["id"]) for r in response.json()["results"]}


@pytest.mark.parametrize(("app_label", "model_name", "field_name", "chosen", "path"), FIELDS)
def test_autocomplete_answers_from_own_district(
    admin_client_, world, app_label, model_name, field_name, chosen, path
):
    found = _autocomplete(admin_client_, app_label, model_name, field_name)

    own = set(chosen.objects.filter(**{path: world.district}).values_list("pk", flat=True))
    assert found == own
    assert own != set()


@pytest.mark.parametrize(
    ("app_label", "model_name"), [("governance", "expense"), ("activities", "resource")]
)
def test_autocomplete_finds_schools_by_pinyin_initials_in_own_district(
    admin_client_, world, other_district, app_label, model_name
):
    # A school of the other district whose initials match too must stay out.
    outsider = SchoolFactory(district=other_district, name="河口外县小学")

    found = _autocomplete(admin_client_, app_label, model_name, "school", term="hk")

    assert found == {world.member_school.pk, world.teaching_point.pk}
    assert outsider.pk not in found
