"""Reads that the pages of plans share, by subdomain: `pledges`, `years` and `monday`."""
