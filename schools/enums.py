"""Choices of the schools app. Labels are what users see (DOMAIN.md §2)."""

from django.db import models

from core import labels


class Stage(models.TextChoices):
    PRESCHOOL = "preschool", "学前"
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    NINE_YEAR = "nine_year", labels.NINE_YEAR
    SENIOR = "senior", "高中"
    COMPLETE_SECONDARY = "complete_secondary", "完全中学"
    VOCATIONAL = "vocational", "职教"
    SPECIAL = "special", "特殊教育"


class TeachingStage(models.TextChoices):
    """The part (学部) of a school a teacher teaches in: 任教学段. Needed where a school teaches
    two stages (九年一贯制, 完全中学); the balance figures count each part separately."""

    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中"


# The parts a school of each stage has (学部). A school of any other stage has one part or none
# of these (preschool, vocational, special education).
STAGE_PARTS: dict[str, tuple[str, ...]] = {
    Stage.PRIMARY: (TeachingStage.PRIMARY,),
    Stage.JUNIOR: (TeachingStage.JUNIOR,),
    Stage.SENIOR: (TeachingStage.SENIOR,),
    Stage.NINE_YEAR: (TeachingStage.PRIMARY, TeachingStage.JUNIOR),
    Stage.COMPLETE_SECONDARY: (TeachingStage.JUNIOR, TeachingStage.SENIOR),
}
# Stages whose schools keep students per part (小学部 / 初中部 / 高中部).
TWO_PART_STAGES = frozenset({Stage.NINE_YEAR, Stage.COMPLETE_SECONDARY})
# The student-count field of each part (School.primary_students …).
PART_STUDENT_FIELDS = {
    TeachingStage.PRIMARY: "primary_students",
    TeachingStage.JUNIOR: "junior_students",
    TeachingStage.SENIOR: "senior_students",
}


class Locale(models.TextChoices):
    URBAN = "urban", "城区"
    TOWN = "town", "镇区"
    RURAL = "rural", "乡村"


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class Education(models.TextChoices):
    """Highest education, lowest first. Order matters for 'above the required level'."""

    HIGH_SCHOOL = "high_school", "高中及以下"
    SECONDARY_NORMAL = "secondary_normal", "中专/中师"
    JUNIOR_COLLEGE = "junior_college", "大专"
    BACHELOR = "bachelor", "本科"
    MASTER = "master", "硕士研究生"
    DOCTOR = "doctor", "博士研究生"


class Title(models.TextChoices):
    NONE = "none", "未定级"
    THIRD = "third", "三级"
    SECOND = "second", "二级"
    FIRST = "first", "一级"
    SENIOR = "senior", "高级"
    PROFESSOR = "professor", "正高级"


class BackboneLevel(models.TextChoices):
    NONE = "none", "无"
    SCHOOL = "school", "校级骨干"
    COUNTY = "county", "县级骨干"
    CITY = "city", "市级骨干"
    PROVINCE = "province", "省级骨干"
    SPECIAL = "special", "特级教师"


class StaffPosition(models.TextChoices):
    PRINCIPAL = "principal", "校长"
    VICE_PRINCIPAL = "vice_principal", "副校长"
    MIDDLE_MANAGER = "middle_manager", "中层"
    TEACHER = "teacher", "教师"


class Subject(models.TextChoices):
    CHINESE = "语文", "语文"
    MATH = "数学", "数学"
    ENGLISH = "英语", "英语"
    PHYSICS = "物理", "物理"
    CHEMISTRY = "化学", "化学"
    BIOLOGY = "生物", "生物"
    SCIENCE = "科学", "科学"
    MORALITY = "道德与法治", "道德与法治"
    HISTORY = "历史", "历史"
    GEOGRAPHY = "地理", "地理"
    IT = "信息技术", "信息技术"
    PE = "体育", "体育"
    MUSIC = "音乐", "音乐"
    ART = "美术", "美术"
    PSYCHOLOGY = "心理健康", "心理健康"
    LABOUR = "劳动", "劳动"
    PRACTICE = "综合实践", "综合实践"
    PRESCHOOL = "学前教育", "学前教育"
    SPECIAL = "特殊教育", "特殊教育"
    OTHER = "其他", "其他"


# Subjects that make a teacher count as a PE or arts teacher (national balance figures).
PE_AND_ARTS_SUBJECTS = frozenset({Subject.PE, Subject.MUSIC, Subject.ART})
# Backbone levels that count as 'county level or higher' (DOMAIN.md rule 20).
COUNTY_OR_HIGHER_BACKBONE = frozenset(
    {BackboneLevel.COUNTY, BackboneLevel.CITY, BackboneLevel.PROVINCE, BackboneLevel.SPECIAL}
)
SUBJECT_SEPARATOR = "、"
