from django.apps import AppConfig


class BalanceConfig(AppConfig):
    name = "balance"
    verbose_name = "均衡指标"
