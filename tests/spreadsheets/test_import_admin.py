"""The admin's import/export (django-import-export resources), scoped to the administrator's district."""

import csv
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schools.enums import Locale, Stage
from schools.models import School
from schools.sheets.resources import SchoolResource, TeacherResource

from ..conftest import CANARY
from .importfiles import csv_bytes


def test_school_resource_exports_only_the_district_with_labels(world):
    dataset = SchoolResource(district=world.district).export()
    assert dataset.headers[:4] == ["学校名称", "学校标识码", "学段", "城乡类别"]
    names = dataset["学校名称"]
    assert sorted(names) == sorted(
        School.objects.filter(district=world.district).values_list("name", flat=True)
    )
    assert CANARY not in "".join(names)
    row = dataset.dict[names.index("城关第一小学")]
    assert (row["学段"], row["城乡类别"]) == ("小学", "城区")
    assert dataset.dict[names.index("河口教学点")]["上级学校"] == "河口小学"


def test_school_resource_imports_labels_into_the_district(world):
    import tablib

    data = tablib.Dataset(headers=["学校名称", "学校标识码", "学段", "城乡类别", "上级学校"])
    data.append(["后台新校", "", "初中", "镇区", ""])
    data.append(["后台教学点", "", "小学", "乡村", "河口小学"])
    result = SchoolResource(district=world.district).import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    new = School.objects.get(name="后台新校")
    assert (new.district, new.stage, new.locale) == (world.district, Stage.JUNIOR, Locale.TOWN)
    assert School.objects.get(name="后台教学点").parent == world.member_school


def test_teacher_resource_rejects_other_district_school(world):
    import tablib

    data = tablib.Dataset(headers=["学校", "姓名", "性别", "最高学历"])
    data.append([world.other_school.name, "外县老师", "女", "本科"])
    result = TeacherResource(district=world.district).import_data(data, dry_run=True)
    assert result.has_validation_errors() or result.has_errors()


def test_admin_import_page_and_dry_run(admin_client_, world):
    url = reverse("admin:schools_school_import")
    assert admin_client_.get(url).status_code == 200
    upload = SimpleUploadedFile(
        "s.csv",
        csv_bytes([["学校名称", "学段", "城乡类别"], ["后台新校", "初中", "城区"]], "utf-8"),
    )
    page = admin_client_.get(url)
    formats = re.findall(r'<option value="(\d+)">csv</option>', page.content.decode())
    response = admin_client_.post(
        url, {"format": formats[0], "import_file": upload, "resource": "0"}
    )
    assert response.status_code == 200
    assert response.context["result"].totals["new"] == 1
    assert not School.objects.filter(name="后台新校").exists()  # dry run only


def test_admin_export_is_scoped(admin_client_, world):
    url = reverse("admin:schools_school_export")
    page = admin_client_.get(url).content.decode()
    [csv_format] = re.findall(r'<option value="(\d+)">csv</option>', page)
    columns = re.findall(r'name="(schooladminresource_\w+)"', page)

    response = admin_client_.post(
        url, {"format": csv_format, "resource": "0", **dict.fromkeys(columns, "on")}
    )

    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted((row["学校名称"], row["上级学校"]) for row in rows) == [
        ("城关第一小学", ""),
        ("孤岛小学", ""),
        ("河口小学", ""),
        ("河口教学点", "河口小学"),
    ]
    assert CANARY not in text
