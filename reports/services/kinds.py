"""What a cell's report and a committee's differ by in their writes: the services of `editing`
and `printing` are written once, for both."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from jobs.choices import JobKind
from members.selectors import committee_of
from reports import notices
from reports.document.assembly import (
    committee_report_document,
    committee_report_tokens,
    report_document,
    report_tokens,
)
from reports.document.committee_texts import committee_recipients
from reports.document.texts import default_recipients
from reports.models import CommitteeReport, Report

# A cell's report or a committee's: the services below serve both.
AnyReport = Report | CommitteeReport

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


REPORT_RELATED = ("cell__committee", "signer")


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
    steps=_committee_steps,
    document=_committee_document,
    summary=_committee_summary,
    told=None,
    tokens=committee_report_tokens,
    recipients=lambda report: committee_recipients(report.committee),
)
KINDS = (CELL_REPORT, COMMITTEE_REPORT)


def kind_of(report: AnyReport) -> _Kind:
    return next(kind for kind in KINDS if type(report) is kind.model)
