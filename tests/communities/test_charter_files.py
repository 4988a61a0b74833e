"""The community charter through core.files: upload on the edit form, download through the
community's visibility rule, never from MEDIA_URL."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from communities import services
from communities.models import Community
from core.models import StoredFile
from tests.conftest import CANARY
from tests.core import filesamples as samples
from tests.factories import CommunityFactory, MembershipFactory, SchoolFactory, UserFactory

CHARTER_NAME = "城关教共体章程（2025 修订）.pdf"
CHARTER_NAME_QUOTED = (
    "%E5%9F%8E%E5%85%B3%E6%95%99%E5%85%B1%E4%BD%93%E7%AB%A0%E7%A8%8B"
    "%EF%BC%882025%20%E4%BF%AE%E8%AE%A2%EF%BC%89.pdf"
)


@pytest.fixture(autouse=True)
def _empty_storage(settings):
    """A fresh in-memory storage per test (changing STORAGES rebuilds default_storage)."""
    settings.STORAGES = {**settings.STORAGES}


def edit_data(community: Community, **extra) -> dict:
    return {
        "name": community.name,
        "kind": community.kind,
        "closeness": community.closeness,
        "model": community.model,
        "stage": community.stage,
        "founded_on": "2023-09-01",
        "member_limit": community.member_limit,
        **extra,
    }


def upload(client, community: Community, name: str, content: bytes):
    data = edit_data(community, charter=SimpleUploadedFile(name, content))
    return client.post(reverse("communities:community_update", args=[community.pk]), data)


def download_url(community: Community) -> str:
    return reverse(
        "file_download",
        kwargs={"model": "communities.community", "pk": community.pk, "field": "charter"},
    )


@pytest.fixture
def charter(bureau_client, world) -> StoredFile:
    response = upload(bureau_client, world.community, CHARTER_NAME, samples.PDF)
    assert response.status_code == 302
    world.community.refresh_from_db()
    return world.community.charter


# --- upload ------------------------------------------------------------------------------------


def stored_names(folder: str = "") -> list[str]:
    """Every file in the default storage (in memory in the tests)."""
    folders, names = default_storage.listdir(folder)
    found = [f"{folder}{name}" for name in names]
    for sub in folders:
        found += stored_names(f"{folder}{sub}/")
    return found


@pytest.mark.django_db
def test_upload_is_stored_under_a_generated_name(charter):
    assert re.fullmatch(r"charters/\d{4}/[A-Za-z0-9_-]{24}\.pdf", charter.file.name)
    assert (charter.original_name, charter.content_type, charter.size) == (
        CHARTER_NAME,
        "application/pdf",
        len(samples.PDF),
    )
    assert stored_names() == [charter.file.name]
    with default_storage.open(charter.file.name) as stored:
        assert stored.read() == samples.PDF


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [("章程.pdf", samples.EXE), ("章程.pdf", samples.HTML), ("章程.doc", samples.xlsx())],
    ids=["exe-renamed-pdf", "html-renamed-pdf", "xlsx-renamed-doc"],
)
def test_a_renamed_file_is_refused_and_nothing_is_stored(bureau_client, world, name, content):
    response = upload(bureau_client, world.community, name, content)

    assert response.status_code == 200
    [message] = response.context["form"].errors["charter"]
    assert message.startswith("「章程」只能上传PDF、Word（.docx）、Word 97-2003（.doc）文件；")
    assert message.endswith("（按文件内容识别，改扩展名无效）。")
    world.community.refresh_from_db()
    assert world.community.charter is None
    assert StoredFile.objects.count() == 0
    assert stored_names() == []


@pytest.mark.django_db
@override_settings(JGT_FILES_MAX_BYTES=2**20)
def test_an_oversized_file_is_refused(bureau_client, world):
    content = samples.PDF + b" " * (2**20 + 100 * 1024 - len(samples.PDF))

    response = upload(bureau_client, world.community, "章程.pdf", content)

    assert response.context["form"].errors["charter"] == [
        "「章程」不能超过 1 MB（此文件 1.1 MB）。"
    ]
    assert (StoredFile.objects.count(), stored_names()) == (0, [])


@pytest.mark.django_db
def test_the_service_refuses_a_renamed_file_on_the_charter_field(world):
    with pytest.raises(ValidationError) as refused:
        services.community_update(
            community=world.community, charter=SimpleUploadedFile("章程.pdf", samples.HTML)
        )

    assert list(refused.value.message_dict) == ["charter"]
    assert (StoredFile.objects.count(), stored_names()) == (0, [])


@pytest.mark.django_db
def test_edit_page_shows_the_current_charter_and_clearing_removes_it(bureau_client, world, charter):
    edit = reverse("communities:community_update", args=[world.community.pk])

    page = bureau_client.get(edit).content.decode()
    assert f'<a href="{download_url(world.community)}">{CHARTER_NAME}</a>' in page
    assert 'accept=".pdf,.docx,.doc"' in page

    response = bureau_client.post(edit, edit_data(world.community, **{"charter-clear": "on"}))

    assert response.status_code == 302
    world.community.refresh_from_db()
    assert world.community.charter is None


@pytest.mark.django_db
def test_saving_without_a_new_file_keeps_the_charter(bureau_client, world, charter):
    edit = reverse("communities:community_update", args=[world.community.pk])

    response = bureau_client.post(edit, edit_data(world.community, note="改了备注"))

    assert response.status_code == 302
    world.community.refresh_from_db()
    assert (world.community.note, world.community.charter) == ("改了备注", charter)


# --- download ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "actor", ["bureau_admin", "bureau_staff", "community_leader", "school_leader"]
)
def test_download_in_scope_sends_the_file_with_exact_headers(client, world, charter, actor):
    client.force_login(world.users[actor])

    response = client.get(download_url(world.community))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.PDF
    assert {
        name: response[name]
        for name in (
            "Content-Type",
            "Content-Length",
            "Content-Disposition",
            "X-Content-Type-Options",
            "Cache-Control",
        )
    } == {
        "Content-Type": "application/pdf",
        "Content-Length": str(len(samples.PDF)),
        "Content-Disposition": f"inline; filename*=utf-8''{CHARTER_NAME_QUOTED}",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-cache",
    }
    assert "X-Accel-Redirect" not in response


@pytest.mark.django_db
def test_a_word_charter_downloads_as_an_attachment_named_for_its_content(bureau_client, world):
    # Built once: a zip's headers carry the time it was written.
    docx = samples.ooxml("word")
    upload(bureau_client, world.community, "章程.pdf", docx)  # a .docx, misnamed

    response = bureau_client.get(download_url(world.community))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E7%AB%A0%E7%A8%8B.docx"  # 章程.docx
    )
    assert b"".join(response.streaming_content) == docx


@pytest.mark.django_db
def test_other_district_staff_gets_404(client, world, charter):
    client.force_login(world.users["other_staff"])

    assert client.get(download_url(world.community)).status_code == 404


@pytest.mark.django_db
def test_school_leader_of_another_community_gets_404(client, world, charter):
    other_school = SchoolFactory(district=world.district, name="城南小学")
    MembershipFactory(community=CommunityFactory(district=world.district), school=other_school)
    leader = UserFactory(
        username="t_south", role="school_leader", district=world.district, school=other_school
    )
    client.force_login(leader)

    assert client.get(download_url(world.community)).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, world, charter):
    url = download_url(world.community)
    client.logout()

    response = client.get(url)

    assert (response.status_code, response["Location"]) == (302, f"{reverse('login')}?next={url}")


@pytest.mark.django_db
def test_another_districts_charter_is_404_for_home_users(client, world):
    other = world.other_community
    other.charter = StoredFile.objects.create(
        file="charters/2025/x.pdf",
        original_name=f"{CANARY}.pdf",
        content_type="application/pdf",
        size=1,
    )
    other.save()
    client.force_login(world.users["bureau_staff"])

    response = client.get(download_url(other))

    assert response.status_code == 404
    assert CANARY not in response.content.decode()


@pytest.mark.django_db
def test_a_community_without_charter_and_a_field_that_is_not_a_file_are_404(bureau_client, world):
    no_charter = download_url(world.community)
    not_a_file = reverse(
        "file_download",
        kwargs={"model": "communities.community", "pk": world.community.pk, "field": "district"},
    )

    assert bureau_client.get(no_charter).status_code == 404
    assert bureau_client.get(not_a_file).status_code == 404


@pytest.mark.django_db
def test_media_url_serves_nothing(bureau_client, charter, settings):
    assert bureau_client.get(f"{settings.MEDIA_URL}{charter.file.name}").status_code == 404


@pytest.mark.django_db
@override_settings(JGT_FILES_X_ACCEL_PREFIX="/protected-media/")
def test_production_hands_the_file_to_nginx_with_x_accel_redirect(bureau_client, world, charter):
    response = bureau_client.get(download_url(world.community))

    assert response.status_code == 200
    assert response.content == b""
    assert {
        name: response[name]
        for name in (
            "X-Accel-Redirect",
            "Content-Type",
            "Content-Disposition",
            "X-Content-Type-Options",
        )
    } == {
        "X-Accel-Redirect": f"/protected-media/{charter.file.name}",
        "Content-Type": "application/pdf",
        "Content-Disposition": f"inline; filename*=utf-8''{CHARTER_NAME_QUOTED}",
        "X-Content-Type-Options": "nosniff",
    }


@pytest.mark.django_db
def test_detail_page_links_the_charter_by_its_name(bureau_client, world, charter):
    page = bureau_client.get(reverse("communities:community_detail", args=[world.community.pk]))

    assert f'<a href="{download_url(world.community)}">{CHARTER_NAME}</a>' in page.content.decode()
