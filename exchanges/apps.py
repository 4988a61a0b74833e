from django.apps import AppConfig


class ExchangesConfig(AppConfig):
    name = "exchanges"
    verbose_name = "教师交流"

    def ready(self) -> None:
        # Models are ready only now: register the visibility rules, the panels on the school
        # and teacher pages, the to-do providers and the spreadsheet kinds.
        from . import measures, panels, rules, sheets, todos, visibility  # noqa: F401 - they register themselves

        sheets.register()
