"""A fixture's records built once per process, then written again in each test that asks.

Building the `world` fixture through the models (factories, signals, history rows) took a third
of many tests' time. Its first build in a process is watched: the tables it writes are read
before and after it, the build is rolled back, and the rows it added are kept. Each test then
inserts those rows with their own keys (a few statements, whatever the number of rows), and
gets a deep copy of the objects the build returned, as Django's `setUpTestData` does.

The keys stay valid: PostgreSQL's sequences never go back, and SQLite's AUTOINCREMENT moves past
a key inserted as it is. A build that changes or deletes rows it did not add is not replayable:
it is then built every time, as before.
"""

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import caches
from django.db import connection, transaction
from django.utils import translation

WRITE = re.compile(r'^\s*(?:INSERT (?:OR \w+ )?INTO|UPDATE|DELETE FROM)\s+"([^"]+)"', re.IGNORECASE)
# psycopg2 reads json and jsonb columns into Python objects, which it does not write back.
POSTGRESQL_JSON_TYPES = {114, 3802}


class _RolledBack(Exception):
    pass


class Table:
    def __init__(self, name: str):
        self.name = name
        with connection.cursor() as cursor:
            self.key_columns = connection.introspection.get_primary_key_columns(cursor, name) or []

    def read(self) -> tuple[list[str], list[int], dict[tuple, tuple]]:
        quoted = connection.ops.quote_name(self.name)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (a table's name, quoted)
            columns = [column[0] for column in cursor.description]
            type_codes = [column[1] for column in cursor.description]
            rows = cursor.fetchall()
        key_at = [columns.index(name) for name in self.key_columns] or range(len(columns))
        return columns, type_codes, {tuple(row[index] for index in key_at): row for row in rows}


@dataclass
class Capture:
    """What one build wrote: the inserts that write it again, and what it returned."""

    replayable: bool
    inserts: list[tuple[str, list[tuple]]] = field(default_factory=list)
    built: Any = None


class ReplayedRows:
    """`ReplayedRows(build)()` gives what `build()` returns, with the rows it writes in the
    database: built the first time, inserted again afterwards. Once per language: a build may
    write words in the language active while it runs."""

    def __init__(self, build: Callable[[], Any]):
        self.build = build
        self.captures: dict[str, Capture] = {}

    def __call__(self) -> Any:
        language = translation.get_language()
        if language not in self.captures:
            self.captures[language] = self._capture()
        capture = self.captures[language]
        if not capture.replayable:
            return self.build()
        # A cache keyed by a replayed record's key or stamp may hold another test's reading.
        for cache in caches.all():
            cache.clear()
        # One transaction: the foreign keys are checked at its end, whatever the tables' order.
        with transaction.atomic(), connection.cursor() as cursor:
            for statement, rows in capture.inserts:
                cursor.executemany(statement, rows)
        return copy.deepcopy(capture.built)

    def _capture(self) -> Capture:
        written: set[str] = set()

        def watch(execute, sql, params, many, context):
            if match := WRITE.match(sql):
                written.add(match.group(1))
            return execute(sql, params, many, context)

        try:
            with transaction.atomic(), connection.execute_wrapper(watch):
                built = self.build()
                tables = [Table(name) for name in sorted(written)]
                after = {table.name: table.read() for table in tables}
                raise _RolledBack
        except _RolledBack:
            pass
        capture = Capture(replayable=True, built=built)
        for table in tables:
            columns, type_codes, rows_after = after[table.name]
            _, _, rows_before = table.read()
            if any(rows_after.get(key) != row for key, row in rows_before.items()):
                return Capture(replayable=False)
            added = [_writable(row, type_codes) for key, row in rows_after.items() if key not in rows_before]
            if added:
                capture.inserts.append((_insert_statement(table.name, columns), added))
        return capture


def _insert_statement(table: str, columns: list[str]) -> str:
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({placeholders})"  # noqa: S608


def _writable(row: tuple, type_codes: list) -> tuple:
    if connection.vendor != "postgresql":
        return row
    from psycopg2.extras import Json

    return tuple(
        Json(value) if type_code in POSTGRESQL_JSON_TYPES and value is not None else value
        for value, type_code in zip(row, type_codes, strict=True)
    )
