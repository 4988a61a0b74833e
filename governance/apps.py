from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "治理"

    def ready(self) -> None:
        # Models are ready only now: register the visibility rules, rules and panels.
        from . import (
            panels,  # noqa: F401 - registers the community page's panel
            rules,  # noqa: F401 - registers rules 11, 14, 15 into compliance
            todos,  # noqa: F401 - registers the to-do providers
            visibility,  # noqa: F401 - registers the visibility rules
        )
