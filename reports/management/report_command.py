"""What the report commands share: the cell or the committee, the date, the output, and what
the draft lacks."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cell05.periods import FIRST_YEAR, LAST_YEAR
from members.models import Cell, SuperiorCommittee
from reports.document.assembly import unsaved_report_document
from reports.services.printing import pdf_once


class ReportCommand(BaseCommand):
    kind: str

    def add_period_arguments(self, parser):
        raise NotImplementedError

    def years(self, options) -> tuple[int, int]:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("--cell", required=True, help="the cell's slug")
        self.add_period_arguments(parser)
        parser.add_argument("--output", required=True, help="the PDF file to write")
        parser.add_argument(
            "--date",
            help="the report's date as YYYY-MM-DD (default: 31/12 of the last year); "
            "the figures count what had happened by then",
        )
        parser.add_argument("--number", type=int, default=1, help="the report's number")
        add_years_argument(parser)

    def handle(self, *args, cell, output, date=None, number=1, years=None, **options):
        try:
            cell_obj = Cell.objects.select_related("committee").get(slug=cell)
        except Cell.DoesNotExist:
            raise CommandError(f"No cell with the slug {cell!r}.") from None
        first, last = self.years(options)
        if not (FIRST_YEAR <= first <= last <= LAST_YEAR):
            raise CommandError(f"The years must run forward, between {FIRST_YEAR} and {LAST_YEAR}.")
        report_date = parse_date(date) if date else datetime.date(last, 12, 31)
        if report_date.year < last:
            raise CommandError("The report cannot be dated before its last year.")
        document = unsaved_report_document(
            cell_obj,
            kind=self.kind,
            start_year=first,
            end_year=last,
            report_date=report_date,
            number=number,
            span=checked_span(years),
        )
        Path(output).write_bytes(pdf_once(document))
        report = document["report"]
        period = report.period
        self.stdout.write(
            f"{output}: {cell_obj.name}, {period.first_day:%d/%m/%Y}–{period.last_day:%d/%m/%Y} "
            f"({report.span} year(s) named), dated {report_date:%d/%m/%Y}."
        )
        if document["report"].signer is None:
            self.stderr.write(
                "The cell has no secretary: the signature's name is left to be written by hand."
            )
        write_gaps(self.stderr, document["gaps"])


def add_years_argument(parser) -> None:
    parser.add_argument(
        "--years",
        type=int,
        help="the years a review names, from 1 to 50, as in “Tổng kết 10 năm” (default: the year of "
        "its date minus its first year)",
    )


def checked_span(years: int | None) -> int | None:
    if years is not None and not 1 <= years <= 50:
        raise CommandError(f"--years must be from 1 to 50, not {years}.")
    return years


def write_gaps(stderr, gaps: list[dict]) -> None:
    """What a printed report still lacks, one line each, as the preview lists it."""
    for gap in gaps:
        if gap.get("unwritten"):
            where = f"Still to write in “{gap['section']}”, {gap['meaning']}"
            stderr.write(f"{where}: {gap['sentence']}" if gap["sentence"] else f"{where}.")
        else:
            stderr.write(f"Nothing to state for {gap['meaning']} in “{gap['section']}”: {gap['sentence']}")


def parse_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {text!r}.") from None


def committee_named(value: str) -> SuperiorCommittee:
    """A committee by its name ("Đảng bộ huyện Yên Thành") or its id."""
    committee = SuperiorCommittee.objects.filter(name=value).first()
    if committee is None and value.isdigit():
        committee = SuperiorCommittee.objects.filter(pk=int(value)).first()
    if committee is None:
        raise CommandError(f"No committee is named or numbered {value!r}.")
    return committee
