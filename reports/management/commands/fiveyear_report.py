import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.choices import CellRole
from members.models import Cell
from reports.choices import ReportKind, SectionKey
from reports.drafts import DEFAULT_TITLE, DRAFTS, STANDING_COMMITTEE
from reports.models import Report, ReportSection
from reports.views import report_pdf_bytes


class Command(BaseCommand):
    help = "Write the PDF of a cell's summary report of several years, with the default texts."

    def add_arguments(self, parser):
        parser.add_argument("--cell", required=True, help="the cell's slug")
        parser.add_argument("--start", type=int, required=True, help="first year, e.g. 2016")
        parser.add_argument("--end", type=int, required=True, help="last year, e.g. 2021")
        parser.add_argument("--output", required=True, help="the PDF file to write")
        parser.add_argument(
            "--date", help="the report's date as YYYY-MM-DD (default: 31/12 of the last year)"
        )
        parser.add_argument("--number", type=int, default=1, help="the report's number")

    def handle(self, *args, cell, start, end, output, date=None, number=1, **options):
        try:
            cell_obj = Cell.objects.select_related("committee").get(slug=cell)
        except Cell.DoesNotExist:
            raise CommandError(f"No cell with the slug {cell!r}.") from None
        if end < start:
            raise CommandError("--end comes before --start.")
        signer = cell_obj.members.current().filter(role=CellRole.SECRETARY).first()
        if signer is None:
            raise CommandError("The cell has no secretary to sign the report.")
        report_date = _parse_date(date) if date else datetime.date(end, 12, 31)
        # An unsaved report: the command prints, it records nothing.
        report = Report(
            cell=cell_obj,
            kind=ReportKind.FIVE_YEAR,
            start_year=start,
            end_year=end,
            number=number,
            title=DEFAULT_TITLE.format(years=f"{end - start:02d}"),
            place=cell_obj.place,
            report_date=report_date,
            recipients=f"- {STANDING_COMMITTEE[cell_obj.committee.kind]} (b/c),\n- Lưu Chi bộ.",
            signer=signer,
        )
        sections = [ReportSection(report=report, key=key, text=DRAFTS[key]) for key in SectionKey.values]
        Path(output).write_bytes(report_pdf_bytes(report, sections=sections))
        self.stdout.write(f"{output}: {cell_obj.name}, {start}–{end}, as of {report_date:%d/%m/%Y}.")


def _parse_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {text!r}.") from None
