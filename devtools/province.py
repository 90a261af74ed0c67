"""A province-sized data set: thousands of cells under tens of superior committees.

`build_province` reuses the committee and cell builders of devtools/dataset.py, batch by batch of
cells, each batch in its own transaction: a caller's progress report (a background job's row)
is then written between batches and seen by others at once, and memory stays flat. A build that
fails keeps the batches already written; run it again with another prefix.

Every generated member gets a sign-in account, so that the benchmark can open the pages as any
of them. All accounts share one password hash, computed once (unusable unless `password` is
given): hashing a hundred thousand passwords would take hours.
"""

import random
from collections.abc import Callable
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction

from devtools.dataset import build_cells, build_committee
from members.models import Cell, SuperiorCommittee

BATCH_CELLS = 25
MEMBERS_PER_CELL = (20, 30)

Progress = Callable[[int, int, str], None]


class ProvinceExists(Exception):
    """Cells with the province's prefix are already in the database."""


def build_province(
    *,
    cells: int = 4000,
    committees: int = 40,
    years: int = 5,
    seed: int = 5,
    prefix: str = "tinh",
    last_year: int | None = None,
    password: str | None = None,
    progress: Progress | None = None,
) -> list[SuperiorCommittee]:
    """`committees` superior committees sharing `cells` cells (the first ones get one more
    when they do not divide evenly), each cell with 20 to 30 members and their records of
    `years` years ending with `last_year` (last calendar year by default). Cell slugs are
    `<prefix>-<committee>-<cell>`, e.g. tinh-01-001; accounts `<slug>-bithu` for the secretary,
    `<slug>-dv<n>` for the others and `<prefix>-<committee>-vanphong` for the office.
    `progress(done, total, message)` is called after each batch of cells, `done` counting cells.
    The same arguments build the same data."""
    if committees < 1 or cells < committees or years < 1:
        raise ValueError("A province needs at least one committee, one cell per committee and one year.")
    if not prefix or "-" in prefix or prefix != prefix.lower():
        raise ValueError("The prefix is a lower-case word without hyphens, e.g. tinh.")
    if Cell.objects.filter(slug__startswith=f"{prefix}-").exists():
        raise ProvinceExists(
            f"The database already holds cells generated with the prefix “{prefix}”; "
            "choose another prefix or remove them first."
        )
    last_year = last_year or date.today().year - 1
    period = range(last_year - years + 1, last_year + 1)
    rng = random.Random(f"province/{seed}")  # noqa: S311 - made-up records, not secrets
    encoded = make_password(password)
    report = progress or (lambda done, total, message: None)
    report(0, cells, "")

    built, done = [], 0
    for number in range(1, committees + 1):
        count = cells // committees + (number <= cells % committees)
        committee_prefix = f"{prefix}-{number:02d}"
        name = f"Đảng ủy xã số {number:02d} ({prefix})"
        for first in range(0, count, BATCH_CELLS):
            sizes = [rng.randint(*MEMBERS_PER_CELL) for _ in range(min(BATCH_CELLS, count - first))]
            with transaction.atomic():
                if first == 0:
                    built.append(build_committee(name=name, prefix=committee_prefix, password=encoded))
                build_cells(
                    rng,
                    built[-1],
                    prefix=committee_prefix,
                    first=first,
                    sizes=sizes,
                    years=period,
                    password=encoded,
                    every_account=True,
                )
            done += len(sizes)
            report(done, cells, name)
    return built
