"""Who may bring a cell's past in: its secretary and deputy secretary, who answer for its records."""

import rules

from members.choices import CellRole
from members.rules import current_member


@rules.predicate
def leads_cell(user, cell):
    member = current_member(user)
    return (
        member is not None
        and cell is not None
        and member.cell_id == cell.pk
        and member.role in (CellRole.SECRETARY, CellRole.DEPUTY_SECRETARY)
    )


rules.add_perm("operations.import_year", leads_cell)
