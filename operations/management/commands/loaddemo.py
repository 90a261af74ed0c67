from django.core.management.base import BaseCommand

from members.demo import DEMO_PASSWORD, LEAVERS, STAFF_USERNAME, load_members
from oversight.demo import load_oversight
from plans.demo.monday import load_monday
from plans.demo.years import load_plans
from reports.figures_cache import figures_changed


class Command(BaseCommand):
    help = "Load the demo cell of the source document (idempotent: running it twice changes nothing)."

    def handle(self, *args, **options):
        cell = load_members()
        load_plans(cell)
        load_monday(cell)
        load_oversight(cell)
        # The demo's records are written in bulk, which sends no signal to the figures' cache.
        figures_changed([cell.pk])
        self.stdout.write(
            f"{cell.name} ({cell.slug}): {cell.groups.count()} groups, "
            f"{cell.members.current().count()} members, "
            f"{cell.years.count()} study years, {cell.documents.count()} documents. "
            f"Accounts bithu, totruong1-5, dangvien01-23 ({', '.join(sorted(LEAVERS))} moved away: closed), "
            f"{STAFF_USERNAME}; password {DEMO_PASSWORD}."
        )
