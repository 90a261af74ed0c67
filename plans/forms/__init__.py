"""The forms of plans, by subdomain: `pledges`, `years` and `monday`."""
