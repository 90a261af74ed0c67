from django.core.management.base import BaseCommand

from figures.cache import figures_changed
from members.demo import (
    COMMUNE_CELLS,
    DEMO_PASSWORD,
    DISTRICT_STAFF_USERNAME,
    LEAVERS,
    STAFF_USERNAME,
    load_commune_cells,
    load_members,
)
from oversight.demo import load_oversight
from plans.demo.cells import load_cells_years
from plans.demo.monday import load_monday
from plans.demo.years import load_plans
from reports.demo import load_committee_register, load_reported_years


class Command(BaseCommand):
    help = (
        "Load the demo cell of the source document and the other cells of its commune committee "
        "(idempotent: running it twice changes nothing)."
    )

    def handle(self, *args, **options):
        cell = load_members()
        load_plans(cell)
        load_monday(cell)
        load_oversight(cell)
        others = load_commune_cells()
        load_cells_years(others)
        load_reported_years()
        load_committee_register()
        # The demo's records are written in bulk, which sends no signal to the figures' cache.
        figures_changed([cell.pk, *(other.pk for other in others)])
        self.stdout.write(
            f"{cell.name} ({cell.slug}): {cell.groups.count()} groups, "
            f"{cell.members.current().count()} members, "
            f"{cell.years.count()} study years, {cell.documents.count()} documents; "
            f"under {cell.committee.name} since {cell.moves.get().moved_on:%d/%m/%Y}. "
            f"Accounts bithu, totruong1-5, dangvien01-23 ({', '.join(sorted(LEAVERS))} moved away: closed), "
            f"{STAFF_USERNAME} (the commune's office), "
            f"{DISTRICT_STAFF_USERNAME} (the former district's office)."
        )
        for other in others:
            secretary = next(spec.secretary for spec in COMMUNE_CELLS if spec.slug == other.slug)
            self.stdout.write(
                f"{other.name} ({other.slug}): {other.members.current().count()} members, "
                f"{other.years.count()} study years"
                + (f"; secretary's account {secretary}." if secretary else "; no members yet.")
            )
        self.stdout.write(f"Password of every account: {DEMO_PASSWORD}.")
