"""The demo county in the browser: each demo user lands on pages that show the seeded shapes."""

import pytest
from django.urls import reverse

from accounts.models import User
from communities.models import Community
from schools.models import School

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(seeded, client):
    def _login(username: str):
        client.force_login(User.objects.get(username=username))
        return client

    return _login


def test_bureau_overview_flags_over_limit_and_unaffiliated(login):
    over = Community.objects.get(name="实验中学教共体")
    body = login("demo_bureau").get(reverse("dashboard")).content.decode()
    assert f'<td><a href="{over.get_absolute_url()}">实验中学教共体</a></td>' in body
    assert '<div class="num">4</div><div class="label">未加入任何教共体的学校</div>' in body


def test_leader_sees_group_with_nested_teaching_points(login):
    group = Community.objects.get(name="示范县实验小学教育集团")
    response = login("demo_leader").get(group.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "河口镇石岭教学点" in body
    assert "欧阳明远" in body


def test_school_leader_reads_own_community_but_not_others(login):
    client = login("demo_school")
    group = Community.objects.get(name="示范县实验小学教育集团")
    other = Community.objects.get(name="实验中学教共体")
    assert client.get(group.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404


def test_group_charter_is_a_protected_chinese_pdf(login):
    group = Community.objects.get(name="示范县实验小学教育集团")
    url = reverse("file_download", args=["communities.community", group.pk, "charter"])

    response = login("demo_leader").get(url)
    pdf = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF-")
    assert group.charter.original_name == "示范县实验小学教育集团章程.pdf"
    assert login("demo_school").get(url).status_code == 200


def test_teaching_points_are_not_legal_persons(seeded):
    points = School.objects.filter(name__endswith="教学点")
    assert points.count() > 10
    assert list(points.filter(is_legal_entity=True)) == []
