from django.apps import AppConfig


class BalanceConfig(AppConfig):
    name = "balance"
    verbose_name = "均衡指标"

    def ready(self) -> None:
        # Registers the balance measure the assessment reads (core.measures).
        from . import measures  # noqa: F401 - registers at import
