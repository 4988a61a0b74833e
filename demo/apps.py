from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo county 示范县: built from every app, so it stands above them all."""

    name = "demo"
    verbose_name = "演示数据"
