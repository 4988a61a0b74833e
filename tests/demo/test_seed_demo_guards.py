"""seed_demo's guards on a database that is not the demo one; demo_logins without demo users."""

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from accounts.models import User
from schools.models import District

from ..factories import DistrictFactory, UserFactory

pytestmark = pytest.mark.django_db


def _table_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_if_empty_skips_a_database_with_another_district():
    DistrictFactory(code="123456", name="别县")
    before = _table_counts()
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert _table_counts() == before
    assert out.getvalue() == "数据库已有数据，跳过生成示范县。\n"


def test_taken_demo_username_refuses_and_writes_nothing():
    other = DistrictFactory(code="123456", name="别县")
    UserFactory(username="demo_bureau", district=other)
    before = _table_counts()
    with pytest.raises(CommandError) as excinfo:
        call_command("seed_demo", stdout=io.StringIO())
    assert str(excinfo.value) == "用户名已被占用：demo_bureau；未生成示范县。"
    assert _table_counts() == before
    assert not District.objects.filter(code="999999").exists()


def test_demo_logins_without_demo_users_prints_only_a_note():
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert out.getvalue().splitlines() == [
        "尚未创建演示账号，请先运行：python manage.py seed_demo"
        "（No demo users yet: run `python manage.py seed_demo`.）"
    ]
    assert User.objects.count() == 0
