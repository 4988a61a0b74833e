from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "spreadsheets"
    verbose_name = "导入导出"

    def ready(self) -> None:
        from . import (
            jobs,  # noqa: F401 - registers the import and export job handlers
            todos,  # noqa: F401 - registers the imports waiting for confirmation
        )
