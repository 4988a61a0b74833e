from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "用户与权限"

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401 - registers the admin's system check
            visibility,  # noqa: F401 - registers the visibility rules
        )
