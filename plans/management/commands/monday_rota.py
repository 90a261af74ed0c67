import csv

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cell05.periods import FIRST_YEAR, LAST_YEAR
from cell05.spreadsheets import as_text
from members.models import Cell
from plans.selectors import monday as monday_selectors
from plans.services import monday as monday_services


class Command(BaseCommand):
    help = (
        "Create a cell's rota of Monday sessions for a year if it has none, then print it as CSV "
        "(date,group) on standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cell", required=True, help="the cell's short name in addresses (slug)")
        parser.add_argument("--year", required=True, type=int)

    def handle(self, *args, cell, year, **options):
        found = Cell.objects.filter(slug=cell).first()
        if found is None:
            raise CommandError(f"No cell with the slug {cell!r}.")
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(f"The year must be between {FIRST_YEAR} and {LAST_YEAR}.")
        sessions = monday_selectors.monday_sessions(found, year)
        if not sessions.exists():
            try:
                monday_services.rota_create(cell=found, year=year)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["date", "group"])
        for session in monday_selectors.monday_sessions(found, year):
            writer.writerow([session.day.isoformat(), as_text(session.group_name)])
