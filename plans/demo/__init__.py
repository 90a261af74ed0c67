"""The demo cell's plans, by subdomain: `years` (study years, documents, sessions and
pledges) and `monday` (the story library and the Monday rota)."""
