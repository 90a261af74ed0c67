"""The figures of several cells side by side, as the superior committee's office reads the cells
under it: each cell's size today and its year's progress, from the counting engine."""

from django.utils import timezone

from figures.counting import percent
from figures.counting.cells import cell_sizes, year_progress
from members.models import Cell


def cells_with_figures(cells) -> list[Cell]:
    """The cells with their party groups and their members today, from the counting engine."""
    cells = list(cells)
    sizes = cell_sizes(cells, timezone.localdate())
    for cell in cells:
        cell.group_count, cell.member_count = sizes[cell.pk]["groups"], sizes[cell.pk]["members"]
    return cells


def cells_progress(cells, year: int) -> list[dict]:
    """The year's progress of each cell as of today, from the counting engine: its pledge
    rate, the pledges rated, the Monday sessions held of those due before today (today's may
    yet be recorded); least advanced first. A cell is behind when its pledge deadline has
    passed before every member filed, or when a Monday session of the rota so far was not held."""
    cells = list(cells)
    today = timezone.localdate()
    progress = year_progress(cells, year, today=today)
    rows = []
    for cell in cells:
        counts, deadline = progress[cell.pk]["pledges"], progress[cell.pk]["deadline"]
        rated = sum(counts["ratings"].values())
        held, due = progress[cell.pk]["monday_held"], progress[cell.pk]["monday_due"]
        late_pledges = deadline is not None and deadline < today and counts["filed"] < counts["members"]
        rows.append(
            {
                "cell": cell,
                "members": counts["members"],
                "filed": counts["filed"],
                "pledge_rate": counts["rate"],
                "rated": rated,
                "rated_rate": percent(rated, counts["members"]),
                "monday_held": held,
                "monday_due": due,
                "monday_rate": percent(held, due) if due else 100.0,
                "deadline": deadline,
                "behind": late_pledges or held < due,
            }
        )
    return sorted(
        rows, key=lambda row: (row["pledge_rate"], row["rated_rate"], row["monday_rate"], row["cell"].name)
    )
