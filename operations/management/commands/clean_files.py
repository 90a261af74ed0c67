from django.conf import settings
from django.core.management.base import BaseCommand

from operations.cleanup import clean_files


class Command(BaseCommand):
    help = (
        "Remove from the storage what nobody needs: the temporary files of writes a killed process "
        "left, the files no record names (both older than an hour), and the results of background "
        "jobs finished more than DJANGO_JOB_RESULT_DAYS days ago. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be removed, remove nothing"
        )

    def handle(self, *args, dry_run, **options):
        cleaned, is_folder = clean_files(dry_run=dry_run)
        line = (
            f"{'Would remove' if dry_run else 'Removed'} {cleaned.temporary} temporary files, "
            f"{cleaned.unreferenced} files that no record names and {cleaned.results} job results "
            f"finished over {settings.JOB_RESULT_DAYS} days ago ({cleaned.size:,} bytes)"
        )
        if not is_folder:
            line += "; the storage is a bucket, whose files are not walked"
        self.stdout.write(f"{line}.")
