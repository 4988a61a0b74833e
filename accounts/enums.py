from django.db import models


class Role(models.TextChoices):
    BUREAU_ADMIN = "bureau_admin", "局管理员"
    BUREAU_STAFF = "bureau_staff", "局工作人员"
    COMMUNITY_LEADER = "community_leader", "教共体负责人"
    SCHOOL_LEADER = "school_leader", "学校负责人"


BUREAU_ROLES = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_STAFF})


class AccessEventKind(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED_OUT = "locked_out", "账号锁定"
    LOGOUT = "logout", "退出"
    SESSION_EXPIRED = "session_expired", "会话过期"
    OTP_VERIFIED = "otp_verified", "二次验证通过"
    OTP_FAILED = "otp_failed", "二次验证失败"
    OTP_RECOVERY_USED = "otp_recovery", "使用恢复码"
    OTP_ENROLLED = "otp_enrolled", "启用二次验证"
    REFUSED_403 = "refused_403", "拒绝访问（403）"
    REFUSED_404 = "refused_404", "范围外访问（404）"
