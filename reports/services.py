"""Every change to reports: create, edit, make final, correct by a new version."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cell05.services import require_perm, save_logged
from members.models import Cell
from reports.choices import JobKind, JobState, ReportKind, ReportState, SectionKey
from reports.drafts import DRAFTS
from reports.jobs import run_job
from reports.models import Job, Report, ReportSection

logger = logging.getLogger("cell05.services")

HEADER_FIELDS = (
    "kind",
    "start_year",
    "end_year",
    "number",
    "title",
    "place",
    "report_date",
    "recipients",
    "signer",
    "signer_title",
)


def _check(report: Report) -> None:
    if report.signer.cell_id != report.cell_id:
        raise ValidationError({"signer": _("The signer must be a member of the cell.")})
    if report.kind == ReportKind.YEARLY and report.start_year != report.end_year:
        raise ValidationError({"end_year": _("A yearly report covers one year.")})
    if report.report_date.year < report.end_year:
        raise ValidationError({"report_date": _("The report cannot be dated before its last year.")})


@transaction.atomic
def report_create(*, actor, cell: Cell, data: dict) -> Report:
    """A new report, its sections begun from the drafts that place the figures."""
    require_perm(actor, "reports.manage_reports", cell)
    report = Report(cell=cell, **{field: data[field] for field in HEADER_FIELDS})
    _check(report)
    save_logged(report, actor=actor, action="report.created")
    ReportSection.objects.bulk_create(
        ReportSection(report=report, key=key, text=DRAFTS[key]) for key in SectionKey.values
    )
    return report


def _locked_draft(report: Report) -> Report:
    locked = (
        Report.objects.select_for_update(of=("self",))
        .select_related("cell__committee", "signer")
        .get(pk=report.pk)
    )
    if locked.state == ReportState.FINAL:
        raise ValidationError(_("A final report cannot change; make a new version to correct it."))
    return locked


@transaction.atomic
def report_update(*, actor, report: Report, data: dict, sections: dict[str, str]) -> Report:
    require_perm(actor, "reports.manage_reports", report.cell)
    locked = _locked_draft(report)
    for field in HEADER_FIELDS:
        if field in data:
            setattr(locked, field, data[field])
    _check(locked)
    save_logged(locked, actor=actor, action="report.edited")
    for section in locked.sections.select_for_update():
        if section.key in sections and section.text != sections[section.key]:
            section.text = sections[section.key]
            save_logged(section, actor=actor, action="report.section_edited")
    return locked


@transaction.atomic
def report_finalise(*, actor, report: Report, figures: dict, pdf: bytes) -> Report:
    """Freeze the report with the figures and the PDF it was read with: later changes to the
    records no longer change it."""
    require_perm(actor, "reports.manage_reports", report.cell)
    locked = _locked_draft(report)
    locked.final_figures = figures
    locked.state = ReportState.FINAL
    locked.finalised_at = timezone.now()
    locked.final_pdf.save(f"{locked.number_symbol}.pdf", ContentFile(pdf), save=False)
    save_logged(locked, actor=actor, action="report.finalised")
    return locked


@transaction.atomic
def report_new_version(*, actor, report: Report) -> Report:
    """A corrected report is a new version: a draft copy of the final one, which stays as it was."""
    require_perm(actor, "reports.manage_reports", report.cell)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.state != ReportState.FINAL:
        raise ValidationError(
            _("Only a final report is corrected by a new version; edit this draft instead.")
        )
    if Report.objects.filter(previous=locked).exists():
        raise ValidationError(_("This report already has a newer version."))
    copy = Report(
        cell=locked.cell,
        previous=locked,
        version=locked.version + 1,
        **{field: getattr(locked, field) for field in HEADER_FIELDS},
    )
    save_logged(copy, actor=actor, action="report.new_version")
    ReportSection.objects.bulk_create(
        ReportSection(report=copy, key=section.key, text=section.text) for section in locked.sections.all()
    )
    return copy


# Who may start each kind of job, on what: the job's cell or committee.
JOB_PERMISSIONS = {
    JobKind.COMMITTEE_PDF: "reports.view_committee",
    JobKind.CELL_BACKUP: "members.back_up_cell",
    JobKind.MEMBER_IMPORT: "members.manage_cell",
    JobKind.PROVINCE_DATASET: "reports.build_province",
}


def _enqueue(job: Job) -> None:
    # The task row is written in the same transaction as the job: both or neither.
    run_job.enqueue(str(job.pk), job.attempt)


@transaction.atomic
def job_start(*, actor, kind: str, cell=None, committee=None, parameters=None, language="vi") -> Job:
    """Queue a job for the worker. `actor` is None only for the command line (the operator)."""
    if actor is not None:
        require_perm(actor, JOB_PERMISSIONS[kind], cell or committee)
    job = Job.objects.create(
        kind=kind,
        requested_by=actor,
        cell=cell,
        committee=committee,
        parameters={**(parameters or {}), "language": language},
    )
    _enqueue(job)
    logger.info("job.started by %s: %s %s", actor, kind, job.pk)
    return job


@transaction.atomic
def job_retry(*, actor, job: Job) -> Job:
    """Run a failed (or stalled) job again, from the start, as a new attempt."""
    require_perm(actor, "reports.retry_job", job)
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if locked.state != JobState.FAILED and not locked.is_stalled:
        raise ValidationError(_("Only a failed job can be retried."))
    locked.attempt += 1
    locked.state = JobState.QUEUED
    locked.error = ""
    locked.progress_done = locked.progress_total = 0
    locked.progress_message = ""
    locked.started_at = locked.finished_at = None
    locked.save()
    _enqueue(locked)
    logger.info("job.retried by %s: %s attempt %s", actor, locked.pk, locked.attempt)
    return locked
