from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"

    def ready(self):
        # The worker finds the back-up's work here, so that reports names no module of this app.
        from reports.choices import JobKind
        from reports.jobs import RUNNERS

        RUNNERS[JobKind.CELL_BACKUP] = "operations.jobs.make_cell_backup"
