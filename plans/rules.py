"""Who may do what with study years, documents, sessions, pledges and the Monday sessions.

A member files, edits, submits and self-assesses the own pledge; the group leader reviews
the pledges of the own group; the cell committee does everything in the cell; the office
of the superior committee reads. Nobody reviews or rates the own pledge. Every member reads
the Monday rota and the story library; the leader of the group on duty records its session;
the cell committee generates the rota, marks days off, swaps turns and keeps the library.
Every member of the cell has a calendar feed of the own turns, and renews its address.
The office of a committee the cell has left reads the years that ended before the move, their
pledges and the documents issued before it.
"""

from datetime import date

import rules

from members.rules import (
    current_member,
    is_cell_committee,
    is_cell_member,
    is_former_superior_staff,
    is_superior_staff,
    reads_before_move,
)


@rules.predicate
def owns_pledge(user, pledge):
    member = current_member(user)
    return member is not None and pledge.member_id == member.pk


@rules.predicate
def leads_pledge_group(user, pledge):
    member = current_member(user)
    return (
        member is not None
        and pledge.member.group_id is not None
        and pledge.member.group.leader_id == member.pk
    )


@rules.predicate
def is_pledge_committee(user, pledge):
    return is_cell_committee(user, pledge.member.cell)


@rules.predicate
def is_pledge_superior_staff(user, pledge):
    return is_superior_staff(user, pledge.member.cell)


def year_end_of_pledge(pledge):
    # A year's pages count it as of today: the office the cell left reads a year it has ended.
    return date(pledge.study_year.year, 12, 31)


# The roles of the pledge's workflow (plans.workflow), which adds each action's state to them.
writes_pledge = owns_pledge | is_pledge_committee
reviews_pledge = ~owns_pledge & (leads_pledge_group | is_pledge_committee)
evaluates_pledge = ~owns_pledge & is_pledge_committee


@rules.predicate
def leads_session_group(user, session):
    member = current_member(user)
    return member is not None and session.group.leader_id == member.pk and session.cell_id == member.cell_id


# The roles of the Monday session's workflow (plans.workflow): the leader of the group on duty
# records its session, the cell committee any session and it alone moves the rota.
records_session = is_cell_committee | leads_session_group
manages_session = is_cell_committee


# Take the cell: the office of a committee the cell has left opens the lists, whose selectors
# show it what ended before the move (`members.selectors.reading_until`).
rules.add_perm("plans.view_year", is_cell_member | is_superior_staff | is_former_superior_staff)
rules.add_perm("plans.manage_year", is_cell_committee)
rules.add_perm("plans.view_year_pledges", is_cell_committee | is_superior_staff | is_former_superior_staff)
rules.add_perm(
    "plans.view_pledge",
    owns_pledge
    | leads_pledge_group
    | is_pledge_committee
    | is_pledge_superior_staff
    | reads_before_move(year_end_of_pledge, lambda pledge: pledge.member.cell),
)
rules.add_perm("plans.view_pledge_history", is_pledge_committee | is_pledge_superior_staff)
rules.add_perm("plans.view_monday", is_cell_member | is_superior_staff)
rules.add_perm("plans.manage_monday", is_cell_committee)
# Takes the cell: a member's own feed of its turns, study sessions and pledge deadline.
rules.add_perm("plans.subscribe_calendar", is_cell_member)

# The actions of the pledge and of the Monday session: their permissions come from the workflow
# tables, which name the roles above.
import plans.workflow  # noqa: E402, F401
