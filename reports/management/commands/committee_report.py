"""`manage.py committee_report`: the PDF of a superior committee's own report over its cells,
with the default texts and the figures as of its date, as the cells' report commands print
theirs. What the draft still lacks goes to the error stream."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cell05.periods import FIRST_YEAR, LAST_YEAR
from reports.choices import CommitteeSigner, ReportKind
from reports.document.assembly import unsaved_committee_report_document
from reports.management.report_command import (
    add_years_argument,
    checked_span,
    committee_named,
    parse_date,
    write_gaps,
)
from reports.services.printing import pdf_once


class Command(BaseCommand):
    help = (
        "Write the PDF of a superior committee's report on Directive 05 over all its cells, with the "
        "default texts, counted as of the report's date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--committee", required=True, help="the committee's name or id")
        parser.add_argument("--start", type=int, required=True, help="first year, e.g. 2016")
        parser.add_argument("--end", type=int, required=True, help="last year, e.g. 2026")
        parser.add_argument("--output", required=True, help="the PDF file to write")
        parser.add_argument(
            "--date",
            help="the report's date as YYYY-MM-DD (default: 31/12 of the last year); "
            "the figures count what had happened by then",
        )
        parser.add_argument("--number", type=int, default=1, help="the report's number")
        parser.add_argument(
            "--signer", help="the name of who signs (default: the signer of the committee's latest report)"
        )
        parser.add_argument(
            "--deputy", action="store_true", help="a deputy secretary signs for the secretary (K/T BÍ THƯ)"
        )
        add_years_argument(parser)

    def handle(
        self,
        *args,
        committee,
        start,
        end,
        output,
        date=None,
        number=1,
        signer=None,
        deputy=False,
        years=None,
        **options,
    ):
        committee_obj = committee_named(committee)
        if not (FIRST_YEAR <= start <= end <= LAST_YEAR):
            raise CommandError(f"The years must run forward, between {FIRST_YEAR} and {LAST_YEAR}.")
        report_date = parse_date(date) if date else datetime.date(end, 12, 31)
        if report_date.year < end:
            raise CommandError("The report cannot be dated before its last year.")
        document = unsaved_committee_report_document(
            committee_obj,
            kind=ReportKind.YEARLY if start == end else ReportKind.FIVE_YEAR,
            start_year=start,
            end_year=end,
            report_date=report_date,
            number=number,
            signer_name=signer,
            signer_title=CommitteeSigner.DEPUTY if deputy else None,
            span=checked_span(years),
        )
        Path(output).write_bytes(pdf_once(document))
        report = document["report"]
        period = report.period
        self.stdout.write(
            f"{output}: {committee_obj.issuing_name}, {document['figures']['cells_count']} cell(s), "
            f"{period.first_day:%d/%m/%Y}–{period.last_day:%d/%m/%Y} ({report.span} year(s) named), "
            f"dated {report_date:%d/%m/%Y}."
        )
        write_gaps(self.stderr, document["gaps"])
