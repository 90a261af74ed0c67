"""Every change to reports: create, edit, make final, correct by a new version."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cell05.services import require_perm, save_logged
from members.models import Cell, SuperiorCommittee
from reports.choices import JobKind, JobState, ReportKind, ReportState
from reports.drafts import default_title
from reports.jobs import JobOutput, run_job
from reports.models import CommitteeReport, CommitteeReportSection, Job, Report, ReportSection
from reports.pdf import ascii_filename, render_pdf
from reports.selectors import (
    committee_draft_sections,
    committee_report_document,
    draft_sections,
    report_document,
)

logger = logging.getLogger("cell05.services")

GAPS_REFUSAL = gettext_lazy(
    "Some sentences state a figure that is nothing (see the list above the report): write them in words."
)

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


def _check(report) -> None:
    """What a report's header must hold; an empty title follows the kind and the period."""
    if getattr(report, "signer", None) is not None and report.signer.cell_id != report.cell_id:
        raise ValidationError({"signer": _("The signer must be a member of the cell.")})
    if report.kind == ReportKind.YEARLY and report.start_year != report.end_year:
        raise ValidationError({"end_year": _("A yearly report covers one year.")})
    if report.report_date.year < report.end_year:
        raise ValidationError({"report_date": _("The report cannot be dated before its last year.")})
    if not report.title.strip():
        report.title = default_title(report.period, report.kind)


@transaction.atomic
def report_create(*, actor, cell: Cell, data: dict) -> Report:
    """A new report, its sections begun from the drafts that place the figures."""
    require_perm(actor, "reports.manage_reports", cell)
    report = Report(cell=cell, **{field: data[field] for field in HEADER_FIELDS})
    _check(report)
    save_logged(report, actor=actor, action="report.created")
    ReportSection.objects.bulk_create(draft_sections(report))
    return report


def _locked_draft(model, pk: int, *related):
    locked = model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=pk)
    if locked.state == ReportState.FINAL:
        raise ValidationError(_("A final report cannot change; make a new version to correct it."))
    return locked


def _edit(locked, *, actor, fields, data: dict, sections: dict[str, str], prefix: str) -> None:
    for field in fields:
        if field in data:
            setattr(locked, field, data[field])
    _check(locked)
    save_logged(locked, actor=actor, action=f"{prefix}.edited")
    for section in locked.sections.select_for_update():
        if section.key in sections and section.text != sections[section.key]:
            section.text = sections[section.key]
            save_logged(section, actor=actor, action=f"{prefix}.section_edited")


def _freeze(locked, *, actor, document: dict, pdf: bytes, prefix: str) -> None:
    """Keep the figures and the PDF the report was read with: later changes to the records no
    longer change it. A report with a sentence whose figure is nothing is refused."""
    if document["gaps"]:
        raise ValidationError(GAPS_REFUSAL)
    locked.final_figures = document["figures"]
    locked.state = ReportState.FINAL
    locked.finalised_at = timezone.now()
    locked.final_pdf.save(f"{locked.number_symbol}.pdf", ContentFile(pdf), save=False)
    save_logged(locked, actor=actor, action=f"{prefix}.finalised")


def _new_version(locked, *, actor, fields, owner: str, prefix: str):
    """A corrected report is a new version: a draft copy of the final one, which stays as it was."""
    model = type(locked)
    if locked.state != ReportState.FINAL:
        raise ValidationError(
            _("Only a final report is corrected by a new version; edit this draft instead.")
        )
    if model.objects.filter(previous=locked).exists():
        raise ValidationError(_("This report already has a newer version."))
    copy = model(
        previous=locked,
        version=locked.version + 1,
        **{owner: getattr(locked, owner)},
        **{field: getattr(locked, field) for field in fields},
    )
    save_logged(copy, actor=actor, action=f"{prefix}.new_version")
    section_model = locked.sections.model
    section_model.objects.bulk_create(
        section_model(report=copy, key=section.key, text=section.text) for section in locked.sections.all()
    )
    return copy


@transaction.atomic
def report_update(*, actor, report: Report, data: dict, sections: dict[str, str]) -> Report:
    require_perm(actor, "reports.manage_reports", report.cell)
    locked = _locked_draft(Report, report.pk, "cell__committee", "signer")
    _edit(locked, actor=actor, fields=HEADER_FIELDS, data=data, sections=sections, prefix="report")
    return locked


@transaction.atomic
def report_finalise(*, actor, report: Report) -> Report:
    """Make the report final with the figures and the PDF as they are now."""
    require_perm(actor, "reports.manage_reports", report.cell)
    locked = _locked_draft(Report, report.pk, "cell__committee", "signer")
    document = report_document(locked)
    _freeze(locked, actor=actor, document=document, pdf=report_pdf(document), prefix="report")
    return locked


@transaction.atomic
def report_new_version(*, actor, report: Report) -> Report:
    require_perm(actor, "reports.manage_reports", report.cell)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    return _new_version(locked, actor=actor, fields=HEADER_FIELDS, owner="cell", prefix="report")


# The superior committee's own report over its cells

COMMITTEE_HEADER_FIELDS = (
    "kind",
    "start_year",
    "end_year",
    "number",
    "title",
    "place",
    "report_date",
    "recipients",
    "signer_name",
    "signer_title",
)


@transaction.atomic
def committee_report_create(*, actor, committee: SuperiorCommittee, data: dict) -> CommitteeReport:
    """The committee's report, its sections begun from the drafts over its cells' figures."""
    require_perm(actor, "reports.manage_committee_reports", committee)
    report = CommitteeReport(committee=committee, **{field: data[field] for field in COMMITTEE_HEADER_FIELDS})
    _check(report)
    save_logged(report, actor=actor, action="committee_report.created")
    CommitteeReportSection.objects.bulk_create(committee_draft_sections(report))
    return report


@transaction.atomic
def committee_report_update(
    *, actor, report: CommitteeReport, data: dict, sections: dict[str, str]
) -> CommitteeReport:
    require_perm(actor, "reports.manage_committee_reports", report.committee)
    locked = _locked_draft(CommitteeReport, report.pk, "committee")
    _edit(
        locked,
        actor=actor,
        fields=COMMITTEE_HEADER_FIELDS,
        data=data,
        sections=sections,
        prefix="committee_report",
    )
    return locked


@transaction.atomic
def committee_report_new_version(*, actor, report: CommitteeReport) -> CommitteeReport:
    require_perm(actor, "reports.manage_committee_reports", report.committee)
    locked = CommitteeReport.objects.select_for_update().get(pk=report.pk)
    return _new_version(
        locked, actor=actor, fields=COMMITTEE_HEADER_FIELDS, owner="committee", prefix="committee_report"
    )


def committee_report_print(job: Job, progress) -> JobOutput:
    """The worker's part of a committee's report: its PDF over every cell; with `final`, the
    report is then made final with these figures and this PDF, unless it changed meanwhile."""
    report = CommitteeReport.objects.select_related("committee").get(
        pk=job.parameters["report"], committee=job.committee
    )
    final = job.parameters.get("final", False)
    if final:
        require_perm(job.requested_by, "reports.manage_committee_reports", report.committee)
    steps = len(report.period.years) + 1

    def counted(done, _total, year):
        progress(done, steps, _("Counting the figures of %(year)s") % {"year": year})

    document = committee_report_document(report, progress=counted)
    progress(steps - 1, steps, _("Laying out the PDF"))
    pdf = render_pdf("reports/committee_report_print.html", document)
    if final:
        read = {section.key: section.text for section in report.sections.all()}
        with transaction.atomic():
            locked = _locked_draft(CommitteeReport, report.pk, "committee")
            if {section.key: section.text for section in locked.sections.all()} != read:
                raise ValidationError(_("The report was edited while it was printed: make it final again."))
            _freeze(locked, actor=job.requested_by, document=document, pdf=pdf, prefix="committee_report")
    summary = _("%(cells)s cells, %(first)s–%(last)s.") % {
        "cells": document["figures"]["cells_count"],
        "first": report.period.first_day.strftime("%d/%m/%Y"),
        "last": report.period.last_day.strftime("%d/%m/%Y"),
    }
    return JobOutput(
        file_name=ascii_filename(f"{report.number_symbol} v{report.version}"), content=pdf, summary=summary
    )


def report_pdf(document: dict) -> bytes:
    return render_pdf("reports/report_print.html", document)


# Who may start each kind of job, on what: the job's cell or committee.
JOB_PERMISSIONS = {
    JobKind.COMMITTEE_PDF: "reports.view_committee",
    JobKind.COMMITTEE_REPORT: "reports.manage_committee_reports",
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
