from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = "教共体"

    def ready(self) -> None:
        from schools import placement

        from . import selectors, sheets, visibility  # noqa: F401 - visibility registers its rules

        placement.provide(selectors.SCHOOL_PLACEMENT)
        sheets.register()
