"""Materials through core.files: hostile uploads are refused or neutralised; photos are
re-encoded (no EXIF/GPS, nothing after the image data) and get a thumbnail; downloads go
through the activity's visibility (404 outside scope)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from activities import services
from activities.enums import MaterialKind
from activities.models import ActivityMaterial
from core.models import StoredFile
from tests.core import filesamples

from .conftest import jpeg_bytes, make_activity, png_bytes, upload


def _add(activity, world, name, content, kind=MaterialKind.PHOTO):
    return services.material_add(
        activity=activity,
        kind=kind,
        upload=upload(name, content),
        actor=world.users["bureau_staff"],
    )


def _stored_bytes(stored: StoredFile) -> bytes:
    with stored.file.open("rb") as handle:
        return handle.read()


def _gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 0.0), 3: "E", 4: (120.0, 10.0, 0.0)}  # GPS IFD
    return exif.tobytes()


def test_photo_is_reencoded_without_exif_and_gets_a_thumbnail(world, activity):
    original = jpeg_bytes(size=(800, 600), exif=_gps_exif())
    assert b"PhoneMaker" in original
    material = _add(activity, world, "IMG_0001.jpg", original)
    stored = _stored_bytes(material.file)
    assert stored != original
    assert b"PhoneMaker" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()
    assert material.thumbnail is not None
    thumb = Image.open(io.BytesIO(_stored_bytes(material.thumbnail)))
    assert max(thumb.size) <= 320
    assert material.file.content_type == "image/jpeg"


def test_png_html_polyglot_keeps_no_html(world, activity):
    polyglot = png_bytes() + b"<html><script>alert(document.cookie)</script></html>"
    material = _add(activity, world, "poly.png", polyglot)
    stored = _stored_bytes(material.file)
    assert b"<script" not in stored and b"<html" not in stored
    assert stored.startswith(b"\xff\xd8\xff")  # a fresh JPEG


def test_png_header_without_image_is_refused(world, activity):
    # The magic bytes of PNG followed by nothing decodable: sniffed PNG, refused by Pillow.
    with pytest.raises(ValidationError, match="无法识别为有效的图片"):
        _add(activity, world, "fake.png", filesamples.PNG)
    assert not ActivityMaterial.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.pdf", filesamples.HTML, "无法识别此文件的内容"),  # HTML behind .pdf
        ("photo.jpg", filesamples.EXE, "无法识别此文件的内容"),  # a program behind .jpg
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "无法识别此文件的内容",
        ),
        ("empty.pdf", b"", "文件为空"),
    ],
)
def test_hostile_files_are_refused(world, activity, name, content, message):
    before = StoredFile.objects.count()
    with pytest.raises(ValidationError, match=message):
        _add(activity, world, name, content, kind=MaterialKind.PLAN)
    assert StoredFile.objects.count() == before


def test_wrong_type_behind_right_extension(world, activity):
    # A real PDF named .jpg uploaded as a photo: photos accept images only.
    with pytest.raises(ValidationError, match="实际是PDF"):
        _add(activity, world, "photo.jpg", filesamples.PDF, kind=MaterialKind.PHOTO)


def test_oversize_is_refused(world, activity, settings):
    big = filesamples.PDF + b"0" * (21 * 2**20)
    with pytest.raises(ValidationError, match="不能超过 20 MB"):
        _add(activity, world, "big.pdf", big, kind=MaterialKind.PLAN)


def test_name_with_dirs_and_rtl_marks_is_cleaned(world, activity):
    name = "../../etc/\u202eevil\u200fgpj.pdf"
    material = _add(activity, world, name, filesamples.PDF, kind=MaterialKind.PLAN)
    stored = material.file
    assert ".." not in stored.file.name and "etc" not in stored.file.name
    assert stored.file.name.startswith("activities/")
    assert stored.original_name == "evilgpj.pdf"
    assert "\u202e" not in stored.original_name


def test_multi_upload_of_ten_photos_in_one_request(school_client, world, activity):
    # The school leader's school takes part but does not host: it may not add materials.
    files = [upload(f"IMG_{i:04}.jpg", jpeg_bytes(color=(i * 20, 10, 10))) for i in range(10)]
    url = reverse("activities:material_upload", args=[activity.pk])
    response = school_client.post(url, {"kind": MaterialKind.PHOTO, "files": files})
    assert response.status_code == 403


def test_host_leader_uploads_ten_photos_and_one_bad_file(client, world):
    activity = make_activity(world, host=world.member_school)
    client.force_login(world.users["school_leader"])
    files = [upload(f"IMG_{i:04}.jpg", jpeg_bytes(color=(i * 20, 10, 10))) for i in range(10)]
    files.append(upload("evil.jpg", filesamples.HTML))
    url = reverse("activities:material_upload", args=[activity.pk])
    response = client.post(
        url, {"kind": MaterialKind.PHOTO, "files": files}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    answer = response.json()
    assert len(answer["stored"]) == 10
    assert len(answer["refused"]) == 1 and "evil.jpg" in answer["refused"][0]
    assert activity.materials.filter(kind=MaterialKind.PHOTO).count() == 10
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "照片（还差" not in page


def test_downloads_follow_the_activity_visibility(client, world_with_second_member, lone_activity):
    w = world_with_second_member
    material = _add(lone_activity, w, "IMG.jpg", jpeg_bytes())
    url = reverse(
        "file_download",
        kwargs={"model": "activities.activitymaterial", "pk": material.pk, "field": "file"},
    )
    client.force_login(w.users["bureau_staff"])
    assert client.get(url).status_code == 200
    client.force_login(w.users["community_leader"])
    assert client.get(url).status_code == 200
    client.force_login(w.users["school_leader"])  # 河口小学 neither hosts nor joins
    assert client.get(url).status_code == 404
    client.force_login(w.users["other_staff"])
    assert client.get(url).status_code == 404
