from django.apps import AppConfig


class OverviewConfig(AppConfig):
    """The county overview (总览): figures over every app, so it stands above them all."""

    name = "overview"
    verbose_name = "总览"
