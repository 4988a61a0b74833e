"""Empty selects read 请选择 on every page (issue 8, "words and forms that agree"): no form
anywhere shows Django's default blank choice. Every HTML page of the role × URL matrix is read
by the first home actor it answers 200 to, as in test_headers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core import labels
from tests.access.test_headers import PAGES


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs", "query", "actor"), PAGES)
def test_no_select_shows_djangos_blank_choice(client, matrix_world, name, kwargs, query, actor):
    query = query(matrix_world) if callable(query) else query
    url = reverse(name, kwargs=kwargs(matrix_world) if kwargs else None) + query
    if actor != "anonymous":
        client.force_login(matrix_world.users[actor])

    response = client.get(url)

    assert response.status_code == 200
    if response["Content-Type"].startswith("text/html"):
        assert "---------" not in response.content.decode(), labels.EMPTY_CHOICE
