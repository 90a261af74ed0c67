"""The printed document of a report, put together: the header, the sections in their parts with
their figures placed, the gaps and prompts, the recipients, the signature, the appendix and the
chart; for a cell's report and for a superior committee's, saved or not (the commands)."""

import hashlib
import json
from datetime import date

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from members.choices import CellRole
from members.models import Cell, SuperiorCommittee
from members.selectors import committee_of
from reports.choices import CommitteeSigner, SectionKey
from reports.document.chart import pledge_chart
from reports.document.committee_texts import (
    committee_default_sections,
    committee_recipients,
    committee_tokens,
)
from reports.document.contents import committee_figures, report_figures
from reports.document.gaps import TO_WRITE_MEANING, gaps, prompts, unwritten
from reports.document.outline import SECTION_ORDER, outline
from reports.document.texts import (
    TO_WRITE,
    default_recipients,
    default_sections,
    default_title,
    entered_sources,
)
from reports.document.tokens import tokens
from reports.document.wording import place_tokens, section_html
from reports.models import CommitteeReport, CommitteeReportSection, Report, ReportSection
from reports.selectors import committee_reports

# A cell's report


def figures_of_report(report: Report) -> dict:
    """The frozen figures of a final report; the live ones of a draft."""
    if report.final_figures is not None:
        return report.final_figures
    return report_figures(report.cell, report.period)


def draft_sections(report: Report) -> list[ReportSection]:
    """The report's sections begun from the drafts, worded for the figures of its period."""
    texts = default_sections(report_figures(report.cell, report.period))
    return [ReportSection(report=report, key=key, text=texts[key]) for key in SectionKey.values]


def unsaved_report_document(
    cell: Cell,
    *,
    kind: str,
    start_year: int,
    end_year: int,
    report_date: date,
    number: int,
    span: int | None = None,
) -> dict:
    """What the commands print: a report with the default texts, naming `span` years (else the
    proposal), signed by the cell's secretary if it has one, recorded nowhere."""
    report = Report(
        cell=cell,
        kind=kind,
        start_year=start_year,
        end_year=end_year,
        number=number,
        place=cell.place,
        report_date=report_date,
        recipients=default_recipients(committee_of(cell, report_date).standing_committee),
        signer=cell.members.current().filter(role=CellRole.SECRETARY).first(),
    )
    report.span = span or report.proposed_span
    report.title = default_title(report.period, kind, report.span)
    return report_document(report, sections=draft_sections(report))


def _committee_gaps(committee: SuperiorCommittee, day: date) -> list[dict]:
    """A committee that could not exist on the document's date (a district after 30/06/2025)
    means the cell's move is not recorded: the report would be addressed to nobody."""
    if committee.existed_on(day):
        return []
    return [
        {
            "section": _("Header"),
            "sentence": committee.issuing_name,
            "meaning": _(
                "the superior committee on the report's date, which no longer existed then: record the "
                "cell's move to the committee it joined (its office or an administrator does it)"
            ),
        }
    ]


def report_tokens(report: Report, figures: dict | None = None) -> dict[str, str]:
    """The value of every token of a cell's report: what its editor shows beside the texts."""
    figures = figures_of_report(report) if figures is None else figures
    standing_committee = committee_of(report.cell, report.report_date).standing_committee
    return tokens(figures, standing_committee=standing_committee, kind=report.kind, span=report.span)


def report_document(report: Report, *, sections=None) -> dict:
    """Everything the preview and the PDF lay out: header, sections with their figures placed,
    the appendix and the chart. `sections` serve a report that is not saved (the command)."""
    figures = figures_of_report(report)
    values = report_tokens(report, figures)
    sections = report.sections.all() if sections is None else sections
    # The superior committee the document is issued under: the one of its own date.
    committee = committee_of(report.cell, report.report_date)
    laid_out = _laid_out(report, sections, values)
    return {
        "report": report,
        "committee": committee,
        "figures": figures,
        "tokens": values,
        **laid_out,
        "gaps": [*_committee_gaps(committee, report.report_date), *laid_out["gaps"]],
        "chart": pledge_chart(figures),
        "as_of": date.fromisoformat(figures["as_of"]),
        "entered_note": entered_sources(figures),
        # The issuer of the header: under the superior committee of the report's date, the
        # cell's name then; the date line's place is the report's, else the cell's.
        "issuer": {
            "superior": committee.name,
            "name": figures["cell"],
            "place": report.place or report.cell.place,
        },
        "signature": {
            "roles": [gettext_lazy("On behalf of the cell"), report.signer_title],
            "name": report.signer.full_name if report.signer else "",
        },
        "appendix": "reports/_report_appendix.html",
    }


# A laid-out report is kept under the hash of all it was made from, so an entry never goes
# stale: a change of a text or of a figure makes another key. A day keeps it for the day's
# previews, edits and prints without filling the cache with old states.
LAID_OUT_SECONDS = 24 * 60 * 60


def _laid_out(report, sections, values: dict[str, str]) -> dict:
    """The sections in their order with their figures placed, the gaps, the recipients: made
    once for each state of the texts and the figures, then read from the cache (opening the
    preview again costs no laying out)."""
    sections = sorted(sections, key=lambda section: SECTION_ORDER.index(section.key))
    made_from = json.dumps(
        [
            # The labels of the sections are in the reader's language.
            translation.get_language(),
            report.recipients,
            # A report of one year draws no lessons (below).
            report.start_year == report.end_year,
            [(section.key, section.text) for section in sections],
            values,
        ],
        sort_keys=True,
    )
    key = f"reports:laid-out:{hashlib.sha256(made_from.encode()).hexdigest()}"
    laid_out = cache.get(key)
    if laid_out is None:
        laid_out = _lay_out(report, sections, values)
        cache.set(key, laid_out, LAID_OUT_SECONDS)
    return laid_out


def _lay_out(report, sections, values: dict[str, str]) -> dict:
    if report.start_year == report.end_year:
        # Lessons are drawn by a review of several years: a text left from before the report
        # became one of a year is neither printed nor asked for.
        sections = [section for section in sections if section.key != SectionKey.LESSONS]
    placed = {section.key: place_tokens(section.text, values).strip() for section in sections}
    laid_out = [
        {
            "key": section.key,
            "label": section.get_key_display(),
            "html": section_html(section.text, values),
        }
        for section in sections
        if section.text.strip()
    ]
    return {
        "sections": laid_out,
        "parts": outline(laid_out),
        "gaps": [
            *gaps([(section.get_key_display(), section.text) for section in sections], values),
            *unwritten({section.key: section.text for section in sections}, values),
        ],
        "prompts": prompts(placed),
        "recipients": [line.strip() for line in report.recipients.splitlines() if line.strip()],
    }


# A superior committee's report


def committee_draft_sections(report: CommitteeReport) -> list[CommitteeReportSection]:
    """The committee's report begun from its drafts, worded for the figures of its period."""
    texts = committee_default_sections(committee_figures(report.committee, report.period))
    return [CommitteeReportSection(report=report, key=key, text=texts[key]) for key in SectionKey.values]


def committee_report_tokens(report: CommitteeReport, figures: dict | None = None) -> dict[str, str]:
    """The value of every token of a committee's report: what its editor shows beside the texts."""
    if figures is None:
        figures = report.final_figures or committee_figures(report.committee, report.period)
    return committee_tokens(figures, committee=report.committee, kind=report.kind, span=report.span)


def _committee_report_gaps(report: CommitteeReport, committee: SuperiorCommittee) -> list[dict]:
    """What the header and the signature of a committee's report still lack: the body it is
    sent to and the signer's name. Either keeps the report from being made final."""
    found = []
    if not committee.superior_name.strip():
        found.append(
            {
                "section": _("Header"),
                "sentence": committee.issuing_name,
                "meaning": _(
                    "the body above the committee, which its details do not name yet: its office "
                    "writes it in the committee's details (e.g. Đảng bộ tỉnh Nghệ An)"
                ),
            }
        )
    if TO_WRITE in report.recipients:
        found.append(
            {
                "section": _("Recipients:"),
                "sentence": " ".join(report.recipients.split()),
                "meaning": TO_WRITE_MEANING,
            }
        )
    if not report.signer_name.strip():
        found.append(
            {
                "section": _("Signature"),
                "sentence": report.signer_title,
                "meaning": _("the name of the comrade who signs the report"),
            }
        )
    return found


def committee_report_document(report: CommitteeReport, *, sections=None, progress=None) -> dict:
    """Everything the preview and the PDF of a committee's report lay out: the sections with
    their figures placed, the gaps, the recipients, the signature on behalf of its Standing
    Committee or of the Party committee, and the appendix of every cell. `sections` serve a
    report that is not saved (the command)."""
    committee = report.committee
    figures = report.final_figures or committee_figures(committee, report.period, progress=progress)
    values = committee_report_tokens(report, figures)
    laid_out = _laid_out(report, report.sections.all() if sections is None else sections, values)
    return {
        "report": report,
        "committee": committee,
        "figures": figures,
        "tokens": values,
        **laid_out,
        "gaps": [*laid_out["gaps"], *_committee_report_gaps(report, committee)],
        # The cells whose figures of some years come from their own reports, each said once.
        "entered_notes": [note for row in figures["cells"] if (note := entered_sources(row, of=row["cell"]))],
        "as_of": date.fromisoformat(figures["as_of"]),
        "issuer": {
            "superior": committee.superior_name,
            "name": committee.issuing_name,
            "place": report.place or committee.place,
        },
        "signature": {"roles": _committee_signer_roles(report), "name": report.signer_name},
        "appendix": "reports/_committee_report_appendix.html",
    }


def _committee_signer_roles(report: CommitteeReport) -> list:
    """The lines above the name (Hướng dẫn 36-HD/VPTW): on behalf of the Standing Committee or of
    the Party committee, by the committee's kind; a deputy signs for the secretary ("K/T BÍ THƯ").
    Lazy: a document is printed in Vietnamese whatever language it was put together in."""
    if report.committee.standing_committee_signs:
        behalf = gettext_lazy("On behalf of the Standing Committee")
    else:
        behalf = gettext_lazy("On behalf of the Party committee")
    deputy = report.signer_title == CommitteeSigner.DEPUTY
    secretary = [pgettext_lazy("signature of a Party document, K/T", "For the secretary")] if deputy else []
    return [behalf, *secretary, report.signer_title]


def unsaved_committee_report_document(
    committee: SuperiorCommittee,
    *,
    kind: str,
    start_year: int,
    end_year: int,
    report_date: date,
    number: int,
    signer_name: str | None = None,
    signer_title: str | None = None,
    span: int | None = None,
) -> dict:
    """What the command prints: the committee's report with the default texts, naming `span`
    years (else the proposal), signed by whom `signer_name` names, else by the signer of its
    latest report; recorded nowhere."""
    last = committee_reports(committee).first()
    report = CommitteeReport(
        committee=committee,
        kind=kind,
        start_year=start_year,
        end_year=end_year,
        number=number,
        place=committee.place,
        report_date=report_date,
        recipients=committee_recipients(committee),
        signer_name=signer_name if signer_name is not None else (last.signer_name if last else ""),
        signer_title=signer_title or (last.signer_title if last else CommitteeSigner.SECRETARY),
    )
    report.span = span or report.proposed_span
    report.title = default_title(report.period, kind, report.span)
    return committee_report_document(report, sections=committee_draft_sections(report))
