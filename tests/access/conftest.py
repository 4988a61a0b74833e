import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from communities.models import CHARTER
from core import files
from spreadsheets.models import ImportJob, ImportKind
from tests.conftest import CANARY
from tests.factories import PositionFactory, WorkGroupFactory


@pytest.fixture
def matrix_world(world):
    """The cast plus one position, one work group and a charter in each district's community."""
    world.position = PositionFactory(community=world.community, person_name="张理事长")
    world.other_position = PositionFactory(
        community=world.other_community, person_name=f"{CANARY}理事长"
    )
    world.group = WorkGroupFactory(community=world.community, name="教学联络组")
    world.other_group = WorkGroupFactory(community=world.other_community, name=f"{CANARY}联络组")
    world.import_job = ImportJob.objects.create(
        kind=ImportKind.SCHOOLS,
        district=world.district,
        user=world.users["bureau_staff"],
        original_name="学校名单.xlsx",
        file="imports/home.xlsx",
    )
    world.other_import_job = ImportJob.objects.create(
        kind=ImportKind.SCHOOLS,
        district=world.other_community.district,
        user=world.users["other_staff"],
        original_name=f"{CANARY}名单.xlsx",
        file="imports/other.xlsx",
    )
    for community in (world.community, world.other_community):
        upload = SimpleUploadedFile(f"{community.name}章程.pdf", b"%PDF-1.4 charter")
        community.charter = files.store(upload, policy=CHARTER)
        community.save()
    return world
