"""Reads over many cells may go to a PostgreSQL replica; everything else stays on the primary.

Only code that runs inside `reading_from_replica()` reads from the replica: the superior
committee's table and its PDF, where a lag of seconds is harmless. A member who has just saved
a pledge reads it back from the primary, so nobody sees their own change go missing.
"""

import contextlib
import contextvars

from django.conf import settings

_use_replica = contextvars.ContextVar("use_replica", default=False)


@contextlib.contextmanager
def reading_from_replica():
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and "replica" in settings.DATABASES:
            return "replica"
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
