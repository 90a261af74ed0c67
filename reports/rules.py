"""Reports are written by the cell committee and read by the superior committee's office, and
those dated before a move by the office of the committee the cell left; members do not open
them."""

import rules

from members.choices import CellRole
from members.rules import (
    current_member,
    is_cell_committee,
    is_cell_member,
    is_former_superior_staff,
    is_superior_staff,
    reads_before_move,
    superior_committee_ids,
)


@rules.predicate
def works_in_committee_office(user, committee):
    return committee is not None and committee.pk in superior_committee_ids(user)


# The roles of the reports' workflow (reports.workflow), which adds each action's state to them.
writes_report = is_cell_committee


def report_day(report):
    return report.report_date


reads_report = is_cell_committee | is_superior_staff | reads_before_move(report_day)


@rules.predicate
def writes_committee_report(user, report):
    return report.committee_id in superior_committee_ids(user)


# Takes the cell: the office of a committee the cell has left lists the reports dated before
# the move (`reports.selectors.reports_of_cell`).
rules.add_perm("reports.view_reports", is_cell_committee | is_superior_staff | is_former_superior_staff)
rules.add_perm("reports.manage_reports", is_cell_committee)
rules.add_perm("reports.view_committee", works_in_committee_office)
# The office writes its own committee's report over the cells; it changes nothing in them.
rules.add_perm("reports.manage_committee_reports", works_in_committee_office)
rules.add_perm("reports.view_activity", is_cell_committee | is_superior_staff)


@rules.predicate
def leads_cell(user, cell):
    """The cell's secretary or deputy secretary: who signs its reports, and so answers for the
    figures typed in from its past ones."""
    member = current_member(user)
    return (
        member is not None
        and cell is not None
        and member.cell_id == cell.pk
        and member.role in (CellRole.SECRETARY, CellRole.DEPUTY_SECRETARY)
    )


# The figures of the years the cell holds no records of, entered from its reports: every member
# and the superior office read them (the year pages and the reports show them), and the secretary
# or the deputy alone types them in.
rules.add_perm("reports.view_entered_figures", is_cell_member | is_superior_staff)
rules.add_perm("reports.manage_entered_figures", leads_cell)

# The province data set fills the database with made-up cells: for the operator only.
rules.add_perm("reports.build_province", rules.is_superuser)

# The reports' actions: their permissions come from the workflow tables, which name the roles above.
import reports.workflow  # noqa: E402, F401
