"""Governance tests run on the cast of tests/conftest.py, plus the core school's principal."""

from __future__ import annotations

import pytest

from accounts.enums import Role
from tests.factories import UserFactory


@pytest.fixture
def core_principal(world):
    """The school leader of the core school: approves expenses at or above the threshold."""
    return UserFactory(
        username="t_core",
        role=Role.SCHOOL_LEADER,
        district=world.district,
        school=world.core_school,
    )
