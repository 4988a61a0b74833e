"""The admin's import/export of schools and teachers (django-import-export).

Fields are generated from ``schools.sheets.columns`` (the same declaration as the import
template, the export and the reader). What is the admin's own: per-row saves (history via
signals; ``use_bulk`` with history written by the bulk helpers is not available through the
admin), ``skip_diff``, rows scoped to the administrator's district, and row identity — a school
by its normalised name (``School.name_key``, the key of the model's uniqueness constraint), a
teacher by ``schools.identity``, the rule the spreadsheet importer uses.
"""

from __future__ import annotations

from core.text import clean_text, name_key
from spreadsheets.resources import DistrictScopedResource, model_resource

from ..identity import TeacherIdentity
from ..models import School, Teacher
from .columns import SCHOOL_COLUMNS, SCHOOL_NAME, TEACHER_COLUMNS, TEACHER_NAME, TEACHER_NUMBER


class _SchoolResource(DistrictScopedResource):
    class Meta:
        model = School
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
        key = name_key(row.get(SCHOOL_NAME.label))
        return self.get_queryset().filter(name_key=key).first() if key else None

    def init_instance(self, row=None):
        return School(district=self.district)


class _TeacherResource(DistrictScopedResource):
    class Meta:
        model = Teacher
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
        number = self.fields["staff_number"].widget.clean(row.get(TEACHER_NUMBER.label)) or ""
        name = clean_text(row.get(TEACHER_NAME.label))
        identity = TeacherIdentity(self.get_queryset().filter(school=school))
        matches = identity.matches(school_id=school.pk, name=name, staff_number=number)
        if len(matches) > 1:
            raise ValueError(f"「{school.name}」有 {len(matches)} 位同名教师，请填写工号以区分。")
        return matches[0] if matches else None


SchoolResource = model_resource("SchoolResource", _SchoolResource, SCHOOL_COLUMNS)
TeacherResource = model_resource("TeacherResource", _TeacherResource, TEACHER_COLUMNS)
