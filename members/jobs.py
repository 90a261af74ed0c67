"""The cell's background work (reports.jobs runs it): the back-up and the import of members."""

from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.tmp_storages import MediaStorage

from members import services
from members.backup import export_cell
from members.forms import read_dataset
from members.resources import import_problems
from reports.jobs import JobFailed, JobOutput


def make_cell_backup(job, progress) -> JobOutput:
    progress(0, 1, _("Collecting the records and files of the cell"))
    content = export_cell(job.cell)
    progress(1, 1, _("Done"))
    return JobOutput(
        file_name=f"{job.cell.slug}-{timezone.localdate():%Y%m%d}.zip",
        content=content,
        summary=_("The back-up holds every record, history entry, account and file of the cell."),
    )


def _problem_text(problem: dict) -> str:
    if not problem["line"]:
        return str(problem["message"])
    return _("line %(line)s %(column)s: %(message)s") % problem


def import_members(job, progress) -> JobOutput:
    """The file previewed at step one; it is kept until an import of it succeeds, so that a
    failed import can be retried."""
    parameters = job.parameters
    storage = MediaStorage(name=parameters["name"])
    progress(0, 2, _("Reading the file"))
    try:
        dataset = read_dataset(storage.read(), parameters["format"])
    except FileNotFoundError:
        raise JobFailed(_("The previewed file is gone; upload it again.")) from None
    progress(1, 2, _("Importing %(rows)s rows") % {"rows": len(dataset)})
    result = services.members_import(actor=job.requested_by, cell=job.cell, dataset=dataset, dry_run=False)
    problems = import_problems(result, job.cell)
    if problems:
        raise JobFailed(
            _("Nothing was imported; the file has errors:") + " " + "; ".join(map(_problem_text, problems))
        )
    storage.remove()
    totals = result.totals
    progress(2, 2, _("Done"))
    return JobOutput(
        summary=_("Imported: %(new)s new members, %(updated)s updated, %(skipped)s unchanged.")
        % {"new": totals["new"], "updated": totals["update"], "skipped": totals["skip"]}
    )
