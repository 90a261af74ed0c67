from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, summary
from operations.restore import import_cell


class Command(BaseCommand):
    help = (
        "Restore a cell from a file written by export_cell into this installation, which must hold "
        "none of its records (a freshly migrated one, or one with other cells)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .zip file written by export_cell")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        try:
            source = path.open("rb")
        except OSError as error:
            raise CommandError(f"The file {path} cannot be opened: {error.strerror}.") from None
        with source:
            try:
                manifest = import_cell(source)
            except BackupError as error:
                # One line, whatever the damaged file put into the message.
                raise CommandError(" ".join(str(error).split())) from None
        self.stdout.write(f"Imported {summary(manifest)} from {path}.")
