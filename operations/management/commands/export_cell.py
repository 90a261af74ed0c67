import os
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cell05.storage import TEMPORARY_PREFIX
from members.models import Cell
from operations.backup import summary, write_cell_backup


@contextmanager
def terminated_as_exit():
    """SIGTERM (a service stopped, `kill`) ends the command as Ctrl-C does, through its
    `finally` clauses, instead of killing the process where it stands."""

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
        # Written aside, then renamed: a failed or stopped export never leaves half a back-up,
        # under the name or beside it (only a SIGKILL can; `manage.py clean_files` knows the prefix).
        with terminated_as_exit():
            handle, temporary = tempfile.mkstemp(
                dir=target.parent, prefix=f"{TEMPORARY_PREFIX}export_cell-", suffix=".zip"
            )
            try:
                with os.fdopen(handle, "wb") as file:
                    manifest = write_cell_backup(cell, file)
                os.replace(temporary, target)
            except OSError as error:
                raise CommandError(f"The export failed and wrote nothing to {target}: {error}") from None
            finally:
                Path(temporary).unlink(missing_ok=True)
        self.stdout.write(f"Exported {summary(manifest)} to {target} ({target.stat().st_size:,} bytes).")
