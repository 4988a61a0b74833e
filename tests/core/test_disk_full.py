"""The media disk fills up during an upload (an injected OSError from the storage): the user
gets a clear Chinese message, nothing is written — no StoredFile row, no half file, no change to
the owner."""

import errno

import pytest
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.models import Community
from core.models import Job, StoredFile
from tests.communities.test_charter_files import edit_data
from tests.core.filesamples import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def disk_full(monkeypatch):
    def refuse(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(InMemoryStorage, "_save", refuse)


def test_a_charter_upload_on_a_full_disk_is_refused_cleanly(bureau_client, world, disk_full):
    edit = reverse("communities:community_update", args=[world.community.pk])
    files_before = StoredFile.objects.count()
    upload = SimpleUploadedFile("章程.pdf", PDF, content_type="application/pdf")

    response = bureau_client.post(
        edit, {**edit_data(world.community, note="同时改了备注"), "charter": upload}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "章程保存失败：服务器存储空间不足或暂时不可写，文件未保存" in html
    assert StoredFile.objects.count() == files_before
    community = Community.objects.get(pk=world.community.pk)
    assert community.charter is None and community.note != "同时改了备注"


def test_an_import_upload_on_a_full_disk_leaves_no_job(bureau_client, world, disk_full):
    from tests.spreadsheets.importfiles import xlsx

    data = xlsx([["学校名称", "学段"], ["新学校", "小学"]])
    upload = SimpleUploadedFile("学校.xlsx", data)
    bureau_client.raise_request_exception = False

    response = bureau_client.post(
        reverse("spreadsheets:import_upload", args=["schools"]), {"schools-file": upload}
    )

    assert response.status_code == 500
    assert "系统出错了" in response.content.decode()
    assert Job.objects.count() == 0
