"""The dossier PDF: Chinese theme on the cover, sections in the order of rule 13, photos two
to a page, a CJK font embedded; the batch command; the download follows visibility."""

import io
import subprocess
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from activities import services
from activities.dossier import render_dossier
from activities.enums import MaterialKind
from core.models import Job
from tests.core import filesamples

from .conftest import jpeg_bytes, make_activity, upload

ORDER = ["目录", "活动方案", "活动安排", "简报", "过程性材料", "活动照片", "活动总结"]


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "d.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _fonts(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "f.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def full_activity(world, activity):
    actor = world.users["bureau_staff"]
    for kind, name in (
        (MaterialKind.PLAN, "活动方案.pdf"),
        (MaterialKind.SCHEDULE, "活动安排.pdf"),
        (MaterialKind.BRIEF, "简报第3期.pdf"),
        (MaterialKind.DESIGN, "教学设计-分数.pdf"),
        (MaterialKind.SUMMARY, "活动总结.pdf"),
    ):
        services.material_add(
            activity=activity, kind=kind, upload=upload(name, filesamples.PDF), actor=actor
        )
    for i in range(3):
        services.material_add(
            activity=activity,
            kind=MaterialKind.PHOTO,
            upload=upload(f"IMG_{i}.jpg", jpeg_bytes(size=(300, 200))),
            title=f"课堂照片{i + 1}",
            actor=actor,
        )
    return activity


def test_dossier_text_order_and_fonts(full_activity, tmp_path):
    pdf = render_dossier(full_activity)
    text = _text(pdf, tmp_path)
    pages = text.split("\f")
    assert "同课异构：三年级数学《分数的初步认识》" in pages[0]  # the cover
    # The contents page lists the sections; the body has them in the order of rule 13.
    contents = next(i for i, page in enumerate(pages) if "目录" in page)
    assert contents == 1
    body = "\f".join(pages[contents + 1 :])
    body_positions = [body.index(title) for title in ORDER[1:]]
    assert body_positions == sorted(body_positions), body_positions
    assert "活动方案" in pages[contents] and "第 3 页" in pages[contents]
    assert "简报第3期.pdf" in text and "课堂照片1" in text and "课堂照片3" in text
    assert "第 1 页 / 共" in text
    # Three photos, two to a page: the photo section spans two pages.
    photo_pages = [p for p in pages if "课堂照片" in p]
    assert len(photo_pages) == 2
    flat = "".join(text.split())
    assert "尚缺：照片（还差7张）" in flat
    fonts = _fonts(pdf, tmp_path)
    rows = fonts.splitlines()[2:]
    assert rows, fonts
    assert any("CJK" in row or "WenQuanYi" in row or "Micro" in row for row in rows), fonts
    for row in rows:
        columns = row.split()
        # name type encoding emb sub uni object-id: "emb" is 5th from the end.
        assert columns[-5] == "yes", row


def test_dossier_download_follows_visibility(client, world_with_second_member, lone_activity):
    w = world_with_second_member
    url = reverse("activities:activity_dossier", args=[lone_activity.pk])
    client.force_login(w.users["community_leader"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    client.force_login(w.users["school_leader"])
    assert client.get(url).status_code == 404


def test_activity_dossiers_command(world, full_activity, tmp_path):
    make_activity(world, theme="下一学年的活动", on=full_activity.start_date.replace(year=2026))
    call_command(
        "activity_dossiers",
        district=world.district.code,
        school_year="2025-2026",
        output=str(tmp_path / "out"),
    )
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["活动档案_2025-10-16_同课异构：三年级数学《分数的初步认识》.pdf"]


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_dossier_zip_job_holds_only_the_users_list(client, settings, world_with_second_member):
    settings.TASKS = IMMEDIATE
    w = world_with_second_member
    make_activity(w, theme="同课异构：分数", schools=[w.member_school])
    make_activity(w, theme="集体备课：语文", host=w.second_member)
    client.force_login(w.users["school_leader"])  # sees the first only
    response = client.post(reverse("activities:dossier_zip"), {"query": ""})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("core:job_detail", args=[job.pk])
    assert job.status == "done", job.message
    assert job.summary == {"dossiers": 1}
    with job.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        assert archive.namelist() == ["活动档案_2025-10-16_同课异构：分数.pdf"]
    assert client.get(reverse("core:job_file", args=[job.pk])).status_code == 200
