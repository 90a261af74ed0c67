from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    """Every kind of job; the app that owns a kind registers its work (jobs.runner.register)."""

    COMMITTEE_PDF = "committee_pdf", _("Table of the superior committee (PDF)")
    COMMITTEE_REPORT = "committee_report", _("Report of the superior committee (PDF)")
    CELL_REPORT = "cell_report", _("Report of the cell (PDF)")
    CELL_BACKUP = "cell_backup", _("Back-up of the cell")
    MEMBER_IMPORT = "member_import", _("Import of members")
    YEAR_IMPORT = "year_import", _("Import of a past year")
    PROVINCE_DATASET = "province_dataset", _("Province data set")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
