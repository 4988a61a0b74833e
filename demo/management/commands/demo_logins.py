"""Print the demo county's four logins as a table (used by `make run`)."""

from __future__ import annotations

import unicodedata

from django.core.management.base import BaseCommand

from accounts.enums import Role
from accounts.models import User
from demo.builder import layout

URL = "http://127.0.0.1:8000/"
ROLE_EN = {
    Role.BUREAU_ADMIN: "bureau admin",
    Role.BUREAU_STAFF: "bureau staff",
    Role.COMMUNITY_LEADER: "community leader",
    Role.SCHOOL_LEADER: "school leader",
}


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _scope(user: User) -> str:
    if user.role == Role.COMMUNITY_LEADER and user.community_id:
        return f"教共体：{user.community.name}"
    if user.role == Role.SCHOOL_LEADER and user.school_id:
        return f"学校：{user.school.name}"
    scope = f"全县：{user.district.name}" if user.district_id else "—"
    return scope + ("（含系统管理 /admin/）" if user.is_staff else "")


class Command(BaseCommand):
    help = "列出示范县的演示账号（用户名、角色、范围、密码）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--url", default=URL, help=f"页面地址（默认 {URL}）")

    def handle(self, *args, **options) -> None:
        usernames = [u[0] for u in layout.DEMO_USERS]
        found = {
            u.username: u
            for u in User.objects.filter(username__in=usernames).select_related(
                "district", "community", "school"
            )
        }
        if not found:
            self.stdout.write(
                "尚未创建演示账号，请先运行：python manage.py seed_demo"
                "（No demo users yet: run `python manage.py seed_demo`.）"
            )
            return
        header = ("用户名 Username", "角色 Role", "范围 Scope", "密码 Password")
        rows = [
            (
                u.username,
                f"{u.get_role_display()} {ROLE_EN.get(u.role, u.role)}",
                _scope(u),
                layout.DEMO_PASSWORD,
            )
            for u in (found[name] for name in usernames if name in found)
        ]
        widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
        rule = "  ".join("-" * w for w in widths)
        self.stdout.write("示范县演示账号 Demo logins")
        self.stdout.write(rule)
        for row in [header, None, *rows]:
            if row is None:
                self.stdout.write(rule)
                continue
            self.stdout.write(
                "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
        self.stdout.write(rule)
        self.stdout.write(f"打开 Open: {options['url']}")
