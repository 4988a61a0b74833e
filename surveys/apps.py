from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "满意度调查"

    def ready(self) -> None:
        # Models are ready only now: register the visibility rules, history, measure, to-dos.
        from . import (  # noqa: F401 - they register at import
            history,
            measures,
            todos,
            visibility,
        )
