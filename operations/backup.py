"""Back-up and restore of one cell: every record, every history entry and every file, in one zip.

The zip holds `manifest.json` (format, versions, the cell, counts per model, the files with
their SHA-256), `data.json` (Django's serializers, records first and history after, each in
dependency order) and `files/<storage name>` for every file a record or a history entry names.

The restore, `operations/restore.py`, reads the same zip back.
"""

import datetime
import hashlib
import importlib.metadata
import json
import zipfile

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from figures.models import EnteredYearFigures
from members.models import Cell, CellMove, Member, PartyGroup, SuperiorCommittee
from oversight.models import Case, Praise, Programme, RewardProposal
from plans.models import (
    CellDocument,
    KeyContent,
    MondayDayOff,
    MondaySession,
    Pledge,
    PledgeItem,
    Story,
    StudySession,
    StudyYear,
)
from reports.models import Report, ReportSection

FORMAT = "cell05-cell-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
FILES = "files/"
# The apps whose tables the back-up fills: their migrations must match on both sides.
SCHEMA_APPS = ("auth", "members", "plans", "oversight", "figures", "reports")
CHUNK = 500  # ids per IN (...) query, well under SQLite's limit of variables

# The cell's own models, parents first: (model, the foreign key to its parent, the parent).
# A history entry belongs to the cell when its parent does, even when its record was deleted.
OWNED = [
    (Cell, None, None),
    (CellMove, "cell", Cell),
    (PartyGroup, "cell", Cell),
    (Member, "cell", Cell),
    (StudyYear, "cell", Cell),
    (KeyContent, "study_year", StudyYear),
    (CellDocument, "cell", Cell),
    (StudySession, "study_year", StudyYear),
    (Pledge, "member", Member),
    (PledgeItem, "pledge", Pledge),
    (Story, "cell", Cell),
    (MondayDayOff, "cell", Cell),
    (MondaySession, "cell", Cell),
    (Programme, "cell", Cell),
    (Case, "cell", Cell),
    (Praise, "cell", Cell),
    (RewardProposal, "cell", Cell),
    (EnteredYearFigures, "cell", Cell),
    (Report, "cell", Cell),
    (ReportSection, "report", Report),
]


class BackupError(CommandError):
    """A back-up that cannot be read or restored here; nothing has been written."""


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but keeping the microseconds it drops, so that times come back equal."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def id_chunks(values) -> list[list]:
    values = sorted(values)
    return [values[start : start + CHUNK] for start in range(0, len(values), CHUNK)]


def _rows(model, field: str, ids, order: str) -> list[models.Model]:
    rows = []
    for chunk in id_chunks(ids):
        rows.extend(model._base_manager.filter(**{f"{field}__in": chunk}))
    rows.sort(key=lambda row: getattr(row, order))
    return rows


def history_model_of(model):
    history = getattr(model, "history", None)
    return history.model if history is not None else None


def m2m_history_models(history_model) -> list:
    """The tables in which django-simple-history keeps each entry's many-to-many rows."""
    return [
        relation.related_model
        for relation in history_model._meta.related_objects
        if relation.field.name == "history" and relation.related_model is not history_model
    ]


def _collect(cell: Cell) -> list[tuple[type[models.Model], list[models.Model]]]:
    """Every row of the cell, as (model, rows): users, committee and records in dependency
    order, then the history of each model."""
    User = get_user_model()
    records, history = [], []
    ids: dict[type, set] = {}
    for model, link, parent in OWNED:
        field = f"{link}_id" if link else "pk"
        parent_ids = ids[parent] if parent else {cell.pk}
        rows = _rows(model, field, parent_ids, "pk")
        records.append((model, rows))
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            records.append(
                (through, _rows(through, f"{m2m.m2m_field_name()}_id", {row.pk for row in rows}, "pk"))
            )
        ids[model] = {row.pk for row in rows}
        history_model = history_model_of(model)
        if history_model is not None:
            entries = _rows(history_model, field if link else "id", parent_ids, "history_id")
            history.append((history_model, entries))
            for m2m_model in m2m_history_models(history_model):
                history.append(
                    (m2m_model, _rows(m2m_model, "history_id", {entry.pk for entry in entries}, "pk"))
                )
            ids[model] |= {entry.id for entry in entries}
    # The committees the cell has belonged to: its documents of each day name the one of the day.
    committee_ids = {cell.committee_id}
    for move in dict(records)[CellMove]:
        committee_ids |= {move.from_committee_id, move.to_committee_id}
    # The cell's history names the committees it was put under by hand too (in the admin).
    committee_ids |= {entry.committee_id for entry in dict(history)[history_model_of(Cell)]}
    committees = _rows(SuperiorCommittee, "pk", committee_ids, "pk")
    staff_through = SuperiorCommittee.staff.through
    staff = _rows(staff_through, "superiorcommittee_id", committee_ids, "pk")
    members = dict(records)[Member]
    user_ids = {member.user_id for member in members if member.user_id} | {row.user_id for row in staff}
    users = _rows(User, "pk", user_ids, "pk")
    committee_history = history_model_of(SuperiorCommittee)
    committee_entries = _rows(committee_history, "id", committee_ids, "history_id")
    return [
        (User, users),
        (SuperiorCommittee, committees),
        (staff_through, staff),
        *records,
        (committee_history, committee_entries),
        *history,
    ]


def _serialize(model, rows) -> list[dict]:
    if model is get_user_model():
        # Permissions and groups by name: their keys differ from one installation to another.
        return serializers.serialize("python", rows, use_natural_foreign_keys=True)
    # Many-to-many links travel as rows of their own tables, with their keys. A cell's figures
    # stamp belongs to the cache, not to the record: a restored cell is given a new one.
    fields = [field.name for field in model._meta.local_fields if field.name != "figures_stamp"]
    return serializers.serialize("python", rows, fields=fields)


def _forget_other_users(model, records: list[dict], user_ids: set) -> None:
    """A history entry keeps the user who made it only when that user travels with the cell."""
    User = get_user_model()
    user_fields = [
        field.name for field in model._meta.local_fields if field.is_relation and field.related_model is User
    ]
    for record in records:
        for name in user_fields:
            if record["fields"][name] not in user_ids:
                record["fields"][name] = None


def file_fields() -> dict[str, list[str]]:
    """For each model (and its history) that names stored files, the fields that hold the names."""
    fields = {}
    for model, _link, _parent in OWNED:
        names = [field.name for field in model._meta.local_fields if isinstance(field, models.FileField)]
        if names:
            fields[model._meta.label_lower] = names
            history_model = history_model_of(model)
            if history_model is not None:
                fields[history_model._meta.label_lower] = names
    return fields


def file_names(records: list[dict]) -> set[str]:
    fields_of = file_fields()
    return {
        record["fields"][name]
        for record in records
        for name in fields_of.get(record["model"], ())
        if record["fields"].get(name)
    }


def applied_migrations() -> list[str]:
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied if app in SCHEMA_APPS)


def _app_version() -> str:
    try:
        return importlib.metadata.version("cell05")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _read_cell(cell: Cell) -> tuple[list[dict], dict[str, int]]:
    """The cell's rows serialized, read in one transaction so that they fit together even while
    people work (on PostgreSQL, from one snapshot of the database)."""
    User = get_user_model()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        parts = _collect(cell)
        user_ids = {user.pk for user in dict(parts)[User]}
        records, counts = [], {}
        for model, rows in parts:
            serialized = _serialize(model, rows)
            if model is not User:
                _forget_other_users(model, serialized, user_ids)
            records.extend(serialized)
            counts[model._meta.label_lower] = len(serialized)
    return records, counts


def write_cell_backup(cell: Cell, output) -> dict:
    """Write the cell's back-up to a binary file object; return its manifest."""
    records, counts = _read_cell(cell)
    files, missing = {}, []
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DATA, json.dumps(records, cls=_Encoder, ensure_ascii=False))
        for name in sorted(file_names(records)):
            if not default_storage.exists(name):
                missing.append(name)
                continue
            digest, size = hashlib.sha256(), 0
            with default_storage.open(name, "rb") as source, archive.open(FILES + name, "w") as target:
                while block := source.read(1024 * 1024):
                    digest.update(block)
                    size += len(block)
                    target.write(block)
            files[name] = {"size": size, "sha256": digest.hexdigest()}
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": _app_version(),
            "created_at": timezone.now().isoformat(),
            "cell": {"slug": cell.slug, "name": cell.name, "pk": cell.pk},
            "database": connection.vendor,
            "migrations": applied_migrations(),
            "counts": counts,
            "files": files,
            "missing_files": missing,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def summary(manifest: dict) -> str:
    """One line: the cell, how many records, history entries and files."""
    history = sum(
        count for label, count in manifest["counts"].items() if label.split(".")[1].startswith("historical")
    )
    records = sum(manifest["counts"].values()) - history
    line = (
        f"cell {manifest['cell']['slug']} ({manifest['cell']['name']}): {records} records, "
        f"{history} history entries, {len(manifest['files'])} files"
    )
    if manifest.get("missing_files"):
        line += f" ({len(manifest['missing_files'])} named by records but missing from the storage)"
    for name in manifest.get("matched_committees", []):
        line += f" (the committee {name} was already here: the cell joined it as it is, without its office)"
    return line
