import pytest
from django.urls import reverse

from tests.conftest import CANARY


@pytest.mark.django_db
def test_dashboard_counts_only_home_district(bureau_client, world):
    response = bureau_client.get(reverse("dashboard"))

    overview = response.context["overview"]
    assert overview["school_total"] == 4
    assert overview["teacher_total"] == 3
    assert overview["community_total"] == 1
    assert (
        overview["schools_without_community"] == 1
    )  # 孤岛小学; the teaching point follows its parent
    assert CANARY not in response.content.decode()


@pytest.mark.django_db
def test_dashboard_requires_login(client, world):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
