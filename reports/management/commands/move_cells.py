"""`manage.py move_cells`: every cell of a committee moves under another on one day, as every
cell of a district committee did on 01/07/2025. One transaction: all move, or none."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from members.models import Cell
from reports.management.report_command import committee_named
from reports.services.committees import cell_move


class Command(BaseCommand):
    help = "Move every cell of a committee under another committee from a day (e.g. a dissolved district's)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="the committee left: its name or id")
        parser.add_argument("--to", dest="target", required=True, help="the committee joined: its name or id")
        parser.add_argument(
            "--on", required=True, type=date.fromisoformat, help="the first day under it, YYYY-MM-DD"
        )
        parser.add_argument(
            "--by",
            required=True,
            help="the account recorded as doing it: an administrator or the joining committee's office",
        )

    def handle(self, *args, source, target, on, by, **options):
        source, target = committee_named(source), committee_named(target)
        actor = get_user_model().objects.filter(username=by, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active account is named {by!r}.")
        cells = list(Cell.objects.filter(committee=source).order_by("name"))
        if not cells:
            raise CommandError(f"{source.name} has no cell to move.")
        # The command speaks English, as the other commands do, refusals included.
        try:
            with translation.override("en"), transaction.atomic():
                for cell in cells:
                    try:
                        cell_move(actor=actor, cell=cell, committee=target, moved_on=on)
                    except ValidationError as error:
                        refusal = " ".join(error.messages)
                        raise CommandError(f"{cell.name}: {refusal} Nothing was moved.") from error
        except PermissionDenied as error:
            raise CommandError(f"{by} may not move cells under {target.name}.") from error
        for cell in cells:
            self.stdout.write(
                f"{cell.name}: {source.issuing_name} → {target.issuing_name}, from {on:%d/%m/%Y}"
            )
