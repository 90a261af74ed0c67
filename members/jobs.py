"""The import of members as background work (jobs.runner runs it), and the purge of its previews."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from jobs.choices import JobKind, JobState
from jobs.models import Job
from jobs.runner import JobFailed, JobOutput, done_before, record_done
from members import import_file
from members.models import Cell
from members.resources import import_problems
from members.services.imports import members_import


def _problem_text(problem: dict) -> str:
    if not problem["line"]:
        return str(problem["message"])
    return _("line %(line)s %(column)s: %(message)s") % problem


# The imports whose file, previewed at step one, waits in import_file's storage for the worker:
# the members' and a past year's (operations.jobs).
PREVIEWED_KINDS = (JobKind.MEMBER_IMPORT, JobKind.YEAR_IMPORT)


def purge_import_previews() -> int:
    """Delete the previewed files older than an hour (they hold personal data), but those of
    imports waiting for the worker or being run by it. Run at every preview, at every
    import, and by the worker an hour after each preview (`purge_import_previews_later`), so
    that a file nobody confirms or cancels is gone within the hour without a cron job."""
    waiting = Job.objects.filter(
        kind__in=PREVIEWED_KINDS, state__in=(JobState.QUEUED, JobState.RUNNING)
    ).values_list("parameters", flat=True)
    return import_file.previews_purge(keep={parameters.get("name") for parameters in waiting})


@task()
def purge_import_previews_later() -> int:
    return purge_import_previews()


def schedule_import_previews_purge() -> None:
    """Have the worker purge the previews just after the one saved now is an hour old."""
    run_after = timezone.now() + import_file.PREVIEW_LIFETIME + timedelta(minutes=1)
    purge_import_previews_later.using(run_after=run_after).enqueue()


def import_members(job, progress) -> JobOutput:
    """The file previewed at step one; it is kept until an import of it succeeds, so that a
    failed import can be retried within the hour. One attempt at a time imports into the cell,
    and an attempt that finds the import done by an earlier one (whose worker died after the
    commit) reports what that one did instead of importing the rows again."""
    parameters = job.parameters
    purge_import_previews()
    with transaction.atomic():
        Cell.objects.select_for_update().get(pk=job.cell_id)
        done = done_before(job)
        if done:
            return JobOutput(summary=done)
        summary = _import(job, progress)
        record_done(job, summary)
    import_file.preview_remove(parameters["name"])
    return JobOutput(summary=summary)


def _import(job, progress) -> str:
    parameters = job.parameters
    progress(0, 1, _("Reading the file"))
    try:
        dataset = import_file.read_member_list(
            import_file.preview_read(parameters["name"]), parameters["format"]
        )
    except FileNotFoundError:
        raise JobFailed(_("The previewed file is gone; upload it again.")) from None

    def row_done(done: int, total: int) -> None:
        progress(done, total, _("Importing the rows: %(done)s of %(total)s") % {"done": done, "total": total})

    result = members_import(
        actor=job.requested_by, cell=job.cell, dataset=dataset, dry_run=False, progress=row_done
    )
    problems = import_problems(result, job.cell, dataset.lines)
    if problems:
        raise JobFailed(
            _("Nothing was imported; the file has errors:") + " " + "; ".join(map(_problem_text, problems))
        )
    totals = result.totals
    progress(len(dataset), len(dataset), _("Done"))
    return _("Imported: %(new)s new members, %(updated)s updated, %(skipped)s unchanged.") % {
        "new": totals["new"],
        "updated": totals["update"],
        "skipped": totals["skip"],
    }
