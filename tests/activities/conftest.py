import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from activities import services
from activities.enums import ActivityStatus
from activities.models import Activity, ActivityKind


def kind(name: str) -> ActivityKind:
    return ActivityKind.objects.get(district=None, name=name)


def make_activity(
    world,
    *,
    on=datetime.date(2025, 10, 16),
    theme="同课异构：三年级数学《分数的初步认识》",
    kind_name="同课异构",
    host=None,
    community=None,
    status=ActivityStatus.HELD,
    schools=(),
    actor=None,
    **fields,
) -> Activity:
    activity = Activity(
        community=community or world.community,
        theme=theme,
        kind=kind(kind_name),
        start_date=on,
        host_school=host or world.core_school,
        status=status,
        **fields,
    )
    return services.activity_create(
        activity=activity, schools=list(schools), actor=actor or world.users["bureau_staff"]
    )


def jpeg_bytes(size=(64, 48), color=(200, 30, 30), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def png_bytes(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def upload(name: str, content: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type)


@pytest.fixture
def activity(world):
    """A held activity hosted by the core school, the member school taking part."""
    return make_activity(world, schools=[world.member_school])


@pytest.fixture
def lone_activity(world_with_second_member):
    """An activity of the community hosted by the second member, the school leader's school
    not taking part."""
    w = world_with_second_member
    return make_activity(w, host=w.second_member, theme="集体备课：五年级语文")
