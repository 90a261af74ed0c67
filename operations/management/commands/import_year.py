"""`python manage.py import_year --cell SLUG FILE --year YYYY`: the preview of a past year's
import, or with --commit the import itself, run in this process."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members.models import Cell
from operations.services import YearImportRefused, created_summary, year_import_run
from operations.year_import import year_plan
from operations.year_import.plan import YearPlan
from operations.year_import.reading import read_year_file


class Command(BaseCommand):
    help = (
        "Import a past year's records of a cell from its spreadsheet (.xlsx or .csv, the template of "
        "the year import page). Without --commit, print what would be created and refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the filled template, .xlsx or .csv")
        parser.add_argument("--cell", required=True, help="the cell's slug")
        parser.add_argument("--year", required=True, type=int, help="the year the file holds")
        parser.add_argument("--commit", action="store_true", help="import; without it, only preview")
        parser.add_argument("--user", help="the username the records' history names (default: none)")

    def handle(self, *args, file, cell, year, commit, user, **options):
        try:
            cell = Cell.objects.get(slug=cell)
        except Cell.DoesNotExist:
            raise CommandError(f"No cell has the slug {cell}.") from None
        actor = None
        if user:
            try:
                actor = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user is named {user}.") from None
        path = Path(file)
        file_format = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
        content = path.read_bytes()
        try:
            if commit:
                plan = year_import_run(
                    actor=actor,
                    cell=cell,
                    year=year,
                    content=content,
                    file_format=file_format,
                    file_name=path.name,
                )
                self.stdout.write(created_summary(plan))
                return
            plan = year_plan(
                cell=cell, year=year, sheets=read_year_file(content, file_format), file_name=path.name
            )
        except YearImportRefused as refused:
            self._print(refused.plan)
            raise CommandError("Nothing was imported.") from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self._print(plan)
        if plan.refusals:
            raise CommandError("The file has refused rows: an import of it would write nothing.")
        self.stdout.write("Dry run: nothing was written. Run again with --commit to import.")

    def _print(self, plan: YearPlan) -> None:
        for row in plan.rows:
            self.stdout.write(
                f"{row.sheet}, line {row.line}: {'new' if row.new else 'already recorded'}: {row.what}"
            )
        self.stdout.write(f"Would create: {plan.created}; already recorded, skipped: {plan.skipped}.")
        for entry in plan.unmatched.values():
            born = f"{entry['date_of_birth']:%d/%m/%Y}" if entry["date_of_birth"] else ""
            who = " ".join(filter(None, (entry["full_name"], born, entry["card_number"])))
            self.stdout.write(f"Not found in the cell: {who} ({', '.join(map(str, entry['where']))})")
        for refusal in plan.refusals:
            self.stdout.write(f"Refused: {refusal}")
