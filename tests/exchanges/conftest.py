import pytest

from core.school_year import Semester
from exchanges import services
from exchanges.enums import ExchangeKind


def make_exchange(teacher, hosts, *, kind=ExchangeKind.ROTATION, start=2025, end=2025, **kw):
    """An exchange in 草稿 built through the service, bypassing access (as the demo does)."""
    return services.exchange_create(
        actor=None,
        teacher=teacher,
        host_schools=list(hosts),
        kind=kind,
        start_year=start,
        start_semester=kw.pop("start_semester", Semester.AUTUMN),
        end_year=end,
        end_semester=kw.pop("end_semester", Semester.SPRING),
        check_access=False,
        **kw,
    )


@pytest.fixture
def outgoing(world):
    """王骨干 of the core school sent to 河口小学 for 2025-2026, in 草稿."""
    return make_exchange(world.core_teacher, [world.member_school])
