"""The visibility registry fails closed and holds one rule per model."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from accounts.models import User
from communities.models import Community, Membership, Position, WorkGroup
from core import scoping
from schools.models import District, School, Teacher, TeacherMove


def test_a_model_without_a_rule_shows_nothing(world):
    assert not scoping.has_rule(ContentType)
    assert ContentType.objects.exists()
    assert list(scoping.visible(world.users["bureau_admin"], ContentType)) == []


def test_every_registry_model_has_its_rule():
    models = {District, School, Teacher, TeacherMove, Community, Membership, Position, WorkGroup}
    assert models | {User} <= set(scoping.registered_models())


def test_a_second_rule_for_a_model_is_refused():
    with pytest.raises(ValueError, match="School already has a visibility rule"):
        scoping.visibility_rule(School)(lambda user: School.objects.none())


def test_get_visible_or_404_answers_404_outside_the_rule(world):
    staff = world.users["bureau_staff"]

    assert scoping.get_visible_or_404(staff, School, pk=world.member_school.pk) == (
        world.member_school
    )
    with pytest.raises(Http404):
        scoping.get_visible_or_404(staff, School, pk=world.other_school.pk)
