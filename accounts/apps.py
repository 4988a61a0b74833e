from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "用户与权限"

    def ready(self) -> None:
        from . import (
            audit,  # noqa: F401 - connects the access log to the auth signals
            checks,  # noqa: F401 - registers the admin's system check
            middleware,  # noqa: F401 - login starts the session clocks
            visibility,  # noqa: F401 - registers the visibility rules
        )
