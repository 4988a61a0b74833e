from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "联合活动"

    def ready(self) -> None:
        # Models are ready only now: register the visibility rules, rules, panels, to-dos, sheets,
        # measures, and the resource library's rules, panel, history and admin.
        from . import (  # noqa: F401 - they register at import
            jobs,
            measures,
            panels,
            rules,
            sheets,
            todos,
            visibility,
        )
        from .library import admin, history  # noqa: F401
        from .library import panels as library_panels  # noqa: F401
        from .library import visibility as library_visibility  # noqa: F401

        sheets.register()

        from .remote import setup as remote_setup  # remote lessons, a package of their own

        remote_setup.register()
