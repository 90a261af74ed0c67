"""The back-up of a cell and the import of a past year as background jobs (jobs.runner runs
them; members:cell_backup and operations:year_import_confirm start them)."""

import tempfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.runner import JobFailed, JobOutput, done_before, record_done
from members import import_file
from members.jobs import purge_import_previews
from members.models import Cell
from operations.backup import write_cell_backup
from operations.services import YearImportRefused, created_summary, year_import_run


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


def import_year(job, progress) -> JobOutput:
    """The file previewed at step one, kept until an import of it succeeds, so that a failed
    import can be retried within the hour. One attempt at a time imports into the cell, and an
    attempt that finds the import done by an earlier one (whose worker died after the commit)
    reports what that one did instead of importing again."""
    parameters = job.parameters
    purge_import_previews()
    with transaction.atomic():
        Cell.objects.select_for_update().get(pk=job.cell_id)
        done = done_before(job)
        if done:
            return JobOutput(summary=done)
        progress(0, 1, _("Reading the file"))
        try:
            content = import_file.preview_read(parameters["name"])
        except FileNotFoundError:
            raise JobFailed(_("The previewed file is gone; upload it again.")) from None

        def step_done(done: int, total: int) -> None:
            progress(
                done,
                total,
                _("Importing the records: step %(done)s of %(total)s") % {"done": done, "total": total},
            )

        try:
            plan = year_import_run(
                actor=job.requested_by,
                cell=job.cell,
                year=parameters["year"],
                content=content,
                file_format=parameters["format"],
                file_name=parameters["file_name"],
                progress=step_done,
            )
        except YearImportRefused as refused:
            raise JobFailed(
                _("Nothing was imported; the file has errors:") + " " + "; ".join(refused.messages)
            ) from None
        summary = created_summary(plan)
        record_done(job, summary)
    import_file.preview_remove(parameters["name"])
    return JobOutput(summary=summary)
