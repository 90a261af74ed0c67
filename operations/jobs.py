"""The back-up of a cell as a background job (jobs.runner runs it; members:cell_backup starts it)."""

import tempfile

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.runner import JobOutput
from operations.backup import write_cell_backup


def make_cell_backup(job, progress) -> JobOutput:
    """The zip is written to a temporary file, not held in memory: a cell's files may be large.
    The file has no name, so nothing is left behind whatever ends the worker."""
    progress(0, 1, _("Collecting the records and files of the cell"))
    spool = tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115 (the runner closes it)
    try:
        write_cell_backup(job.cell, spool)
    except BaseException:
        spool.close()
        raise
    progress(1, 1, _("Done"))
    return JobOutput(
        file_name=f"{job.cell.slug}-{timezone.localdate():%Y%m%d}.zip",
        file=spool,
        summary=_("The back-up holds every record, history entry, account and file of the cell."),
    )
