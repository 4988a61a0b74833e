from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "规则检查"

    def ready(self) -> None:
        # Visibility of the settings, the community page's panel. Feature apps register their
        # rules from their own ready().
        from . import measures, panels, visibility  # noqa: F401 - they register at import
