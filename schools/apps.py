from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "学校与教师"

    def ready(self) -> None:
        from . import sheets, visibility  # noqa: F401 - visibility registers its rules

        sheets.register()
