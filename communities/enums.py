from django.db import models

from core import labels


class CommunityKind(models.TextChoices):
    COMMUNITY = "community", "教共体"
    GROUP = "group", "教育集团"
    CLUSTER = "cluster", "小片区"
    BINDING = "binding", "捆绑结对"


class Closeness(models.TextChoices):
    TIGHT = "tight", "紧密型"
    LOOSE = "loose", "松散型"


class CommunityModel(models.TextChoices):
    URBAN_RURAL = "urban_rural", "城乡共建型"
    THROUGH_STAGE = "through_stage", "贯通培养型"
    FUSED = "fused", "紧密融合型"
    OTHER = "other", "其他"


class CommunityStage(models.TextChoices):
    PRESCHOOL = "preschool", "学前"
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    NINE_YEAR = "nine_year", labels.NINE_YEAR
    SENIOR = "senior", "高中"
    VOCATIONAL = "vocational", "职教"


class MemberRole(models.TextChoices):
    CORE = "core", "核心校"
    MEMBER = "member", "成员校"


class PositionTitle(models.TextChoices):
    CHAIR = "chair", "理事长"
    VICE_CHAIR = "vice_chair", "副理事长"
    COUNCIL_MEMBER = "council_member", "理事"
    GENERAL_PRINCIPAL = "general_principal", "总校长"
    EXECUTIVE_PRINCIPAL = "executive_principal", "执行校长"
    FIRST_PRINCIPAL = "first_principal", "第一校长"
    PARTY_SECRETARY = "party_secretary", "党组织书记"
    LIAISON = "liaison", "联络员"
    OTHER = "other", "其他"
