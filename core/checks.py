"""Deployment check: the address printed on paper is set.

Published reports and survey sheets carry a QR code to this site (``core.links.public_url``).
A report built by a background job or a command has no request to take the address from, so
without ``JGT_PUBLIC_URL`` it would print ``http://127.0.0.1:8000`` — a code no parent or
principal can open. ``manage.py check --deploy`` says so before anything is printed.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def public_url_is_set(app_configs=None, **kwargs) -> list[checks.Warning]:
    if settings.JGT_PUBLIC_URL:
        return []
    return [
        checks.Warning(
            "JGT_PUBLIC_URL 未设置：后台任务和命令生成的考核报告、问卷二维码将指向 127.0.0.1。",
            hint="在环境文件中设置本站对外地址，例如 JGT_PUBLIC_URL=https://jgt.example.edu.cn",
            id="core.W001",
        )
    ]
