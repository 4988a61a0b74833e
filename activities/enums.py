"""Vocabularies of joint activities (DOMAIN.md §2, §4)."""

from django.db import models


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "计划"
    HELD = "held", "已开展"
    CANCELLED = "cancelled", "取消"


class Review(models.TextChoices):
    """The bureau's check that an activity happened and its evidence is there."""

    PENDING = "pending", "待核实"
    VERIFIED = "verified", "已核实"
    RETURNED = "returned", "已退回"


class RuleTag(models.TextChoices):
    """What an activity kind counts as for the rules of DOMAIN.md §4 (9–12)."""

    NONE = "", "不计入规则"
    TEACHING_RESEARCH = "teaching_research", "教研活动"
    FAMOUS_TEACHER = "famous_teacher", "名师/骨干教师交流"
    MORAL_EDUCATION = "moral_education", "德育/班主任交流"
    LEADERSHIP_MEETING = "leadership_meeting", "领导小组会议"
    MANAGEMENT_FORUM = "management_forum", "管理论坛"
    SUBJECT_COMPETITION = "subject_competition", "学科竞赛"
    YOUNG_TEACHER_COMPETITION = "young_teacher_competition", "青年教师技能竞赛"
    PRINCIPAL_OBSERVATION = "principal_observation", "校长蹲点听课周"
    SPECIAL_REPORT = "special_report", "专题报告"
    CLASSROOM_WEEK = "classroom_week", "课堂交流周"
    FRIENDSHIP = "friendship", "师生联谊"
    SOCIAL_PRACTICE = "social_practice", "社会实践"


# The catalogue seeded for every district (DOMAIN.md §2); bureaus add their own kinds.
SEEDED_KINDS: tuple[tuple[str, str], ...] = (
    ("联合教研", RuleTag.TEACHING_RESEARCH),
    ("集体备课", RuleTag.TEACHING_RESEARCH),
    ("同课异构", RuleTag.TEACHING_RESEARCH),
    ("听课评课", RuleTag.TEACHING_RESEARCH),
    ("学科沙龙", RuleTag.TEACHING_RESEARCH),
    ("专题讲座", RuleTag.SPECIAL_REPORT),
    ("送教下乡", RuleTag.FAMOUS_TEACHER),
    ("送课进城", RuleTag.FAMOUS_TEACHER),
    ("名师示范课", RuleTag.FAMOUS_TEACHER),
    ("跟岗学习", RuleTag.NONE),
    ("集中培训", RuleTag.NONE),
    ("送培到点", RuleTag.NONE),
    ("联席会", RuleTag.LEADERSHIP_MEETING),
    ("专题会", RuleTag.NONE),
    ("现场会", RuleTag.NONE),
    ("汇报会", RuleTag.NONE),
    ("管理论坛", RuleTag.MANAGEMENT_FORUM),
    ("德育论坛", RuleTag.MORAL_EDUCATION),
    ("班主任论坛", RuleTag.MORAL_EDUCATION),
    ("师生联谊", RuleTag.FRIENDSHIP),
    ("社会实践", RuleTag.SOCIAL_PRACTICE),
    ("学科竞赛", RuleTag.SUBJECT_COMPETITION),
    ("青年教师技能竞赛", RuleTag.YOUNG_TEACHER_COMPETITION),
    ("校长蹲点听课周", RuleTag.PRINCIPAL_OBSERVATION),
    ("课堂交流周", RuleTag.CLASSROOM_WEEK),
    ("艺术节", RuleTag.NONE),
    ("体育节", RuleTag.NONE),
    ("科技节", RuleTag.NONE),
)


class MaterialKind(models.TextChoices):
    """Materials of an activity, in the dossier's binding order (rule 13)."""

    PLAN = "plan", "活动方案"
    SCHEDULE = "schedule", "活动安排"
    BRIEF = "brief", "简报"
    DESIGN = "design", "教学设计"
    REFLECTION = "reflection", "教学反思"
    SLIDES = "slides", "课件"
    IMPRESSION = "impression", "听课感受"
    OBSERVATION_FORM = "observation_form", "听评表"
    PHOTO = "photo", "照片"
    SUMMARY = "summary", "总结"
    OTHER = "other", "其他"


# Process materials (过程性材料) of the dossier, in order.
PROCESS_KINDS = (
    MaterialKind.DESIGN,
    MaterialKind.REFLECTION,
    MaterialKind.SLIDES,
    MaterialKind.IMPRESSION,
    MaterialKind.OBSERVATION_FORM,
    MaterialKind.OTHER,
)

# Rule 13: what a complete dossier holds (kind, how many).
DOSSIER_REQUIRED: tuple[tuple[str, int], ...] = (
    (MaterialKind.PLAN, 1),
    (MaterialKind.SCHEDULE, 1),
    (MaterialKind.BRIEF, 1),
    (MaterialKind.PHOTO, 10),
    (MaterialKind.SUMMARY, 1),
)
