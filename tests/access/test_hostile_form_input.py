"""No input produces a 500: every form, posted with hostile values in each of its fields.

For each form page the bureau user can open, the form's own fields are read from the GET
response and posted back one field at a time with odd values (huge, negative, malformed dates,
unknown choices, ids that do not exist, markup, full-width digits). The test client re-raises any
exception a view lets escape, so a 500 fails the test; every answer must be a page or a redirect.
"""

import pytest
from django.urls import reverse

HOSTILE_VALUES = [
    "",
    " ",
    "x" * 5000,
    "-1",
    "0",
    "99999999999999999999",
    "2025-02-30",
    "9999-99-99",
    "<script>alert(1)</script>",
    "１２３４５６７８９０",
    "null",
    "1e9",
    '=HYPERLINK("http://x")',
    "\x00",
]

FORM_PAGES = [
    ("schools:school_create", None),
    ("schools:school_update", lambda w: {"pk": w.member_school.pk}),
    ("schools:teacher_create", None),
    ("schools:teacher_update", lambda w: {"pk": w.member_teacher.pk}),
    ("schools:teacher_move", lambda w: {"pk": w.member_teacher.pk}),
    ("communities:community_create", None),
    ("communities:community_update", lambda w: {"pk": w.community.pk}),
    ("communities:membership_add", lambda w: {"pk": w.community.pk}),
    (
        "communities:membership_end",
        lambda w: {"pk": w.community.pk, "membership_pk": w.membership.pk},
    ),
    ("communities:core_replace", lambda w: {"pk": w.community.pk}),
    ("communities:position_add", lambda w: {"pk": w.community.pk}),
    ("communities:workgroup_add", lambda w: {"pk": w.community.pk}),
    ("password_change", None),
]


def _valid_looking_data(form) -> dict:
    """The form's initial values, so each hostile value is tried with the rest filled in."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value not in (None, ""):
            data[name] = value.pk if hasattr(value, "pk") else value
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "kwargs"), FORM_PAGES, ids=[n for n, _ in FORM_PAGES])
def test_hostile_values_in_every_field_never_raise(bureau_client, world, url_name, kwargs):
    url = reverse(url_name, kwargs=kwargs(world) if kwargs else None)
    form = bureau_client.get(url).context["form"]
    base = _valid_looking_data(form)

    for field in form.fields:
        for value in HOSTILE_VALUES:
            response = bureau_client.post(url, {**base, field: value})

            assert response.status_code in (200, 302), (field, value, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["schools", "teachers", "communities"])
def test_hostile_list_filters_never_raise(bureau_client, world, name):
    list_url = reverse(
        {
            "schools": "schools:school_list",
            "teachers": "schools:teacher_list",
            "communities": "communities:community_list",
        }[name]
    )
    filters = bureau_client.get(list_url).context["filter"].form.fields

    for field in [*filters, "page"]:
        for value in HOSTILE_VALUES:
            assert bureau_client.get(list_url, {field: value}).status_code == 200, (field, value)
            export = bureau_client.get(
                reverse("spreadsheets:export", args=[name]), {field: value, "format": "csv"}
            )
            assert export.status_code == 200, (field, value)


@pytest.mark.django_db
def test_admin_many_to_many_with_an_oversized_id_is_a_form_error(admin_client_, world):
    url = reverse("admin:communities_workgroup_add")

    response = admin_client_.post(
        url,
        {"community": world.community.pk, "name": "联络组", "members": ["99999999999999999999"]},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["members"] == [
        "“99999999999999999999”不是一个有效的值"
    ]


@pytest.mark.django_db
def test_admin_foreign_key_with_an_oversized_id_is_a_form_error(admin_client_, world):
    url = reverse("admin:schools_teacher_add")

    response = admin_client_.post(url, {"school": "99999999999999999999", "name": "王老师"})

    assert response.status_code == 200
    assert "school" in response.context["adminform"].form.errors
