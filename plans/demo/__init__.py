"""The demo cell's plans, by subdomain: `documents` (the register), `years` (study years,
sessions and pledges) and `monday` (the story library and the Monday rota)."""
