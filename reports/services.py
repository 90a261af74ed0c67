"""Every change to reports: create, edit, make final, correct by a new version."""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from cell05 import versions
from cell05.downloads import download_name
from cell05.history import history_rows
from cell05.pdf import html_to_pdf, print_html
from cell05.services import assign, delete_logged, require_perm, save_logged
from cell05.versions import StaleEdit, bump
from cell05.workflow import check_state, move, require_role
from figures.counting.records import first_record_day, year_has_records
from figures.models import COUNTS, EnteredYearFigures
from jobs.choices import JobKind
from jobs.models import Job
from jobs.runner import JobOutput
from jobs.services import job_start
from members.models import Cell, CellMove, SuperiorCommittee
from members.selectors import belongings_of, committee_of
from plans.services.years import register_document_write
from reports import notices
from reports.choices import ReportKind, SectionKey
from reports.document.assembly import (
    committee_draft_sections,
    committee_report_document,
    committee_report_tokens,
    draft_sections,
    report_document,
    report_tokens,
)
from reports.document.committee_texts import committee_recipients
from reports.document.texts import default_recipients, default_title, retitled
from reports.document.wording import TOKEN, place_tokens
from reports.limits import header_errors, placed_section_errors, section_errors
from reports.models import CommitteeDocument, CommitteeReport, CommitteeReportSection, Report, ReportSection
from reports.workflow import workflow_of

logger = logging.getLogger("cell05.services")

# A cell's report or a committee's: the services below serve both.
AnyReport = Report | CommitteeReport

GAPS_REFUSAL = gettext_lazy(
    "Some sentences state a figure that is nothing or are still to be written (see the list above the "
    "report): write them first."
)

HEADER_FIELDS = (
    "kind",
    "start_year",
    "end_year",
    "span",
    "number",
    "title",
    "place",
    "report_date",
    "recipients",
    "signer",
    "signer_title",
)


# What the form of an entered year edits: the report it comes from, then its figures.
ENTERED_FIELDS = ("report_number", "report_date", *COUNTS)


def _header(model, owner: dict, data: dict, fields):
    """A new report from the header's data; the span, left out or empty, is proposed (`_check`)."""
    return model(**owner, **{field: data.get(field) if field == "span" else data[field] for field in fields})


def _check(report) -> None:
    """What a report's header must hold; an empty span is proposed from the years and the date,
    an empty title follows the kind, the period and the span."""
    if getattr(report, "signer", None) is not None and report.signer.cell_id != report.cell_id:
        raise ValidationError({"signer": _("The signer must be a member of the cell.")})
    if report.kind == ReportKind.YEARLY and report.start_year != report.end_year:
        raise ValidationError({"end_year": _("A yearly report covers one year.")})
    if report.report_date.year < report.end_year:
        raise ValidationError({"report_date": _("The report cannot be dated before its last year.")})
    if report.span is None:
        report.span = report.proposed_span
    if not report.title.strip():
        report.title = default_title(report.period, report.kind, report.span)
    if not report.recipients.strip():
        report.recipients = _kind_of(report).recipients(report)
    if errors := header_errors(report):
        raise ValidationError(errors)


def _check_sections(sections: dict[str, str]) -> None:
    """The limits of the texts, for a save that did not come through the form."""
    errors = [
        f"{SectionKey(key).label}: {message}"
        for key, text in sections.items()
        if key in SectionKey.values
        for message in section_errors(text)
    ]
    if errors:
        raise ValidationError(errors)


def _check_placed(report, sections: dict[str, str], values: dict[str, str] | None = None) -> None:
    """The limits of the texts with their figures placed, each refusal naming its section: the
    limits of what is typed alone let a few characters of {token} place hundreds."""
    with_tokens = {
        key: text for key, text in sections.items() if key in SectionKey.values and TOKEN.search(text)
    }
    if not with_tokens:
        return
    values = _kind_of(report).tokens(report) if values is None else values
    errors = [
        f"{SectionKey(key).label}: {message}"
        for key, text in with_tokens.items()
        for message in placed_section_errors(place_tokens(text, values))
    ]
    if errors:
        raise ValidationError(errors)


def _texts(report) -> dict[str, str]:
    return {section.key: section.text for section in report.sections.all()}


@transaction.atomic
def report_create(*, actor, cell: Cell, data: dict) -> Report:
    """A new report, its sections begun from the drafts that place the figures."""
    require_perm(actor, "reports.manage_reports", cell)
    report = _header(Report, {"cell": cell}, data, HEADER_FIELDS)
    _check(report)
    save_logged(report, actor=actor, action="report.created")
    _create_sections(ReportSection, draft_sections(report), actor=actor, action="report.created")
    return report


def _create_sections(model, sections: list, *, actor, action: str) -> None:
    """The sections of a new report, each with its first history entry: the text that a later
    change is compared with when a stale edit is refused (StaleReport)."""
    bulk_create_with_history(sections, model, default_user=actor, default_change_reason=action)


class StaleReport(StaleEdit):
    """A report saved by someone else since the person opened it: what changed meanwhile
    includes its sections, which are saved with it but have histories of their own."""

    def changes(self) -> list[dict]:
        # A cell's report or a committee's: the two models have the same sections and history.
        report: Any = self.current
        rows = super().changes()
        moved_on = (
            type(report)
            .history.filter(id=report.pk, revision__gt=self.seen or 0)
            .order_by("history_date", "history_id")
            .first()
        )
        if moved_on is None:
            return rows
        # The sections saved since the first save after the one the person saw, each compared
        # with its text before that save.
        history = report.sections.model.history
        later = list(
            history.filter(report_id=report.pk, history_date__gte=moved_on.history_date).select_related(
                "history_user"
            )
        )
        before = [
            history.filter(id=section_id, history_date__lt=moved_on.history_date)
            .order_by("-history_date", "-history_id")
            .first()
            for section_id in dict.fromkeys(entry.id for entry in later)
        ]
        sections = history_rows(
            [*filter(None, before), *later],
            report.sections.model,
            subject=lambda entry: entry.get_key_display(),
        )
        for row in sections:
            row["changes"] = [{**change, "field": row["subject"]} for change in row["changes"]]
        return sorted([*rows, *(row for row in sections if row["changes"])], key=lambda row: row["when"])


# The refusals of an action taken on a report in a state it does not start from.
REFUSAL = {
    "edit": gettext_lazy("A final report cannot change; make a new version to correct it."),
    "finalise": gettext_lazy("A final report cannot change; make a new version to correct it."),
    "new_version": gettext_lazy(
        "Only a final report is corrected by a new version; edit this draft instead."
    ),
}


def _locked(report, action: str, *related, actor=None, version: int | None = None):
    """The report's row locked, refused if `actor`'s role may not take the action, if (given the
    revision the person saw) it was saved since, or if its state does not allow the action."""
    table = workflow_of(report)
    if actor is not None:
        require_role(table, action, actor, report)
    try:
        current = versions.locked(report, version, queryset=type(report).objects.select_related(*related))
    except StaleEdit as stale:
        raise StaleReport(stale.current, stale.seen) from None
    check_state(table, action, current, REFUSAL[action])
    return current


def _edit(locked, *, actor, fields, data: dict, sections: dict[str, str], section_change_reason: str) -> None:
    table = workflow_of(locked)
    span, title, followed = locked.span, locked.title, locked.span == locked.proposed_span
    assign(locked, data, fields)
    _follow_span(locked, span=span, title=title, followed=followed)
    _check(locked)
    _check_sections(sections)
    _check_placed(locked, sections)
    bump(locked)
    move(table, "edit", locked)
    save_logged(locked, actor=actor, action=table["edit"].history)
    kept = set()
    for section in locked.sections.select_for_update():
        kept.add(section.key)
        if section.key in sections and section.text != sections[section.key]:
            section.text = sections[section.key]
            save_logged(section, actor=actor, action=section_change_reason)
    # A report begun before a section was added to the outline gains it when the writer fills it in.
    section_model = locked.sections.model
    for key, text in sections.items():
        if key in SectionKey.values and key not in kept and text.strip():
            added = section_model(report=locked, key=key, text=text)
            save_logged(added, actor=actor, action=section_change_reason)


def _follow_span(report, *, span: int, title: str, followed: bool) -> None:
    """The span the report names, after an edit of its header: a span that was the proposal
    follows the years and the date (one the writer set stays), an empty one is proposed again;
    a title left as it was names the new span, as every sentence's token does."""
    if report.span is None or (followed and report.span == span):
        report.span = report.proposed_span
    if report.span != span and report.title == title:
        report.title = retitled(title, span, report.span)


def _freeze(locked, *, actor, document: dict, pdf: bytes) -> None:
    """Keep the figures and the PDF the report was read with: later changes to the records no
    longer change it. A report with a sentence whose figure is nothing is refused."""
    if document["gaps"]:
        raise ValidationError(GAPS_REFUSAL)
    table = workflow_of(locked)
    locked.final_figures = document["figures"]
    move(table, "finalise", locked)
    locked.finalised_at = timezone.now()
    locked.final_pdf.save(f"{locked.number_symbol}.pdf", ContentFile(pdf), save=False)
    bump(locked)
    save_logged(locked, actor=actor, action=table["finalise"].history)


def _freeze_printed(printed, *, related, actor, document: dict, pdf: bytes):
    """Make final a report that the worker printed, with the figures and the PDF it printed,
    unless the report was saved since it was read."""
    with transaction.atomic():
        current = _locked(printed, "finalise", *related)
        if current.revision != printed.revision:
            raise ValidationError(_("The report was edited while it was printed: make it final again."))
        _freeze(current, actor=actor, document=document, pdf=pdf)
    return current


REPORT_RELATED = ("cell__committee", "signer")


@transaction.atomic
def report_update(
    *, actor, report: AnyReport, data: dict, sections: dict[str, str], version: int | None = None
) -> AnyReport:
    """Save the header and the texts of a cell's or a committee's report; with `version`, the
    revision the person saw, a report saved since is refused (StaleReport) and nothing is saved."""
    kind = _kind_of(report)
    locked = _locked(report, "edit", *kind.related, actor=actor, version=version)
    _edit(
        locked,
        actor=actor,
        fields=kind.fields,
        data=data,
        sections=sections,
        section_change_reason=f"{kind.prefix}.section_edited",
    )
    return locked


@transaction.atomic
def report_finalise(*, actor, report: AnyReport) -> AnyReport:
    """Make the report, a cell's or a committee's, final with the figures and the PDF as they
    are now, laid out here (the commands and the tests); the report's page asks the worker
    (`report_print`)."""
    kind = _kind_of(report)
    locked = _locked(report, "finalise", *kind.related, actor=actor)
    document = kind.document(locked, lambda *args: None)
    _freeze(locked, actor=actor, document=document, pdf=pdf_once(kind.template, document))
    if kind.told is not None:
        kind.told(locked)
    return locked


@transaction.atomic
def report_new_version(*, actor, report: AnyReport) -> AnyReport:
    """A corrected report, a cell's or a committee's, is a new version: a draft copy of the final
    one, which stays as it was."""
    kind = _kind_of(report)
    locked = _locked(report, "new_version", actor=actor)
    model = type(locked)
    history = workflow_of(locked)["new_version"].history
    if model.objects.filter(previous=locked).exists():
        raise ValidationError(_("This report already has a newer version."))
    copy = model(
        previous=locked,
        version=locked.version + 1,
        **{kind.owner: getattr(locked, kind.owner)},
        **{field: getattr(locked, field) for field in kind.fields},
    )
    save_logged(copy, actor=actor, action=history)
    section_model = locked.sections.model
    _create_sections(
        section_model,
        [section_model(report=copy, key=section.key, text=section.text) for section in locked.sections.all()],
        actor=actor,
        action=history,
    )
    return copy


# The superior committee's own report over its cells

COMMITTEE_HEADER_FIELDS = (
    "kind",
    "start_year",
    "end_year",
    "span",
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
    report = _header(CommitteeReport, {"committee": committee}, data, COMMITTEE_HEADER_FIELDS)
    _check(report)
    save_logged(report, actor=actor, action="committee_report.created")
    sections = committee_draft_sections(report)
    _create_sections(CommitteeReportSection, sections, actor=actor, action="committee_report.created")
    return report


@transaction.atomic
def committee_document_save(
    *,
    actor,
    committee: SuperiorCommittee,
    data: dict,
    document: CommitteeDocument | None = None,
    version: int | None = None,
) -> CommitteeDocument:
    """A document of the committee's register, recorded or corrected by its office, as a cell's
    (plans.services.years.document_save)."""
    require_perm(actor, "reports.manage_committee_reports", committee)
    if document is None:
        document, action = CommitteeDocument(committee=committee), "document.created"
    else:
        document = versions.locked_in(document, version, committee=committee)
        action = "document.updated"
    return register_document_write(document, data, actor=actor, action=action)


@dataclass(frozen=True)
class _Kind:
    """What a cell's report and a committee's differ by in their writes; the services are
    written once, for both."""

    model: type[Report] | type[CommitteeReport]
    owner: str
    # The header the form edits, copied into a new version.
    fields: tuple[str, ...]
    # What the document reads beside the report, fetched (and locked) with it.
    related: tuple[str, ...]
    # The prefix of the history entries of its sections.
    prefix: str
    job: str
    template: str
    # The worker's steps, the document it lays out (telling its progress) and what its page says.
    steps: Callable[[Any], int]
    document: Callable[[Any, Callable], dict]
    summary: Callable[[Any, dict], str]
    # Whom a report made final is told, if anyone.
    told: Callable[[Any], None] | None
    # The value of every token of its texts, and whom it is sent to when the writer names nobody.
    tokens: Callable[[Any], dict[str, str]]
    recipients: Callable[[Any], str]


def _cell_document(report: Report, progress) -> dict:
    progress(0, 2, _("Counting the figures"))
    return report_document(report)


def _cell_summary(report: Report, document: dict) -> str:
    period = report.period
    return f"{report.number_symbol}: {period.first_day:%d/%m/%Y}–{period.last_day:%d/%m/%Y}"


def _committee_steps(report: CommitteeReport) -> int:
    return len(report.period.years) + 1


def _committee_document(report: CommitteeReport, progress) -> dict:
    """The document over every cell, its progress told year by year."""
    steps = _committee_steps(report)

    def counted(done, _total, year):
        progress(done, steps, _("Counting the figures of %(year)s") % {"year": year})

    return committee_report_document(report, progress=counted)


def _committee_summary(report: CommitteeReport, document: dict) -> str:
    return _("%(cells)s cells, %(first)s–%(last)s.") % {
        "cells": document["figures"]["cells_count"],
        "first": report.period.first_day.strftime("%d/%m/%Y"),
        "last": report.period.last_day.strftime("%d/%m/%Y"),
    }


CELL_REPORT = _Kind(
    model=Report,
    owner="cell",
    fields=HEADER_FIELDS,
    related=REPORT_RELATED,
    prefix="report",
    job=JobKind.CELL_REPORT,
    template="reports/report_print.html",
    steps=lambda report: 2,
    document=_cell_document,
    summary=_cell_summary,
    told=notices.report_finalised,
    tokens=report_tokens,
    # The Standing Committee of the superior committee of the report's date.
    recipients=lambda report: default_recipients(
        committee_of(report.cell, report.report_date).standing_committee
    ),
)
COMMITTEE_REPORT = _Kind(
    model=CommitteeReport,
    owner="committee",
    fields=COMMITTEE_HEADER_FIELDS,
    related=("committee",),
    prefix="committee_report",
    job=JobKind.COMMITTEE_REPORT,
    template="reports/report_print.html",
    steps=_committee_steps,
    document=_committee_document,
    summary=_committee_summary,
    told=None,
    tokens=committee_report_tokens,
    recipients=lambda report: committee_recipients(report.committee),
)
KINDS = (CELL_REPORT, COMMITTEE_REPORT)


def _kind_of(report: AnyReport) -> _Kind:
    return next(kind for kind in KINDS if type(report) is kind.model)


def report_print_start(*, actor, report: AnyReport, final: bool, language: str = "vi", back: str = "") -> Job:
    """Ask the worker for the PDF of a cell's or a committee's report (with `final`, to make it
    final with it). Refused, naming the section, when a text with its figures placed is over the
    limits. A report is printed once at a time: asked again while its print waits or runs, the
    same job is returned, whoever asks."""
    _check_placed(report, _texts(report))
    kind = _kind_of(report)
    return job_start(
        actor=actor,
        kind=kind.job,
        parameters={"report": report.pk, "final": final},
        language=language,
        back=back,
        join=True,
        **{kind.owner: getattr(report, kind.owner)},
    )


def report_print(job: Job, progress) -> JobOutput:
    """The worker's part of a cell's or a committee's report: its PDF; with `final`, the report
    is then made final with these figures and this PDF, unless it was saved meanwhile. A
    sentence whose figure is nothing makes the job fail and say so."""
    kind = next(kind for kind in KINDS if kind.job == job.kind)
    report = kind.model.objects.select_related(*kind.related).get(
        pk=job.parameters["report"], **{kind.owner: getattr(job, kind.owner)}
    )
    final = job.parameters.get("final", False)
    if final:
        require_role(workflow_of(report), "finalise", job.requested_by, report)
    steps = kind.steps(report)
    document = kind.document(report, progress)
    # A text saved before its figures grew (or before this check) is not laid out either.
    _check_placed(report, _texts(report), document["tokens"])
    progress(steps - 1, steps, _("Laying out the PDF"))
    pdf = pdf_once(kind.template, document)
    if final:
        _freeze_printed(report, related=kind.related, actor=job.requested_by, document=document, pdf=pdf)
        if kind.told is not None:
            kind.told(report)
    # The last step is always written: the job's page says it is done, not the last year counted.
    progress(steps, steps, _("Done"))
    return JobOutput(
        file_name=download_name(report.file_title, "pdf"),
        content=pdf,
        summary=kind.summary(report, document),
    )


# A PDF is kept under the hash of its HTML, which holds all that it shows: the same state of a
# report is laid out once (the worker's print, then making it final), a changed one again.
PDF_SECONDS = 24 * 60 * 60


def pdf_once(template_name: str, document: dict) -> bytes:
    """The PDF of a report's document, from the cache when this HTML was laid out before."""
    html = print_html(template_name, document)
    key = f"reports:pdf:{hashlib.sha256(html.encode()).hexdigest()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = html_to_pdf(html)
        cache.set(key, pdf, PDF_SECONDS)
    return pdf


def report_pdf(document: dict) -> bytes:
    return pdf_once(CELL_REPORT.template, document)


# The cell's superior committee over time: each act is a move (members.models.CellMove).


def _check_belonging(committee: SuperiorCommittee, first_day, last_day) -> None:
    """A committee holds a cell only on days a committee of its kind existed."""
    for day in (first_day, last_day):
        if day is not None and not committee.existed_on(day):
            raise ValidationError(
                _(
                    "%(committee)s could not hold the cell on %(day)s: the district-level committees "
                    "ended on 30/06/2025, and the special zones began on 01/07/2025."
                )
                % {"committee": committee.issuing_name, "day": f"{day:%d/%m/%Y}"}
            )


def _record_move(*, actor, cell: Cell, from_committee, to_committee, moved_on) -> CellMove:
    move = CellMove(cell=cell, from_committee=from_committee, to_committee=to_committee, moved_on=moved_on)
    save_logged(move, actor=actor, action="cell.moved")
    return move


@transaction.atomic
def cell_move(*, actor, cell: Cell, committee: SuperiorCommittee, moved_on) -> CellMove:
    """The cell moves under `committee` from the day `moved_on`: its documents dated before it
    stay addressed to the committee it leaves, whose office reads it up to the day before."""
    require_perm(actor, "members.move_cell_to", committee)
    cell = Cell.objects.select_for_update().select_related("committee").get(pk=cell.pk)
    if committee.pk == cell.committee_id:
        raise ValidationError(_("The cell already belongs to this committee."))
    if moved_on > timezone.localdate():
        raise ValidationError(
            {"moved_on": _("A move is recorded once it has happened: this day is in the future.")}
        )
    since = belongings_of(cell)[-1].first_day
    if since is not None and moved_on <= since:
        raise ValidationError(
            {
                "moved_on": _(
                    "The cell has belonged to %(committee)s since %(day)s: it moves after that day."
                )
                % {"committee": cell.committee.issuing_name, "day": f"{since:%d/%m/%Y}"}
            }
        )
    first = first_record_day(cell)
    if first is not None and moved_on <= first:
        raise ValidationError(
            {
                "moved_on": _(
                    "The cell's records begin on %(day)s: a move on or before that day would leave "
                    "%(committee)s none of them. Record the committee it belonged to before instead."
                )
                % {"day": f"{first:%d/%m/%Y}", "committee": cell.committee.issuing_name}
            }
        )
    _check_belonging(cell.committee, None, moved_on - timedelta(days=1))
    _check_belonging(committee, moved_on, timezone.localdate())
    move = _record_move(
        actor=actor, cell=cell, from_committee=cell.committee, to_committee=committee, moved_on=moved_on
    )
    cell.committee = committee
    save_logged(cell, actor=actor, action="cell.moved", update_fields=["committee"], clean=False)
    return move


@transaction.atomic
def cell_former_committee_add(*, actor, cell: Cell, committee: SuperiorCommittee, last_day) -> CellMove:
    """The committee the cell belonged to up to `last_day`, before every move recorded: the
    past of a cell that begins to use the program (its documents of those days are addressed
    to that committee)."""
    require_perm(actor, "members.record_former_committee", cell)
    cell = Cell.objects.select_for_update().select_related("committee").get(pk=cell.pk)
    earliest = belongings_of(cell)[0]
    if earliest.committee.pk == committee.pk:
        raise ValidationError({"committee": _("The cell already belonged to this committee on that day.")})
    if last_day >= timezone.localdate():
        raise ValidationError({"last_day": _("This day has not passed yet.")})
    if earliest.last_day is not None and last_day >= earliest.last_day:
        raise ValidationError(
            {
                "last_day": _("The cell belonged to %(committee)s until %(day)s: give an earlier day.")
                % {"committee": earliest.committee.issuing_name, "day": f"{earliest.last_day:%d/%m/%Y}"}
            }
        )
    _check_belonging(committee, last_day, None)
    _check_belonging(earliest.committee, last_day + timedelta(days=1), None)
    return _record_move(
        actor=actor,
        cell=cell,
        from_committee=committee,
        to_committee=earliest.committee,
        moved_on=last_day + timedelta(days=1),
    )


# The figures of years without records, entered from the cell's reports


@transaction.atomic
def entered_figures_save(
    *, actor, cell: Cell, year: int, data: dict, version: int | None = None
) -> EnteredYearFigures:
    """Enter, or correct, the figures that the cell reported for a year it holds no records of,
    with the number and date of that report. Refused for a year with records, and for figures
    that contradict each other (EnteredYearFigures.clean)."""
    require_perm(actor, "reports.manage_entered_figures", cell)
    # The cell's row is locked so that records of the year (an import) cannot arrive between
    # the check below and the save.
    Cell.objects.select_for_update().filter(pk=cell.pk).first()
    if year_has_records(cell, year):
        raise ValidationError(
            _("The cell holds records of %(year)s: its figures are counted from them, not entered.")
            % {"year": year}
        )
    current = EnteredYearFigures.objects.filter(cell=cell, year=year).first()
    if current is None:
        figures, action = EnteredYearFigures(cell=cell, year=year), "entered_figures.created"
    else:
        figures = versions.locked_in(current, version, cell=cell)
        action = "entered_figures.updated"
    assign(figures, data, ENTERED_FIELDS)
    bump(figures)
    save_logged(figures, actor=actor, action=action)
    return figures


@transaction.atomic
def entered_figures_remove(*, actor, cell: Cell, year: int, version: int | None = None) -> None:
    """Remove the figures entered for a year: its figures are then counted from records alone."""
    require_perm(actor, "reports.manage_entered_figures", cell)
    current = EnteredYearFigures.objects.filter(cell=cell, year=year).first()
    if current is None:
        raise ValidationError(_("No figures were entered for %(year)s.") % {"year": year})
    figures = versions.locked_in(current, version, cell=cell)
    delete_logged(figures, actor=actor, action="entered_figures.removed")
    logger.info("entered_figures.removed by %s on cell #%s, %s", actor, cell.pk, year)
