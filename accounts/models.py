"""Users and their single role. The role decides scope; `accounts.access` computes it."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .enums import AccessEventKind, Role


class User(AbstractUser):
    """A person who logs in. Platform operators are superusers with no district."""

    role = models.CharField("角色", max_length=20, choices=Role.choices, blank=True)
    district = models.ForeignKey(
        "schools.District",
        verbose_name="教育局",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    community = models.ForeignKey(
        "communities.Community",
        verbose_name="负责的教共体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leaders",
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name="负责的学校",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leaders",
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                condition=Q(role="") | Q(district__isnull=False),
                name="user_with_role_has_district",
                violation_error_message="有角色的用户必须属于一个教育局。",
            ),
            models.CheckConstraint(
                condition=~Q(role="community_leader") | Q(community__isnull=False),
                name="community_leader_has_community",
                violation_error_message="教共体负责人必须绑定一个教共体。",
            ),
            models.CheckConstraint(
                condition=~Q(role="school_leader") | Q(school__isnull=False),
                name="school_leader_has_school",
                violation_error_message="学校负责人必须绑定一所学校。",
            ),
        ]

    def clean(self) -> None:
        """The role's binding: a district for every role, and the community or school of a
        leader inside that district. The constraints above hold the first three in the
        database; this adds the district check and clear messages on the right fields."""
        super().clean()
        errors: dict[str, str] = {}
        if self.role and self.district_id is None:
            errors["district"] = "有角色的用户必须属于一个教育局。"
        if self.role == Role.COMMUNITY_LEADER and self.community_id is None:
            errors["community"] = "教共体负责人必须绑定一个教共体。"
        if self.role == Role.SCHOOL_LEADER and self.school_id is None:
            errors["school"] = "学校负责人必须绑定一所学校。"
        if self.district_id is not None:
            if self.community_id and self.community.district_id != self.district_id:
                errors["community"] = "所选教共体不属于该用户的教育局。"
            if self.school_id and self.school.district_id != self.district_id:
                errors["school"] = "所选学校不属于该用户的教育局。"
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        full = f"{self.last_name}{self.first_name}".strip()
        return full or self.username

    @property
    def display_name(self) -> str:
        return str(self)


class AccessEvent(models.Model):
    """One line of the access log: an authentication event or a refused request.

    The district is the acting user's (copied, so the log survives a user's move); a bureau
    administrator reads its own district's lines. Written by ``accounts.audit`` only.
    """

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    kind = models.CharField("事件", max_length=20, choices=AccessEventKind.choices)
    user = models.ForeignKey(
        "accounts.User",
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_events",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    district = models.ForeignKey(
        "schools.District",
        verbose_name="教育局",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_events",
    )
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    method = models.CharField("方法", max_length=10, blank=True)
    path = models.CharField("路径", max_length=500, blank=True)
    detail = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "访问日志"
        verbose_name_plural = "访问日志"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["district", "-at"], name="accessevent_district_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"
