"""django-import-export resources for the admin's import/export of schools and teachers.

The bureau's pages and commands use ``spreadsheets.importers`` (own reader in front: title rows,
merged cells, GB18030, preview, all-or-nothing). These resources serve administrators in the
Django admin, where files are tidy (header in row 1). They are tuned the way the library allows:
``use_bulk`` with history written by the bulk helpers is not available through the admin, so
they keep per-row saves (history via signals) but use cached foreign keys, ``skip_diff`` and
labels for choice columns. Every row is scoped to the administrator's district.
"""

from __future__ import annotations

from import_export import fields, resources, widgets

from core.text import name_key
from schools.models import School, Teacher

from .importers import (
    BACKBONES,
    EDUCATIONS,
    GENDERS,
    LOCALES,
    POSITIONS,
    STAGES,
    TITLES,
    CellError,
    parse_choice,
)


class ChoiceLabelWidget(widgets.Widget):
    """Exports a choice's Chinese label; imports a label (or a synonym, or the stored value)."""

    def __init__(self, choices, table: dict[str, str], label: str):
        super().__init__()
        self.labels = dict(choices.choices)
        self.table = table
        self.label = label

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return parse_choice(value, self.table, self.label)
        except CellError as exc:
            raise ValueError(str(exc)) from exc

    def render(self, value, obj=None, **kwargs):
        return str(self.labels.get(value, value or ""))


class YesNoWidget(widgets.BooleanWidget):
    TRUE_VALUES = ["是", "1", 1, True, "true", "TRUE", "True", "y", "Y"]
    FALSE_VALUES = ["否", "0", 0, False, "false", "FALSE", "False", "n", "N"]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else ("是" if value else "否")


class SchoolNameWidget(widgets.CachedForeignKeyWidget):
    """A school of the resource's district, by name (normalised) or by 10-digit code."""

    def __init__(self, district=None):
        super().__init__(School, field="name_key")
        self.district = district

    def get_queryset(self, value, row, *args, **kwargs):
        queryset = School.objects.all()
        return (
            queryset.filter(district=self.district)
            if self.district is not None
            else queryset.none()
        )

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = str(value).strip()
        if text.isdigit() and len(text) == 10:
            school = self.get_queryset(value, row).filter(code=text).first()
            if school is not None:
                return school
        try:
            return super().clean(name_key(text), row, **kwargs)
        except Exception as exc:  # noqa: BLE001 - DoesNotExist / MultipleObjectsReturned
            raise ValueError(f"学校「{text}」在本教育局不存在。") from exc

    def render(self, value, obj=None, **kwargs):
        return value.name if value is not None else ""


class DistrictScopedResource(resources.ModelResource):
    def __init__(self, district=None, **kwargs):
        super().__init__(**kwargs)
        self.district = district


class SchoolResource(DistrictScopedResource):
    name = fields.Field(attribute="name", column_name="学校名称")
    code = fields.Field(attribute="code", column_name="学校标识码")
    stage = fields.Field(
        attribute="stage",
        column_name="学段",
        widget=ChoiceLabelWidget(School.stage.field, STAGES, "学段"),
    )
    locale = fields.Field(
        attribute="locale",
        column_name="城乡类别",
        widget=ChoiceLabelWidget(School.locale.field, LOCALES, "城乡类别"),
    )
    township = fields.Field(attribute="township", column_name="乡镇")
    parent = fields.Field(attribute="parent", column_name="上级学校", widget=SchoolNameWidget())
    is_legal_entity = fields.Field(
        attribute="is_legal_entity", column_name="独立法人", widget=YesNoWidget()
    )
    principal = fields.Field(attribute="principal", column_name="校长")
    phone = fields.Field(attribute="phone", column_name="联系电话")
    students = fields.Field(
        attribute="students", column_name="在校学生数", widget=widgets.IntegerWidget()
    )
    classes = fields.Field(
        attribute="classes", column_name="班级数", widget=widgets.IntegerWidget()
    )

    class Meta:
        model = School
        fields = [
            "name",
            "code",
            "stage",
            "locale",
            "township",
            "parent",
            "is_legal_entity",
            "principal",
            "phone",
            "students",
            "classes",
        ]
        import_id_fields = ["name"]
        skip_diff = True
        skip_unchanged = True
        use_transactions = True
        clean_model_instances = True

    def __init__(self, district=None, **kwargs):
        super().__init__(district=district, **kwargs)
        self.fields["parent"].widget.district = district

    def get_queryset(self):
        return School.objects.filter(district=self.district).select_related("parent")

    def get_instance(self, instance_loader, row):
        key = name_key(row.get("学校名称"))
        return self.get_queryset().filter(name_key=key).first() if key else None

    def init_instance(self, row=None):
        return School(district=self.district)


class TeacherResource(DistrictScopedResource):
    school = fields.Field(attribute="school", column_name="学校", widget=SchoolNameWidget())
    name = fields.Field(attribute="name", column_name="姓名")
    gender = fields.Field(
        attribute="gender",
        column_name="性别",
        widget=ChoiceLabelWidget(Teacher.gender.field, GENDERS, "性别"),
    )
    birth_year = fields.Field(
        attribute="birth_year", column_name="出生年份", widget=widgets.IntegerWidget()
    )
    subjects = fields.Field(attribute="subjects", column_name="任教学科")
    education = fields.Field(
        attribute="education",
        column_name="最高学历",
        widget=ChoiceLabelWidget(Teacher.education.field, EDUCATIONS, "最高学历"),
    )
    title = fields.Field(
        attribute="title",
        column_name="职称",
        widget=ChoiceLabelWidget(Teacher.title.field, TITLES, "职称"),
    )
    backbone_level = fields.Field(
        attribute="backbone_level",
        column_name="骨干级别",
        widget=ChoiceLabelWidget(Teacher.backbone_level.field, BACKBONES, "骨干级别"),
    )
    position = fields.Field(
        attribute="position",
        column_name="职务",
        widget=ChoiceLabelWidget(Teacher.position.field, POSITIONS, "职务"),
    )
    is_head_teacher = fields.Field(
        attribute="is_head_teacher", column_name="班主任", widget=YesNoWidget()
    )
    joined_school_on = fields.Field(
        attribute="joined_school_on", column_name="到校日期", widget=widgets.DateWidget("%Y-%m-%d")
    )
    staff_number = fields.Field(attribute="staff_number", column_name="工号")

    class Meta:
        model = Teacher
        fields = [
            "school",
            "name",
            "gender",
            "birth_year",
            "subjects",
            "education",
            "title",
            "backbone_level",
            "position",
            "is_head_teacher",
            "joined_school_on",
            "staff_number",
        ]
        import_id_fields = ["school", "staff_number"]
        skip_diff = True
        skip_unchanged = True
        use_transactions = True
        clean_model_instances = True

    def __init__(self, district=None, **kwargs):
        super().__init__(district=district, **kwargs)
        self.fields["school"].widget.district = district

    def get_queryset(self):
        return Teacher.objects.filter(school__district=self.district).select_related("school")

    def get_instance(self, instance_loader, row):
        school = self.fields["school"].clean(row)
        if school is None:
            return None
        number = str(row.get("工号") or "").strip()
        teachers = self.get_queryset().filter(school=school)
        if number:
            return teachers.filter(staff_number=number).first()
        return teachers.filter(name=str(row.get("姓名") or "").strip(), staff_number="").first()


class DistrictImportExportMixin:
    """ImportExportMixin settings for a district-scoped admin: rows go to the user's district."""

    def get_import_resource_kwargs(self, request, **kwargs):
        return {
            **super().get_import_resource_kwargs(request, **kwargs),
            "district": request.user.district,
        }

    def get_export_resource_kwargs(self, request, **kwargs):
        return {
            **super().get_export_resource_kwargs(request, **kwargs),
            "district": request.user.district,
        }

    def has_import_permission(self, request) -> bool:
        # Imports need a district to put the rows in; platform operators have none.
        return self.has_add_permission(request) and request.user.district_id is not None
