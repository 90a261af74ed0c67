"""Who may see and do what in inspection, supervision and commendations.

The cell committee runs them; the superior committee's office reads them; a member sees the
cases about him or her once they are concluded, and nothing of anybody else's."""

import rules

from members.rules import current_member, is_cell_committee, is_cell_member, is_superior_staff
from oversight.choices import CaseState


@rules.predicate
def is_concluded_case_of_member(user, case):
    member = current_member(user)
    return (
        member is not None
        and case.state == CaseState.CONCLUDED
        and case.members.filter(pk=member.pk).exists()
    )


@rules.predicate
def manages_case(user, case):
    return is_cell_committee(user, case.cell)


rules.add_perm("oversight.view_cases", is_cell_committee | is_superior_staff)
rules.add_perm("oversight.manage_cases", is_cell_committee)
rules.add_perm("oversight.view_case", is_cell_committee | is_superior_staff | is_concluded_case_of_member)
rules.add_perm("oversight.view_commendations", is_cell_member | is_superior_staff)
rules.add_perm("oversight.manage_commendations", is_cell_committee)

# The case's actions: their permissions come from the workflow table, which names the role above.
import oversight.workflow  # noqa: E402, F401
