from django.apps import AppConfig


class ExchangesConfig(AppConfig):
    name = "exchanges"
    verbose_name = "教师交流"

    def ready(self) -> None:
        # Models are ready only now: register the visibility rules, panels, to-dos and sheets.
        from . import (
            rules,  # noqa: F401 - registers the exchange rules into compliance
            visibility,  # noqa: F401 - registers the visibility rules
        )
