"""What the schools app offers the spreadsheet engine: school and teacher columns, their
imports, exports, templates and admin Resources. ``register`` runs from ``SchoolsConfig.ready``.
"""

from __future__ import annotations

from core import scoping
from spreadsheets import registry
from spreadsheets.exports import ExportSpec
from spreadsheets.templates_xlsx import ImportTemplate

from ..models import School
from ..selectors import school_list, teacher_list
from .columns import SCHOOL_COLUMNS, TEACHER_COLUMNS, TEACHER_SCHOOL
from .school_import import SchoolImporter
from .teacher_import import TeacherImporter


def visible_school_names(user) -> list[str]:
    return list(
        scoping.visible(user, School).order_by("sort_key", "pk").values_list("name", flat=True)
    )


def register() -> None:
    registry.register_importer(SchoolImporter())
    registry.register_importer(TeacherImporter())
    registry.register_export(ExportSpec("schools", "学校名单", SCHOOL_COLUMNS, school_list))
    registry.register_export(ExportSpec("teachers", "教师名单", TEACHER_COLUMNS, teacher_list))
    registry.register_template(ImportTemplate("schools", "学校导入模板", SCHOOL_COLUMNS))
    registry.register_template(
        ImportTemplate(
            "teachers",
            "教师导入模板",
            TEACHER_COLUMNS,
            user_choices={TEACHER_SCHOOL.label: visible_school_names},
            user_choices_note="见下拉列表（您可查看的学校）",
        )
    )
