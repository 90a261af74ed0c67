from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"

    def ready(self):
        # The worker finds the work of the back-up and the year import here, so that no app below
        # names a module of this one.
        from jobs.choices import JobKind
        from jobs.runner import register

        register(
            JobKind.CELL_BACKUP, runner="operations.jobs.make_cell_backup", permission="members.back_up_cell"
        )
        register(
            JobKind.YEAR_IMPORT, runner="operations.jobs.import_year", permission="operations.import_year"
        )
