"""The pages of plans, by subdomain: `pledges`, `years` (study years, the cell's documents,
the study sessions) and `monday` (the Monday rota and the story library)."""
