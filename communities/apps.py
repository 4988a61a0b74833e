from django.apps import AppConfig

from schools import placement


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = "教共体"

    def ready(self) -> None:
        # Models are ready only now: register the visibility rules, the school pages' view of
        # communities and the spreadsheet kinds.
        from . import (  # noqa: F401 - visibility and history register their rules
            history,
            selectors,
            sheets,
            visibility,
        )

        placement.provide(selectors.SCHOOL_PLACEMENT)
        sheets.register()
