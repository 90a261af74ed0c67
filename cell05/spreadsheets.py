"""What cell05 writes into spreadsheets: text a person typed never becomes a live formula.

A name, a position or a group's name that begins with "=", "+", "-", "@" (or a tab or a carriage
return) is taken by Excel and LibreOffice as a formula, which can fetch or run things on the
reader's computer (CSV or formula injection). OWASP's advice: such a cell starts with a single
quote, which the spreadsheet shows as text.
"""

import tablib

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def text_only(dataset: tablib.Dataset) -> tablib.Dataset:
    """The same rows and headers, every typed cell kept as text."""
    safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        safe.append([as_text(value) for value in row])
    return safe
