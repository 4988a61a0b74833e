"""The seams higher apps use: page panels and to-do providers."""

import pytest
from django.urls import reverse

from core import panels, todos


@pytest.fixture
def clean_registries(monkeypatch):
    monkeypatch.setattr(panels, "_panels", {})
    monkeypatch.setattr(todos, "_providers", {})


@pytest.mark.django_db
def test_a_registered_panel_renders_on_the_school_page(
    client, world, clean_registries, settings, tmp_path
):
    (tmp_path / "probe.html").write_text("<p>panel for {{ object.name }}: {{ note }}</p>")
    # Assigned (not mutated in place) so the template engines are rebuilt with the new folder.
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], str(tmp_path)]}]

    @panels.panel("schools.school_detail")
    def probe(request, school):
        return panels.Panel("probe.html", {"note": request.user.username})

    @panels.panel("schools.school_detail", order=99)
    def empty(request, school):
        return None

    staff = world.users["bureau_staff"]
    client.force_login(staff)
    school = world.core_school
    response = client.get(reverse("schools:school_detail", args=[school.pk]))
    assert f"panel for {school.name}: {staff.username}" in response.content.decode()


def test_todos_leave_out_zero_counts_and_keep_order(clean_registries, django_user_model):
    user = django_user_model(username="x")  # unsaved: providers here ignore it

    @todos.todo_provider("b", order=2)
    def second(user):
        return [todos.Todo("B", 3, "/b/"), todos.Todo("zero", 0, "/z/")]

    @todos.todo_provider("a", order=1)
    def first(user):
        return [todos.Todo("A", 1, "/a/")]

    assert [t.label for t in todos.todos_for(user)] == ["A", "B"]


def test_a_todo_key_cannot_be_taken_twice(clean_registries):
    todos.todo_provider("k")(lambda user: [])
    with pytest.raises(ValueError):
        todos.todo_provider("k")(lambda user: [])
