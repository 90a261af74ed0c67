"""What the home page reads that no app below it does."""

from members.selectors import cells_for_user, committees_for_user
from reports.selectors import reports_received


def office_home_version(user) -> list:
    """What the office's home rests on: the committees the user works for, each cell it reads
    with its figures stamp and its committee's version, and the reports received."""
    cells = cells_for_user(user).order_by("pk")
    return [
        list(committees_for_user(user).values_list("pk", "version")),
        list(cells.values_list("pk", "figures_stamp", "committee_id", "committee__version")),
        list(reports_received(cells).values_list("pk", flat=True)),
    ]
