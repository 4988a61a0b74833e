"""The spreadsheet columns of schools and teachers, declared once.

The import template, the list export, the reader's header plan and the admin's Resource are all
generated from these two :class:`~spreadsheets.columns.ColumnSet` (see ``spreadsheets.columns``).
Columns the importers treat specially (names, parents, 工号) are module constants, so the
importers refer to them, never to a label typed again.
"""

from __future__ import annotations

import datetime
import re

from core import labels
from core.text import clean_text
from spreadsheets.columns import (
    ColumnSet,
    SheetColumn,
    choice_column,
    choice_lookup,
    int_column,
    model_checked,
    model_range,
    parse_choice,
    parse_code,
    parse_date,
    parse_text,
    parse_year,
    yes_no_column,
)

from ..enums import (
    SUBJECT_SEPARATOR,
    BackboneLevel,
    Education,
    Gender,
    Locale,
    StaffPosition,
    Stage,
    Subject,
    TeachingStage,
    Title,
)
from ..models import School, Teacher, joined_rotation_eligible, years_since
from .widgets import SchoolNameWidget


def _blank_if_zero(value):
    """Students per part: 0 means 'not split', shown as an empty cell."""
    return value or None


# --- schools ---------------------------------------------------------------------------------

SCHOOL_NAME = SheetColumn(
    "学校名称",
    ("校名", "学校", "学校全称", "单位名称"),
    field="name",
    parse=parse_text,
    required=True,
    help="学校全称。同一教育局内不能重名（比较时忽略全角半角与空格）；"
    "与系统中已有学校同名时更新该校。",
    width=28,
    examples=("城南镇中心小学", "城南镇河口教学点"),
)
SCHOOL_CODE = SheetColumn(
    "学校标识码",
    ("标识码", "学校代码", "学校识别码"),
    field="code",
    parse=parse_code,
    help="10 位国家学校标识码，未知可不填。",
    text=True,
    width=14,
    examples=("3501000001", ""),
)
SCHOOL_STAGE = choice_column(
    "学段",
    Stage,
    extra={
        "幼儿园": Stage.PRESCHOOL,
        "学前教育": Stage.PRESCHOOL,
        "九年制": Stage.NINE_YEAR,
        "九年一贯": Stage.NINE_YEAR,
        "小学教育": Stage.PRIMARY,
        "初级中学": Stage.JUNIOR,
        "高级中学": Stage.SENIOR,
        "普通高中": Stage.SENIOR,
        "职业教育": Stage.VOCATIONAL,
        "中职": Stage.VOCATIONAL,
        "职高": Stage.VOCATIONAL,
        "特教": Stage.SPECIAL,
    },
    synonyms=("办学类型", "学校类型"),
    field="stage",
    required_for_new=True,
    help="从下拉列表中选择。",
    width=11,
    examples=("小学", "小学"),
)
SCHOOL_LOCALE = choice_column(
    "城乡类别",
    Locale,
    extra={
        "城市": Locale.URBAN,
        "城镇": Locale.TOWN,
        "镇": Locale.TOWN,
        "农村": Locale.RURAL,
        "乡镇": Locale.TOWN,
    },
    synonyms=("城乡分类", "城乡"),
    field="locale",
    required_for_new=True,
    help="从下拉列表中选择。",
    width=10,
    examples=("镇区", "乡村"),
)
SCHOOL_PARENT = SheetColumn(
    "上级学校",
    ("所属中心校", "上级单位", "所属学校", "中心校"),
    field="parent",
    export="parent__name",
    help="村小、教学点填写所属中心校的名称（该校须在本表或系统中）；其他学校留空。",
    width=24,
    widget=SchoolNameWidget,
    examples=("", "城南镇中心小学"),
)

SCHOOL_COLUMNS = ColumnSet(
    (
        SCHOOL_NAME,
        SCHOOL_CODE,
        SCHOOL_STAGE,
        SCHOOL_LOCALE,
        SheetColumn(
            labels.TOWNSHIP,
            ("乡镇", "乡镇街道", "所在乡镇", "街道"),
            field="township",
            parse=model_checked(School, "township"),
            help="所在乡镇或街道。",
            width=14,
            examples=("城南镇", "城南镇"),
        ),
        SCHOOL_PARENT,
        yes_no_column(
            "独立法人",
            synonyms=("是否独立法人", "法人"),
            field="is_legal_entity",
            help="是否具有独立法人资格，不填视为「是」。",
            width=9,
            examples=("是", "否"),
        ),
        SheetColumn(
            "校长",
            ("校长姓名",),
            field="principal",
            parse=model_checked(School, "principal"),
            help="校长姓名。",
            width=10,
            examples=("张明", ""),
        ),
        SheetColumn(
            "联系电话",
            ("电话", "联系方式"),
            field="phone",
            parse=model_checked(School, "phone"),
            help="办公电话或手机号。",
            text=True,
            width=16,
            examples=("0591-12345678", ""),
        ),
        int_column(
            "在校学生数",
            low=0,
            high=100_000,
            synonyms=("学生数", "在校生数", "学生人数"),
            field="students",
            help="整数，不填视为 0。",
            width=11,
            examples=(860, 24),
        ),
        int_column(
            "小学部学生数",
            low=0,
            high=100_000,
            synonyms=("小学部", "小学部在校生数", "小学学生数", "小学段学生数"),
            field="primary_students",
            help="九年一贯制学校填写小学部学生数（与初中部之和等于在校学生数）；其他学校不填。",
            width=12,
            to_cell=_blank_if_zero,
            examples=("", ""),
        ),
        int_column(
            "初中部学生数",
            low=0,
            high=100_000,
            synonyms=("初中部", "初中部在校生数", "初中学生数", "初中段学生数"),
            field="junior_students",
            help="九年一贯制、完全中学填写初中部学生数；其他学校不填。",
            width=12,
            to_cell=_blank_if_zero,
            examples=("", ""),
        ),
        int_column(
            "高中部学生数",
            low=0,
            high=100_000,
            synonyms=("高中部", "高中部在校生数", "高中学生数", "高中段学生数"),
            field="senior_students",
            help="完全中学填写高中部学生数（与初中部之和等于在校学生数）；其他学校不填。",
            width=12,
            to_cell=_blank_if_zero,
            examples=("", ""),
        ),
        int_column(
            "班级数",
            low=0,
            high=2_000,
            synonyms=("班数",),
            field="classes",
            help="整数，不填视为 0。",
            width=8,
            examples=(18, 3),
        ),
        # Export only: annotated by schools.selectors.school_list.
        SheetColumn("所属教共体", export="community_name_now", imported=False, width=24),
        SheetColumn("教师数", export="teacher_count", imported=False, width=8),
    )
)

# --- teachers --------------------------------------------------------------------------------

SUBJECTS = choice_lookup(
    Subject,
    {
        "思想品德": Subject.MORALITY,
        "思品": Subject.MORALITY,
        "道法": Subject.MORALITY,
        "信息": Subject.IT,
        "心理": Subject.PSYCHOLOGY,
        "综合": Subject.PRACTICE,
    },
)


def parse_subjects(value) -> str:
    parts = [p for p in re.split(r"[、,，;；/\s]+", clean_text(value)) if p]
    out = []
    for part in parts:
        subject = parse_choice(part, SUBJECTS, "任教学科", Subject.labels)
        if subject not in out:
            out.append(subject)
    return SUBJECT_SEPARATOR.join(out)


TEACHER_SCHOOL = SheetColumn(
    "学校",
    ("学校名称", "所在学校", "任教学校", "学校标识码", "单位"),
    field="school",
    export="school__name",
    required=True,
    help="所在学校的名称或 10 位学校标识码，须为系统中已有的学校。",
    error_style="warning",
    width=26,
    widget=SchoolNameWidget,
    examples=("城南镇中心小学",),
)
TEACHER_NAME = SheetColumn(
    "姓名",
    ("教师姓名", "名字"),
    field="name",
    parse=parse_text,
    required=True,
    help="教师姓名。",
    width=10,
    examples=("张丽",),
)
TEACHER_NUMBER = SheetColumn(
    "工号",
    ("教师编号", "编号", "职工号"),
    field="staff_number",
    parse=model_checked(Teacher, "staff_number"),
    help="学校或教育局编制的工号，可不填；填写时用于识别同一教师。",
    text=True,
    width=12,
    examples=("T0001",),
)

TEACHER_TEACHING_STAGE = choice_column(
    "任教学段",
    TeachingStage,
    extra={
        "小学部": TeachingStage.PRIMARY,
        "初中部": TeachingStage.JUNIOR,
        "高中部": TeachingStage.SENIOR,
        "小学段": TeachingStage.PRIMARY,
        "初中段": TeachingStage.JUNIOR,
        "高中段": TeachingStage.SENIOR,
    },
    synonyms=("学部", "所在学部", "任教学部"),
    field="teaching_stage",
    help="九年一贯制、完全中学的教师填写所在学部（小学 / 初中 / 高中）；其他学校可不填。",
    width=9,
    examples=("",),
)

TEACHER_COLUMNS = ColumnSet(
    (
        TEACHER_SCHOOL,
        TEACHER_NAME,
        choice_column(
            "性别",
            Gender,
            extra={"男性": Gender.MALE, "女性": Gender.FEMALE},
            field="gender",
            required_for_new=True,
            help="从下拉列表中选择。",
            width=6,
            examples=("女",),
        ),
        SheetColumn(
            "出生年份",
            ("出生年", "出生年月", "出生日期"),
            field="birth_year",
            parse=model_checked(Teacher, "birth_year", parse_year),
            help="4 位年份，如 1986。",
            whole=model_range(Teacher, "birth_year"),
            width=9,
            examples=(1986,),
        ),
        SheetColumn(
            "任教学科",
            ("学科", "任教科目"),
            field="subjects",
            parse=model_checked(Teacher, "subjects", parse_subjects),
            help="多个学科以「、」分隔，如：语文、道德与法治。",
            choices=tuple(Subject.labels),
            error_style="information",
            width=16,
            examples=("语文、道德与法治",),
        ),
        choice_column(
            "最高学历",
            Education,
            extra={
                "高中": Education.HIGH_SCHOOL,
                "中专": Education.SECONDARY_NORMAL,
                "中师": Education.SECONDARY_NORMAL,
                "专科": Education.JUNIOR_COLLEGE,
                "大学本科": Education.BACHELOR,
                "研究生": Education.MASTER,
                "硕士": Education.MASTER,
                "博士": Education.DOCTOR,
            },
            synonyms=("学历",),
            field="education",
            required_for_new=True,
            help="从下拉列表中选择。",
            width=12,
            examples=("本科",),
        ),
        choice_column(
            "职称",
            Title,
            extra={
                "无": Title.NONE,
                "未评": Title.NONE,
                "中小学三级教师": Title.THIRD,
                "中小学二级教师": Title.SECOND,
                "中小学一级教师": Title.FIRST,
                "中小学高级教师": Title.SENIOR,
                "正高级教师": Title.PROFESSOR,
                "三级教师": Title.THIRD,
                "二级教师": Title.SECOND,
                "一级教师": Title.FIRST,
                "高级教师": Title.SENIOR,
            },
            synonyms=("专业技术职称", "职称等级"),
            field="title",
            help="从下拉列表中选择，不填视为「未定级」。",
            width=8,
            examples=("一级",),
        ),
        choice_column(
            "骨干级别",
            BackboneLevel,
            extra={
                "校级": BackboneLevel.SCHOOL,
                "县级": BackboneLevel.COUNTY,
                "市级": BackboneLevel.CITY,
                "省级": BackboneLevel.PROVINCE,
                "特级": BackboneLevel.SPECIAL,
                "否": BackboneLevel.NONE,
            },
            synonyms=("骨干教师", "骨干"),
            field="backbone_level",
            help="从下拉列表中选择，不填视为「无」。",
            width=10,
            examples=("县级骨干",),
        ),
        choice_column(
            "职务",
            StaffPosition,
            extra={"专任教师": StaffPosition.TEACHER, "中层干部": StaffPosition.MIDDLE_MANAGER},
            synonyms=("行政职务",),
            field="position",
            help="从下拉列表中选择，不填视为「教师」。",
            width=8,
            examples=("教师",),
        ),
        TEACHER_TEACHING_STAGE,
        yes_no_column(
            "班主任",
            synonyms=("是否班主任",),
            field="is_head_teacher",
            help="是否担任班主任，不填视为「否」。",
            width=7,
            examples=("是",),
        ),
        SheetColumn(
            "到校日期",
            ("到本校工作日期", "到本校日期", "调入日期"),
            field="joined_school_on",
            parse=model_checked(Teacher, "joined_school_on", parse_date),
            help="到本校工作的日期，日期格式，如 2015-09-01。",
            width=12,
            examples=(datetime.date(2015, 9, 1),),
        ),
        TEACHER_NUMBER,
        # Export only: DOMAIN rule 6, the rule of the list's column (the functions behind
        # ``Teacher``'s methods, on the bare date: no model instance per row), on the day of the
        # export, from 到校日期.
        SheetColumn(
            "本校年限",
            export="joined_school_on",
            imported=False,
            to_cell=lambda joined: "" if joined is None else years_since(joined),
            width=8,
        ),
        SheetColumn(
            "可交流轮岗",
            export="joined_school_on",
            imported=False,
            to_cell=lambda joined: "是" if joined_rotation_eligible(joined) else "否",
            width=10,
        ),
    )
)
