"""Back-up and restore of one cell: every record, every history entry and every file, in one zip.

The zip holds `manifest.json` (format, versions, the cell, counts per model, the files with
their SHA-256), `data.json` (Django's serializers, records first and history after, each in
dependency order) and `files/<storage name>` for every file a record or a history entry names.

The restore keeps the primary keys, so that history and links stay as they were: it goes into
an installation that holds none of them (a fresh one, or one with other cells), in one
transaction, and refuses anything else before writing.
"""

import datetime
import hashlib
import importlib.metadata
import io
import json
import zipfile
from collections import Counter
from pathlib import PurePosixPath

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from members.models import Cell, Member, PartyGroup, SuperiorCommittee
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
SCHEMA_APPS = ("auth", "members", "plans", "oversight", "reports")
CHUNK = 500  # ids per IN (...) query, well under SQLite's limit of variables

# The cell's own models, parents first: (model, the foreign key to its parent, the parent).
# A history entry belongs to the cell when its parent does, even when its record was deleted.
OWNED = [
    (Cell, None, None),
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


def _chunks(values) -> list[list]:
    values = sorted(values)
    return [values[start : start + CHUNK] for start in range(0, len(values), CHUNK)]


def _rows(model, field: str, ids, order: str) -> list[models.Model]:
    rows = []
    for chunk in _chunks(ids):
        rows.extend(model._base_manager.filter(**{f"{field}__in": chunk}))
    rows.sort(key=lambda row: getattr(row, order))
    return rows


def _history_model(model):
    history = getattr(model, "history", None)
    return history.model if history is not None else None


def _m2m_history_models(history_model) -> list:
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
        history_model = _history_model(model)
        if history_model is not None:
            entries = _rows(history_model, field if link else "id", parent_ids, "history_id")
            history.append((history_model, entries))
            for m2m_model in _m2m_history_models(history_model):
                history.append(
                    (m2m_model, _rows(m2m_model, "history_id", {entry.pk for entry in entries}, "pk"))
                )
            ids[model] |= {entry.id for entry in entries}
    committee = SuperiorCommittee.objects.get(pk=cell.committee_id)
    staff_through = SuperiorCommittee.staff.through
    staff = list(staff_through.objects.filter(superiorcommittee=committee).order_by("pk"))
    members = dict(records)[Member]
    user_ids = {member.user_id for member in members if member.user_id} | {row.user_id for row in staff}
    users = _rows(User, "pk", user_ids, "pk")
    committee_history = _history_model(SuperiorCommittee)
    committee_entries = _rows(committee_history, "id", {committee.pk}, "history_id")
    return [
        (User, users),
        (SuperiorCommittee, [committee]),
        (staff_through, staff),
        *records,
        (committee_history, committee_entries),
        *history,
    ]


def _serialize(model, rows) -> list[dict]:
    if model is get_user_model():
        # Permissions and groups by name: their keys differ from one installation to another.
        return serializers.serialize("python", rows, use_natural_foreign_keys=True)
    # Many-to-many links travel as rows of their own tables, with their keys.
    fields = [field.name for field in model._meta.local_fields]
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


def _file_fields() -> dict[str, list[str]]:
    """For each model (and its history) that names stored files, the fields that hold the names."""
    fields = {}
    for model, _link, _parent in OWNED:
        names = [field.name for field in model._meta.local_fields if isinstance(field, models.FileField)]
        if names:
            fields[model._meta.label_lower] = names
            history_model = _history_model(model)
            if history_model is not None:
                fields[history_model._meta.label_lower] = names
    return fields


def _file_names(records: list[dict]) -> set[str]:
    fields_of = _file_fields()
    return {
        record["fields"][name]
        for record in records
        for name in fields_of.get(record["model"], ())
        if record["fields"][name]
    }


def _applied_migrations() -> list[str]:
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
        for name in sorted(_file_names(records)):
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
            "migrations": _applied_migrations(),
            "counts": counts,
            "files": files,
            "missing_files": missing,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def export_cell(cell: Cell) -> bytes:
    """The cell's back-up as the bytes of one zip file."""
    buffer = io.BytesIO()
    write_cell_backup(cell, buffer)
    return buffer.getvalue()


def _allowed_labels() -> set[str]:
    """The tables a back-up may fill: the cell's, their history, the users and the committee."""
    labels = {
        get_user_model()._meta.label_lower,
        SuperiorCommittee._meta.label_lower,
        SuperiorCommittee.staff.through._meta.label_lower,
        _history_model(SuperiorCommittee)._meta.label_lower,
    }
    for model, _link, _parent in OWNED:
        labels.add(model._meta.label_lower)
        labels.update(m2m.remote_field.through._meta.label_lower for m2m in model._meta.local_many_to_many)
        history_model = _history_model(model)
        if history_model is not None:
            labels.add(history_model._meta.label_lower)
            labels.update(m2m_model._meta.label_lower for m2m_model in _m2m_history_models(history_model))
    return labels


def _read_json(archive: zipfile.ZipFile, name: str):
    try:
        return json.loads(archive.read(name))
    except KeyError:
        raise BackupError(f"The back-up has no {name}: it is not a cell05 cell back-up.") from None
    except (ValueError, zipfile.BadZipFile, OSError) as error:
        raise BackupError(f"The back-up's {name} is damaged: {error}") from None


def _check_manifest(manifest) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("This file is not a cell05 cell back-up.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"The back-up is in format version {manifest.get('format_version')}; "
            f"this cell05 reads version {FORMAT_VERSION}."
        )
    for key in ("cell", "counts", "files", "migrations"):
        if key not in manifest:
            raise BackupError(f"The back-up's manifest has no {key!r}: the back-up is damaged.")
    theirs, ours = set(manifest["migrations"]), set(_applied_migrations())
    if theirs != ours:
        raise BackupError(
            "The back-up was made with another version of the database tables "
            f"(only in the back-up: {', '.join(sorted(theirs - ours)) or 'none'}; "
            f"only here: {', '.join(sorted(ours - theirs)) or 'none'}). "
            "Restore it with the same version of cell05 it was made with, then upgrade."
        )


def _check_records(manifest: dict, records) -> None:
    if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
        raise BackupError(f"The back-up's {DATA} is damaged.")
    counts = Counter(record.get("model") for record in records)
    unknown = set(counts) - _allowed_labels()
    if unknown:
        raise BackupError(
            f"The back-up holds tables that a cell back-up never holds: {', '.join(sorted(unknown))}."
        )
    expected = {label: count for label, count in manifest["counts"].items() if count}
    if dict(counts) != expected:
        raise BackupError(
            "The records do not match the manifest's counts: the back-up is damaged or incomplete."
        )
    cells = [record for record in records if record.get("model") == Cell._meta.label_lower]
    if len(cells) != 1 or cells[0].get("fields", {}).get("slug") != manifest["cell"].get("slug"):
        raise BackupError("The back-up does not hold the one cell its manifest names.")


def _safe_name(name) -> bool:
    path = PurePosixPath(name) if isinstance(name, str) else None
    return bool(
        path
        and name == str(path)
        and not path.is_absolute()
        and ".." not in path.parts
        and "\\" not in name
        and "\x00" not in name
    )


def _check_files(archive: zipfile.ZipFile, manifest: dict, records: list[dict]) -> None:
    """Every file is one the records name, under a plain relative name, with its bytes intact."""
    files = manifest["files"]
    named = _file_names(records)
    for name, info in files.items():
        if not _safe_name(name) or name not in named:
            raise BackupError(f"The back-up holds a file that no record names: {name!r}.")
        digest = hashlib.sha256()
        try:
            with archive.open(FILES + name) as source:
                while block := source.read(1024 * 1024):
                    digest.update(block)
        except (KeyError, zipfile.BadZipFile, OSError) as error:
            raise BackupError(f"The file {name} is missing from the back-up or damaged: {error}") from None
        if digest.hexdigest() != info.get("sha256"):
            raise BackupError(f"The file {name} in the back-up is damaged (its checksum differs).")


def _deserialize(records: list[dict]) -> list:
    try:
        return list(serializers.deserialize("python", records))
    except DeserializationError as error:
        raise BackupError(f"The back-up's records cannot be read here: {error}") from None


def _count_taken(model, field: str, values) -> int:
    return sum(model._base_manager.filter(**{f"{field}__in": chunk}).count() for chunk in _chunks(values))


def _check_target(manifest: dict, objects: list) -> None:
    """Refuse, before writing anything, what would clash with the records already here."""
    slug = manifest["cell"]["slug"]
    if Cell.objects.filter(slug=slug).exists():
        raise BackupError(f"This installation already holds the cell {slug!r}; nothing was imported.")
    by_model: dict[type, list] = {}
    for item in objects:
        by_model.setdefault(type(item.object), []).append(item.object)
    taken = {}
    for model, objs in by_model.items():
        count = _count_taken(model, "pk", [obj.pk for obj in objs])
        if count:
            taken[model._meta.label_lower] = count
    if taken:
        raise BackupError(
            "This installation already holds records with the keys of the back-up ("
            + ", ".join(f"{label}: {count}" for label, count in taken.items())
            + "). import_cell restores a cell with its keys into an installation that holds none of "
            "them, such as a freshly migrated one; nothing was imported."
        )
    User = get_user_model()
    clashes = [
        (User, User.USERNAME_FIELD, [user.get_username() for user in by_model.get(User, [])], "accounts"),
        (
            SuperiorCommittee,
            "name",
            [committee.name for committee in by_model.get(SuperiorCommittee, [])],
            "a committee",
        ),
        (
            Member,
            "card_number",
            [m.card_number for m in by_model.get(Member, []) if m.card_number],
            "Party cards",
        ),
    ]
    for model, field, values, what in clashes:
        found = sorted(
            value
            for chunk in _chunks(values)
            for value in model._base_manager.filter(**{f"{field}__in": chunk}).values_list(field, flat=True)
        )
        if found:
            raise BackupError(
                f"This installation already has {what} of the back-up under other keys: "
                f"{', '.join(map(str, found[:10]))}; nothing was imported."
            )
    existing = [name for name in manifest["files"] if default_storage.exists(name)]
    if existing:
        raise BackupError(f"The storage already holds files of the back-up: {', '.join(existing[:10])}.")


def _reset_sequences(model_set) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_set))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _write_files(archive: zipfile.ZipFile, manifest: dict) -> list[str]:
    written = []
    try:
        for name in sorted(manifest["files"]):
            with archive.open(FILES + name) as source:
                saved = default_storage.save(name, ContentFile(source.read(), name=name))
            written.append(saved)
            if saved != name:
                raise BackupError(f"The storage kept the file {name} under another name, {saved}.")
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    return written


def import_cell(data) -> dict:
    """Restore a cell from its back-up (bytes or a binary file object) into this installation,
    in one transaction; return the back-up's manifest. Raise BackupError, having written nothing,
    when the back-up is damaged or clashes with what this installation holds."""
    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError):
        raise BackupError("This file is not a cell05 cell back-up (it is not a zip file).") from None
    with archive:
        manifest = _read_json(archive, MANIFEST)
        _check_manifest(manifest)
        records = _read_json(archive, DATA)
        _check_records(manifest, records)
        _check_files(archive, manifest, records)
        objects = _deserialize(records)
        model_set = {type(item.object) for item in objects}
        try:
            with transaction.atomic():
                _check_target(manifest, objects)
                for item in objects:
                    item.save(force_insert=True)
                connection.check_constraints(table_names=[model._meta.db_table for model in model_set])
                _reset_sequences(model_set)
                _write_files(archive, manifest)
        except (IntegrityError, DatabaseError) as error:
            raise BackupError(f"The records could not be written; nothing was imported: {error}") from error
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
    return line
