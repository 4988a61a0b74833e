from django.db import models


class Role(models.TextChoices):
    BUREAU_ADMIN = "bureau_admin", "局管理员"
    BUREAU_STAFF = "bureau_staff", "局工作人员"
    COMMUNITY_LEADER = "community_leader", "教共体负责人"
    SCHOOL_LEADER = "school_leader", "学校负责人"


BUREAU_ROLES = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_STAFF})
