"""Reports are written by the cell committee and read by the superior committee's office;
members do not open them."""

import rules

from members.rules import is_cell_committee, is_superior_staff, superior_committee_ids


@rules.predicate
def works_in_committee_office(user, committee):
    return committee is not None and committee.pk in superior_committee_ids(user)


# The roles of the reports' workflow (reports.workflow), which adds each action's state to them.
writes_report = is_cell_committee
reads_report = is_cell_committee | is_superior_staff


@rules.predicate
def writes_committee_report(user, report):
    return report.committee_id in superior_committee_ids(user)


rules.add_perm("reports.view_reports", is_cell_committee | is_superior_staff)
rules.add_perm("reports.manage_reports", is_cell_committee)
rules.add_perm("reports.view_committee", works_in_committee_office)
# The office writes its own committee's report over the cells; it changes nothing in them.
rules.add_perm("reports.manage_committee_reports", works_in_committee_office)
rules.add_perm("reports.view_activity", is_cell_committee | is_superior_staff)


# The province data set fills the database with made-up cells: for the operator only.
rules.add_perm("reports.build_province", rules.is_superuser)

# The reports' actions: their permissions come from the workflow tables, which name the roles above.
import reports.workflow  # noqa: E402, F401
