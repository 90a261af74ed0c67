"""One version mechanism for every record that people edit.

A record carries a version number that each save raises. A form carries the version the person
saw; the service locks the row and refuses the save when the row has moved on (`StaleEdit`). The
refused form keeps what the person typed, says who changed what meanwhile (read from the
record's history) and now carries the current version, so that saving again is a decision taken
knowingly: nothing typed on a phone is lost because the desktop saved first.

A form sent again after its save went through (the browser resends it when the server was cut
off before answering) carries the version it was saved from: when the record already holds what
the form sends, the service answers `AlreadySaved` instead of a conflict, and writes nothing.
"""

import logging
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cell05.history import history_rows, request_user

Record = TypeVar("Record", bound=models.Model)

logger = logging.getLogger("cell05.versions")


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


def version_field(model) -> str:
    """The name of the field that counts a record's saves: `version`, unless the model names
    another (a report's `version` is its edition, v1, v2, so its saves are counted apart)."""
    return getattr(model, "VERSION_FIELD", "version")


def version_of(instance: models.Model) -> int:
    return getattr(instance, version_field(type(instance)))


class StaleEdit(Exception):
    """The record changed since the copy the person worked on; nothing was saved."""

    def __init__(self, current: models.Model, seen: int | None = None):
        super().__init__(gettext("This record was changed by someone else while you were working on it."))
        self.current = current
        self.seen = seen

    def changes(self) -> list[dict]:
        """The saves made after the version the person saw, oldest first, each with who, when
        and which fields changed (from the record's history)."""
        history = getattr(self.current, "history", None)
        if history is None or self.seen is None:
            return []
        entries = list(
            history.filter(**{f"{version_field(type(self.current))}__gte": self.seen})
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        # The last entry of the version seen is the copy the person saw (entries written before
        # versions were counted, or by a save that does not count, share a version).
        name = version_field(type(self.current))
        seen_at = max((i for i, entry in enumerate(entries) if getattr(entry, name) == self.seen), default=0)
        rows = history_rows(entries[seen_at:], type(self.current))
        # The first entry is the copy the person saw: it is only the base of the comparison.
        return [row for row in reversed(rows[:-1]) if row["changes"]] if len(rows) > 1 else []

    def by_own_hand(self, user) -> bool:
        """Whether every save made after the version the person saw was `user`'s own: the same
        person in another tab or window, not someone else."""
        history = getattr(self.current, "history", None)
        if history is None or self.seen is None or user is None:
            return False
        authors = set(
            history.filter(**{f"{version_field(type(self.current))}__gt": self.seen})
            .values_list("history_user_id", flat=True)
            .distinct()
        )
        return authors == {user.pk}

    def messages(self) -> list[str]:
        """The refusal in words, one line per save made meanwhile; to the person who is refused,
        as it is served."""
        if self.by_own_hand(request_user()):
            first = gettext(
                "You saved this record in another window while you were working on it here, so this "
                "change was not saved. What you typed here is kept below; what you saved there is "
                "listed here. Check it, then save again to keep this version."
            )
        else:
            first = gettext(
                "Someone else saved this record while you were working on it, so your change was not "
                "saved. What you typed is kept below; what changed meanwhile is listed here. Check it, "
                "then save again to keep your version."
            )
        return [first, *saves_in_words(self.changes())]


class AlreadySaved(Exception):
    """The record already holds what the form sends, though the form carries an older version:
    the same save sent twice. Nothing was written the second time."""

    def __init__(self, current: models.Model):
        super().__init__(gettext("This change was already saved."))
        self.current = current


def saves_in_words(rows: list[dict]) -> list[str]:
    """One line per save (rows of cell05.history.history_rows): who, when, and each field
    from what to what; a row about a part of the record (a pledge's item) names it first."""
    lines = []
    for row in rows:
        changes = []
        if row.get("subject"):
            changes.append(
                gettext("%(action)s: “%(item)s”") % {"action": row["action"], "item": _short(row["subject"])}
            )
        changes += [
            gettext("%(field)s: “%(old)s” → “%(new)s”")
            % {"field": change["field"], "old": _short(change["old"]), "new": _short(change["new"])}
            for change in row["changes"]
        ]
        lines.append(
            gettext("%(who)s at %(when)s: %(changes)s")
            % {
                "who": row["who_name"],
                "when": formats.date_format(timezone.localtime(row["when"]), "SHORT_DATETIME_FORMAT"),
                "changes": "; ".join(changes),
            }
        )
    return lines


def _short(value, limit: int = 120) -> str:
    """A value as the page writes it (dates as 01/06/2020), on one line, cut if long."""
    text = " ".join(str(formats.localize(value)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def locked(
    instance: Record,
    version: int | None,
    *,
    queryset: models.QuerySet[Record] | None = None,
    holds: Callable[[Record], bool] | None = None,
) -> Record:
    """The record's row, locked until the end of the transaction; refused with `StaleEdit`
    when a version is given and the row has moved past it, unless `holds` says that the locked
    record already holds what the form sends (`AlreadySaved`)."""
    rows = queryset if queryset is not None else type(instance)._default_manager
    current = rows.select_for_update(of=("self",)).get(pk=instance.pk)
    if version is not None and version_of(current) != version:
        if holds is not None and holds(current):
            logger.info(
                "%s #%s sent again from version %s: already saved, nothing written",
                type(current).__name__,
                current.pk,
                version,
            )
            raise AlreadySaved(current)
        raise StaleEdit(current, version)
    return current


def locked_in(instance: Record, version: int | None, **scope) -> Record:
    """The record's row, locked, looked up only among the records of its scope (its cell or
    its year)."""
    return locked(instance, version, queryset=type(instance)._default_manager.filter(**scope))


def bump(instance: models.Model) -> None:
    """Raise the version of a record about to be saved (a new record starts at 1)."""
    if instance.pk is not None:
        name = version_field(type(instance))
        setattr(instance, name, getattr(instance, name) + 1)


# The largest number a PositiveIntegerField holds on every database: a bigger one posted by hand
# is refused as an out-of-date page, not sent to the database.
VERSION_MAX = 2**31 - 1


class VersionedFormMixin:
    """A form over a record carries, hidden, the version of the record the person saw."""

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if version is None and instance is not None and instance.pk is not None:
            version = version_of(instance)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, min_value=1, max_value=VERSION_MAX, initial=version or 1
        )

    def clean(self):
        # The field is hidden, so its error could not be seen: it is said for the whole form.
        if self.has_error("version"):
            del self.errors["version"]
            raise forms.ValidationError(_("The page was out of date; try again."), code="stale_page")
        return super().clean()

    def refuse_stale(self, error: StaleEdit) -> None:
        """Show the refusal on the form, keep what was typed, and take the current version so
        that the next save overwrites knowingly."""
        data = self.data.copy()
        data[self.add_prefix("version")] = str(version_of(error.current))
        self.data = data
        self.add_error(None, error.messages())
