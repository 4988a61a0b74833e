"""Governance tests run on the cast of tests/conftest.py, plus the core school's principal."""

from __future__ import annotations

import datetime

import pytest

from accounts.enums import Role
from governance import services
from governance.enums import DocumentKind, VersionStatus
from tests.factories import UserFactory

D = datetime.date
TODAY = datetime.date.today()


@pytest.fixture
def core_principal(world):
    """The school leader of the core school: approves expenses at or above the threshold."""
    return UserFactory(
        username="t_core",
        role=Role.SCHOOL_LEADER,
        district=world.district,
        school=world.core_school,
    )


@pytest.fixture
def plan(world):
    """A three-year plan with phases 规划设计 (ended yesterday), 全面实施 (from today) and
    成果验收."""
    actor = world.users["community_leader"]
    document = services.document_create(
        actor=actor, community=world.community, kind=DocumentKind.PLAN, title="三年发展规划"
    )
    services.document_version_add(
        actor=actor, document=document, dated=D(2025, 6, 1), status=VersionStatus.DRAFT
    )
    for name, start, end in (
        ("规划设计", TODAY - datetime.timedelta(days=200), TODAY - datetime.timedelta(days=1)),
        ("全面实施", TODAY, TODAY + datetime.timedelta(days=300)),
        ("成果验收", TODAY + datetime.timedelta(days=301), TODAY + datetime.timedelta(days=400)),
    ):
        services.plan_phase_add(
            actor=actor, document=document, name=name, start_on=start, end_on=end
        )
    return document
