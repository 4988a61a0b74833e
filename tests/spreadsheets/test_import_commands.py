"""import_roster / import_schools / import_teachers: summary, exit status, nothing written on error."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from communities.models import Community, Membership
from schools.models import District, School, Teacher

from .importfiles import ISSUE_MEMBERS, ROSTER_HEADER, xlsx


@pytest.fixture
def roster_file(tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(
        xlsx(
            [ROSTER_HEADER, [1, "城南教共体", "城南镇第一中学", ISSUE_MEMBERS, "小学"]],
            title="附件：新县教共体名单",
        )
    )
    return path


def call(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_roster_creates_missing_district(db, roster_file):
    out, _ = call(
        "import_roster", str(roster_file), "--district", "123456", "--district-name", "新县"
    )
    district = District.objects.get(code="123456")
    assert district.name == "新县"
    assert "新建 1  更新 0  未变 0  错误 0" in out
    assert "已新建教育局：新县（123456）" in out
    assert Membership.objects.current().filter(community__district=district).count() == 4
    assert School.objects.filter(district=district).count() == 6
    out, _ = call("import_roster", str(roster_file), "--district", "123456")
    assert "新建 0  更新 0  未变 1  错误 0" in out


def test_import_roster_unknown_district_without_name(db, roster_file):
    with pytest.raises(CommandError) as exc:
        call("import_roster", str(roster_file), "--district", "123456")
    assert str(exc.value) == "教育局 123456 不存在（如需新建，请同时给出 --district-name）。"
    assert District.objects.count() == 0


def test_import_roster_dry_run_writes_nothing(db, roster_file):
    out, _ = call(
        "import_roster",
        str(roster_file),
        "--district",
        "123456",
        "--district-name",
        "新县",
        "--dry-run",
    )
    assert "试运行（--dry-run）：未写入任何数据。" in out
    assert (District.objects.count(), School.objects.count(), Community.objects.count()) == (
        0,
        0,
        0,
    )


def test_import_roster_error_exits_non_zero_and_rolls_back_district(db, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx([ROSTER_HEADER, [1, "甲", "甲小学", "乙小学", "大学"]]))
    with pytest.raises(CommandError) as exc:
        call("import_roster", str(path), "--district", "123456", "--district-name", "新县")
    assert str(exc.value) == "有 1 个错误，未写入任何数据。"
    assert (District.objects.count(), School.objects.count()) == (0, 0)


def test_import_schools_command(world, tmp_path):
    path = tmp_path / "schools.xlsx"
    path.write_bytes(xlsx([["学校名称", "学段", "城乡类别"], ["新中学", "初中", "城区"]]))
    out, _ = call("import_schools", str(path), "--district", "999999")
    assert "新建 1  更新 0  未变 0  错误 0" in out
    assert School.objects.get(name="新中学").district == world.district


def test_import_teachers_command_reports_each_error(world, tmp_path):
    path = tmp_path / "teachers.xlsx"
    path.write_bytes(
        xlsx(
            [
                ["学校", "姓名", "性别", "最高学历"],
                ["城关第一小学", "甲", "女", "本科"],
                ["无此校", "乙", "男", "本科"],
            ]
        )
    )
    before = Teacher.objects.count()
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_teachers", str(path), "--district", "999999", stdout=StringIO(), stderr=err
        )
    assert (
        err.getvalue().strip()
        == "第 3 行「学校」：学校「无此校」在本教育局不存在，请先导入学校名单。"
    )
    assert Teacher.objects.count() == before


def test_missing_file(db):
    District.objects.create(code="123456", name="新县")
    with pytest.raises(CommandError) as exc:
        call("import_schools", "/nonexistent.xlsx", "--district", "123456")
    assert str(exc.value) == "找不到文件：/nonexistent.xlsx"
