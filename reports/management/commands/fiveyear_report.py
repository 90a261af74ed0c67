from reports.choices import ReportKind
from reports.management.report_command import ReportCommand


class Command(ReportCommand):
    help = (
        "Write the PDF of a cell's review of several years (sơ kết, tổng kết) of Directive 05, with the "
        "default texts, counted as of the report's date."
    )
    kind = ReportKind.FIVE_YEAR

    def add_period_arguments(self, parser):
        parser.add_argument("--start", type=int, required=True, help="first year, e.g. 2016")
        parser.add_argument("--end", type=int, required=True, help="last year, e.g. 2021")

    def years(self, options) -> tuple[int, int]:
        return options["start"], options["end"]
