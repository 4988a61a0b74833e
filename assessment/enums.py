"""Vocabularies of the bundled assessment (捆绑考核, DOMAIN.md rules 16–19)."""

from __future__ import annotations

from django.db import models


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ACTIVE = "active", "已启用"


class IndicatorKind(models.TextChoices):
    SCORED = "scored", "人工评分"
    DERIVED = "derived", "数据生成"


class Scorer(models.TextChoices):
    BUREAU = "bureau", "教育局评分"
    SELF = "self", "学校自评、教育局确认"
    RECORDS = "records", "系统数据"


class ScoreStatus(models.TextChoices):
    SELF_ASSESSED = "self", "学校自评（待确认）"
    CONFIRMED = "confirmed", "已确认"


class ValueSource(models.TextChoices):
    """Where a stored value of a derived indicator came from."""

    HAND = "hand", "手工填报"
    FROZEN = "frozen", "发布时的系统数据"


class VerifyStatus(models.TextChoices):
    VALID = "valid", "与发布记录一致"
    SUPERSEDED = "superseded", "已被更正取代"
    UNKNOWN = "unknown", "未找到"


class FlagKind(models.TextChoices):
    DECLINE = "decline", "连续两年下降（规则 18）"
    SATISFACTION = "satisfaction", "满意度未达目标（规则 19）"
    INCOMPLETE = "incomplete", "评分不完整"


# The six dimensions of DOMAIN.md rule 16, preloaded into a new scheme: (code, name, weight,
# watched for rule 18's two-year decline, indicators). Indicator: (code, name, max score,
# scorer, measure code or "", full marks at, guide).
DEFAULT_DIMENSIONS = (
    (
        "organisation",
        "组织保障达成度",
        15,
        True,
        (
            (
                "org_rules",
                "规则完成率",
                10,
                Scorer.RECORDS,
                "compliance.rule_completion",
                100,
                "教共体当年适用规则的达成比例；满分对应 100%。",
            ),
            (
                "org_mechanism",
                "组织机构与制度",
                5,
                Scorer.BUREAU,
                "",
                None,
                "理事会、领导小组、章程与年度计划齐全、落实。",
            ),
        ),
    ),
    (
        "sharing",
        "办学资源共享度",
        15,
        False,
        (
            (
                "share_resources",
                "资源共享",
                8,
                Scorer.RECORDS,
                "activities.resource_sharing",
                100,
                "共享的教学资源，按活动应用登记的达成度计。",
            ),
            (
                "share_remote",
                "同步/专递课堂",
                7,
                Scorer.RECORDS,
                "activities.remote_lessons",
                100,
                "远程课堂开课情况，按活动应用登记的达成度计。",
            ),
        ),
    ),
    (
        "teachers",
        "教师队伍成长度",
        20,
        False,
        (
            (
                "teach_mentorship",
                "师徒结对覆盖率",
                8,
                Scorer.RECORDS,
                "exchanges.mentorship_coverage",
                100,
                "骨干教师带徒覆盖率（规则 7）；满分对应 100%。",
            ),
            (
                "teach_balance",
                "均衡指标达标",
                6,
                Scorer.RECORDS,
                "balance.standards_met",
                100,
                "计入本学年交流后，学校的均衡指标（规则 20）达标比例。",
            ),
            (
                "teach_growth",
                "教师专业成长",
                6,
                Scorer.SELF,
                "",
                None,
                "学校自评，教育局确认：获奖、课题、骨干晋级等。",
            ),
        ),
    ),
    (
        "quality",
        "教育质量提升度",
        25,
        True,
        (
            (
                "quality_results",
                "教学质量监测",
                15,
                Scorer.BUREAU,
                "",
                None,
                "依据县级教学质量监测结果评定。",
            ),
            (
                "quality_progress",
                "质量提升举措",
                10,
                Scorer.SELF,
                "",
                None,
                "学校自评，教育局确认。",
            ),
        ),
    ),
    (
        "satisfaction",
        "办学效果满意度",
        10,
        False,
        (
            (
                "satisfaction_rate",
                "满意度",
                10,
                Scorer.RECORDS,
                "surveys.satisfaction_rate",
                100,
                "家长、学生、教师满意度问卷；无问卷的县可手工填报满意率。",
            ),
        ),
    ),
    (
        "students",
        "学生发展成长度",
        15,
        False,
        (
            (
                "students_health",
                "体质健康",
                7,
                Scorer.BUREAU,
                "",
                None,
                "依据学生体质健康测试结果。",
            ),
            (
                "students_growth",
                "综合素质发展",
                8,
                Scorer.SELF,
                "",
                None,
                "学校自评，教育局确认：社团、竞赛、实践活动。",
            ),
        ),
    ),
)

SATISFACTION_MEASURE = "surveys.satisfaction_rate"
