from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "学校与教师"

    def ready(self) -> None:
        from . import (  # noqa: F401 - visibility and history register their rules
            history,
            sheets,
            visibility,
        )

        sheets.register()
