from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Below django-tasks' default of 0: a queued PDF is taken after any queued short work.
PRINT_PRIORITY = -10


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from jobs.choices import JobKind
        from jobs.runner import register

        # Laying out a report at every limit of reports/limits.py takes about 30 s on a laptop;
        # a committee's report or table adds its cells. The PDFs wait behind the short work of
        # the queue (imports, back-ups, reminders): PRINT_PRIORITY.
        register(
            JobKind.COMMITTEE_PDF,
            runner="reports.jobs.make_committee_pdf",
            permission="reports.view_committee",
            time_limit=300,
            priority=PRINT_PRIORITY,
        )
        register(
            JobKind.COMMITTEE_REPORT,
            runner="reports.services.printing.report_print",
            permission="reports.manage_committee_reports",
            time_limit=300,
            priority=PRINT_PRIORITY,
        )
        register(
            JobKind.CELL_REPORT,
            runner="reports.services.printing.report_print",
            permission="reports.view_reports",
            time_limit=180,
            priority=PRINT_PRIORITY,
        )
