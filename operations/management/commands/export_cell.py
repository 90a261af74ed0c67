import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.models import Cell
from operations.backup import summary, write_cell_backup


class Command(BaseCommand):
    help = (
        "Write one cell — its records, their history, its users and its files — to one zip file, "
        "which import_cell restores into another installation."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the cell's short name in addresses")
        parser.add_argument("--output", required=True, help="the .zip file to write")

    def handle(self, *args, slug, output, **options):
        cell = Cell.objects.filter(slug=slug).first()
        if cell is None:
            raise CommandError(f"No cell with the slug {slug!r}.")
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(f"The folder {target.parent} does not exist.")
        # Written aside, then renamed: a failed export never leaves half a back-up under the name.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".export_cell-", suffix=".zip")
        try:
            with os.fdopen(handle, "wb") as file:
                manifest = write_cell_backup(cell, file)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stdout.write(f"Exported {summary(manifest)} to {target} ({target.stat().st_size:,} bytes).")
