"""Every change to cells, groups and members: one function each, atomic and logged, by what it
changes: `cells` (a cell's and a committee's details, the cell's names), `groups`, `members` (a
member's record, role, group, leaving and account) and `imports` (the member list from a file);
`records` holds what they keep alike (versions, names and terms by date).

Each function checks that the actor may make the change, refuses a change that the
records do not allow with a clear error, and records who made it in the history.
"""
