from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "联合活动"

    def ready(self) -> None:
        # Models are ready only now: register the visibility rules, rules, panels, to-dos, sheets.
        from . import (  # noqa: F401 - they register at import
            jobs,
            panels,
            rules,
            sheets,
            todos,
            visibility,
        )

        sheets.register()

        from .remote import setup as remote_setup  # remote lessons, a package of their own

        remote_setup.register()
