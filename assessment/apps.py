from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "捆绑考核"

    def ready(self) -> None:
        # Models are ready only now: register the visibility rules, panels and history.
        from . import (
            history,  # noqa: F401 - registers the change trail of schemes
            panels,  # noqa: F401 - registers the growth archive and community page panels
            report_jobs,  # noqa: F401 - registers the batch of community reports (a job)
            report_panels,  # noqa: F401 - registers the report links on the community page
            sheets,
            todos,  # noqa: F401 - registers the scores to enter on the bureau's home page
            visibility,  # noqa: F401 - registers the visibility rules
        )

        sheets.register()  # the Excel import of scores (spreadsheets.registry)
