from reports.choices import ReportKind
from reports.management.report_command import ReportCommand


class Command(ReportCommand):
    help = "Write the PDF of a cell's yearly report on Directive 05, with the default texts."
    kind = ReportKind.YEARLY

    def add_period_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="the year, e.g. 2024")

    def years(self, options) -> tuple[int, int]:
        return options["year"], options["year"]
