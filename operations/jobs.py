"""The back-up of a cell as a background job (jobs.runner runs it; members:cell_backup starts it)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.runner import JobOutput
from operations.backup import export_cell


def make_cell_backup(job, progress) -> JobOutput:
    progress(0, 1, _("Collecting the records and files of the cell"))
    content = export_cell(job.cell)
    progress(1, 1, _("Done"))
    return JobOutput(
        file_name=f"{job.cell.slug}-{timezone.localdate():%Y%m%d}.zip",
        content=content,
        summary=_("The back-up holds every record, history entry, account and file of the cell."),
    )
