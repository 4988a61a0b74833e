from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "spreadsheets"
    verbose_name = "导入导出"

    def ready(self) -> None:
        from . import visibility  # noqa: F401 - registers the visibility rules
