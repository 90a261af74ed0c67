"""Pages of the cell, its groups and its members, by what they show: `cells` (a cell, its
superior committee, the cell's back-up), `groups`, `members` (the directory and a member's
record) and `spreadsheets` (the member list's import and export). Views parse the request and
call a service; every object is fetched through a selector scoped to the user."""
