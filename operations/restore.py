"""Restore of one cell from its back-up (`operations/backup.py` says what the zip holds).

The restore keeps the primary keys, so that history and links stay as they were: it goes into
an installation that holds none of them (a fresh one, or one with other cells), in one
transaction, and refuses anything else before writing.
"""

import hashlib
import io
import json
import zipfile
import zlib
from collections import Counter, defaultdict
from pathlib import PurePosixPath

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from members.models import Cell, Member, SuperiorCommittee
from operations.backup import (
    DATA,
    FILES,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    OWNED,
    BackupError,
    applied_migrations,
    file_fields,
    file_names,
    history_model_of,
    id_chunks,
    m2m_history_models,
)


def _allowed_labels() -> set[str]:
    """The tables a back-up may fill: the cell's, their history, the users and the committee."""
    labels = {
        get_user_model()._meta.label_lower,
        SuperiorCommittee._meta.label_lower,
        SuperiorCommittee.staff.through._meta.label_lower,
        history_model_of(SuperiorCommittee)._meta.label_lower,
    }
    for model, _link, _parent in OWNED:
        labels.add(model._meta.label_lower)
        labels.update(m2m.remote_field.through._meta.label_lower for m2m in model._meta.local_many_to_many)
        history_model = history_model_of(model)
        if history_model is not None:
            labels.add(history_model._meta.label_lower)
            labels.update(m2m_model._meta.label_lower for m2m_model in m2m_history_models(history_model))
    return labels


# What reading a damaged zip raises: a bad structure, a broken compressed stream, a file cut
# short, a method or an encryption zipfile cannot read.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)

# What a back-up may unpack to. The manifest and the records are read whole into memory (and
# take about three times their size once parsed); the files are copied to the storage block by
# block. zipfile never unpacks an entry beyond the size its header states, so the headers are
# what is checked. A real cell's records take a few megabytes.
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
MAX_DATA_BYTES = 256 * 1024 * 1024
MAX_UNPACKED_BYTES = 20 * 1024 * 1024 * 1024


def _check_sizes(archive: zipfile.ZipFile) -> None:
    for name, limit in ((MANIFEST, MAX_MANIFEST_BYTES), (DATA, MAX_DATA_BYTES)):
        size = next((info.file_size for info in archive.infolist() if info.filename == name), 0)
        if size > limit:
            raise BackupError(
                f"The back-up's {name} unpacks to {size:,} bytes, more than the limit of {limit:,} "
                "bytes; nothing was imported."
            )
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_UNPACKED_BYTES:
        raise BackupError(
            f"The back-up unpacks to {total:,} bytes, more than the limit of {MAX_UNPACKED_BYTES:,} "
            "bytes; nothing was imported."
        )


def _read_json(archive: zipfile.ZipFile, name: str):
    try:
        return json.loads(archive.read(name))
    except KeyError:
        raise BackupError(f"The back-up has no {name}: it is not a cell05 cell back-up.") from None
    except (ValueError, *DAMAGED) as error:
        raise BackupError(f"The back-up's {name} is damaged: {error}") from None


def _is_list_of(value, kind) -> bool:
    return isinstance(value, list) and all(isinstance(item, kind) for item in value)


def _is_dict_of(value, kind) -> bool:
    return isinstance(value, dict) and all(
        isinstance(key, str) and isinstance(item, kind) for key, item in value.items()
    )


def _check_manifest(manifest) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("This file is not a cell05 cell back-up.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"The back-up is in format version {manifest.get('format_version')}; "
            f"this cell05 reads version {FORMAT_VERSION}."
        )
    # What the restore and its summary read, of the types they read it as.
    cell = manifest.get("cell")
    shapes = {
        "cell": _is_dict_of(cell, object)
        and isinstance(cell.get("slug"), str)
        and isinstance(cell.get("name"), str),
        "counts": _is_dict_of(manifest.get("counts"), int),
        "files": _is_dict_of(manifest.get("files"), dict),
        "migrations": _is_list_of(manifest.get("migrations"), str),
        "missing_files": _is_list_of(manifest.get("missing_files", []), str),
    }
    for key, right in shapes.items():
        if not right:
            raise BackupError(
                f"The back-up's manifest has no {key!r} or a damaged one: the back-up is damaged."
            )
    theirs, ours = set(manifest["migrations"]), set(applied_migrations())
    if theirs != ours:
        raise BackupError(
            "The back-up was made with another version of the database tables "
            f"(only in the back-up: {', '.join(sorted(theirs - ours)) or 'none'}; "
            f"only here: {', '.join(sorted(ours - theirs)) or 'none'}). "
            "Restore it with the same version of cell05 it was made with, then upgrade."
        )


def _check_records(manifest: dict, records) -> None:
    if not _is_list_of(records, dict) or not all(
        isinstance(record.get("model"), str)
        and isinstance(record.get("pk"), int | str)
        and _is_dict_of(record.get("fields"), object)
        for record in records
    ):
        raise BackupError(f"The back-up's {DATA} is damaged.")
    fields_of = file_fields()
    if not all(
        isinstance(record["fields"].get(name, ""), str | None)
        for record in records
        for name in fields_of.get(record["model"], ())
    ):
        raise BackupError(f"The back-up's {DATA} is damaged: a stored file is named by something not a name.")
    counts = Counter(record["model"] for record in records)
    unknown = (set(counts) | set(manifest["counts"])) - _allowed_labels()
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


def _history_labels() -> dict[str, str]:
    """The label of each history table a back-up holds, and that of the table of its records."""
    labels = {}
    for model in (SuperiorCommittee, *(model for model, _link, _parent in OWNED)):
        history_model = history_model_of(model)
        if history_model is not None:
            labels[history_model._meta.label_lower] = model._meta.label_lower
    return labels


def _keys(records: list[dict]) -> dict[str, set]:
    keys = defaultdict(set)
    for record in records:
        keys[record["model"]].add(record["pk"])
    return keys


def _check_belongs(records: list[dict]) -> None:
    """Every record belongs to the back-up's cell: each link points to a record of the back-up
    (a history entry's may point to a record of the cell deleted since, whose own history the
    back-up holds), each account is a member's or an office's of the back-up, and no account
    has more rights than a cell's. What is here already is checked later, in the transaction."""
    User = get_user_model()
    user_label = User._meta.label_lower
    keys = _keys(records)
    deleted = defaultdict(set)
    history_labels = _history_labels()
    for record in records:
        if record["model"] in history_labels and isinstance(record["fields"].get("id"), int | str):
            deleted[history_labels[record["model"]]].add(record["fields"]["id"])
    for record in records:
        label, fields = record["model"], record["fields"]
        model = apps.get_model(label)
        for field in model._meta.local_fields:
            value = fields.get(field.name)
            if not field.is_relation or value is None:
                continue
            target = field.related_model._meta.label_lower
            allowed = keys[target] | (deleted[target] if not field.db_constraint else set())
            if not isinstance(value, int | str) or value not in allowed:
                raise BackupError(
                    f"The back-up's {label} {record['pk']} points to {target} {value}, which is not "
                    "the back-up's: a back-up holds only its cell's records; nothing was imported."
                )
        # A history entry of the cell or of a committee is of one the back-up holds.
        live = history_labels.get(label)
        own_id = fields.get("id")
        if live in (Cell._meta.label_lower, SuperiorCommittee._meta.label_lower) and not (
            isinstance(own_id, int | str) and own_id in keys[live]
        ):
            raise BackupError(
                f"The back-up's {label} {record['pk']} is the history of {live} {fields.get('id')}, "
                "which is not the back-up's; nothing was imported."
            )
    staff_label = SuperiorCommittee.staff.through._meta.label_lower
    accounts = {
        record["fields"].get("user")
        for record in records
        if record["model"] in (Member._meta.label_lower, staff_label)
    }
    for record in records:
        if record["model"] != user_label:
            continue
        fields, name = record["fields"], record["fields"].get(User.USERNAME_FIELD)
        if record["pk"] not in accounts:
            raise BackupError(
                f"The back-up holds the account {name!r}, which is neither a member's of its cell nor "
                "of its committee's office; nothing was imported."
            )
        if (
            fields.get("is_superuser")
            or fields.get("is_staff")
            or fields.get("groups")
            or fields.get("user_permissions")
        ):
            raise BackupError(
                f"The back-up gives the account {name!r} the rights of an administrator (superuser, "
                "staff, groups or permissions), which a cell's account never has here; nothing was imported."
            )


def _match_committees(records: list[dict]) -> tuple[list[dict], list[str]]:
    """A committee of the back-up that this installation holds by its name is that one: the
    cell joins it as it is here. Its record, its office and its history in the back-up are left
    out, and so are the office's accounts that are not members of the cell."""
    committee_label = SuperiorCommittee._meta.label_lower
    names = {
        record["pk"]: record["fields"].get("name")
        for record in records
        if record["model"] == committee_label and isinstance(record["fields"].get("name"), str)
    }
    here = dict(SuperiorCommittee.objects.filter(name__in=names.values()).values_list("name", "pk"))
    matched = {pk: here[name] for pk, name in names.items() if name in here}
    if not matched:
        return records, []
    User = get_user_model()
    staff_label = SuperiorCommittee.staff.through._meta.label_lower
    history_label = history_model_of(SuperiorCommittee)._meta.label_lower
    kept = [
        record
        for record in records
        if not (
            (record["model"] == committee_label and record["pk"] in matched)
            or (record["model"] == staff_label and record["fields"].get("superiorcommittee") in matched)
            or (record["model"] == history_label and record["fields"].get("id") in matched)
        )
    ]
    accounts = {
        record["fields"].get("user")
        for record in kept
        if record["model"] in (Member._meta.label_lower, staff_label)
    }
    kept = [
        record for record in kept if record["model"] != User._meta.label_lower or record["pk"] in accounts
    ]
    for record in kept:
        for field in apps.get_model(record["model"])._meta.local_fields:
            value = record["fields"].get(field.name)
            if field.is_relation and field.related_model is SuperiorCommittee and value in matched:
                record["fields"][field.name] = matched[value]
            elif (
                field.is_relation
                and field.related_model is User
                and value is not None
                and value not in accounts
            ):
                record["fields"][field.name] = None  # as the export does with an author who stays behind
    return kept, [names[pk] for pk in sorted(matched)]


def _check_history_here(objects: list) -> None:
    """A history entry is never of a record this installation holds, nor joins a history here."""
    by_label = defaultdict(list)
    for item in objects:
        by_label[item.object._meta.label_lower].append(item.object)
    for history_label, live_label in _history_labels().items():
        ids = {entry.id for entry in by_label[history_label]}
        if not ids:
            continue
        own = {record.pk for record in by_label[live_label]}
        history_model, live_model = apps.get_model(history_label), apps.get_model(live_label)
        taken = {
            pk
            for chunk in id_chunks(ids - own)
            for pk in live_model._base_manager.filter(pk__in=chunk).values_list("pk", flat=True)
        } | {
            pk
            for chunk in id_chunks(ids)
            for pk in history_model._base_manager.filter(id__in=chunk).values_list("id", flat=True)
        }
        if taken:
            raise BackupError(
                f"The back-up holds history entries of records this installation holds ({live_label} "
                f"{', '.join(map(str, sorted(taken)[:10]))}): a back-up holds only its cell's history; "
                "nothing was imported."
            )


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
    """Every file is one the records name, under a plain relative name, with its bytes intact;
    every name in the records is a file of the back-up (or one its cell had lost), under the
    folder of its table, and never a file this installation holds."""
    files = manifest["files"]
    named = file_names(records)
    for name, info in files.items():
        if not _safe_name(name) or name not in named:
            raise BackupError(f"The back-up holds a file that no record names: {name!r}.")
        digest = hashlib.sha256()
        try:
            with archive.open(FILES + name) as source:
                while block := source.read(1024 * 1024):
                    digest.update(block)
        except (KeyError, *DAMAGED) as error:
            raise BackupError(f"The file {name} is missing from the back-up or damaged: {error}") from None
        if digest.hexdigest() != info.get("sha256"):
            raise BackupError(f"The file {name} in the back-up is damaged (its checksum differs).")
    lost = set(manifest.get("missing_files", []))
    history_labels = _history_labels()
    for record in records:
        folder = PurePosixPath(
            apps.get_model(history_labels.get(record["model"], record["model"]))._meta.model_name
        )
        for field in file_fields().get(record["model"], ()):
            name = record["fields"].get(field)
            if name and not (
                _safe_name(name) and PurePosixPath(name).parent == folder and name in files.keys() | lost
            ):
                raise BackupError(
                    f"The back-up's {record['model']} {record['pk']} names a file that is not one of the "
                    f"back-up's: {name!r}; nothing was imported."
                )
    held = sorted(name for name in lost & named if default_storage.exists(name))
    if held:
        raise BackupError(
            f"The back-up names as lost files that this installation holds: {', '.join(held[:10])}; "
            "nothing was imported."
        )


def _deserialize(records: list[dict]) -> list:
    try:
        return list(serializers.deserialize("python", records))
    except (DeserializationError, FieldDoesNotExist) as error:
        raise BackupError(f"The back-up's records cannot be read here: {error}") from None


def _count_taken(model, field: str, values) -> int:
    return sum(model._base_manager.filter(**{f"{field}__in": chunk}).count() for chunk in id_chunks(values))


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
        (User, User.USERNAME_FIELD, "accounts"),
        (Member, "card_number", "Party cards"),
    ]
    for model, field, what in clashes:
        # A damaged back-up may leave a value out; saving the row refuses it.
        values = [value for obj in by_model.get(model, []) if (value := getattr(obj, field))]
        found = sorted(
            value
            for chunk in id_chunks(values)
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
    except DAMAGED:
        raise BackupError("This file is not a cell05 cell back-up (it is not a zip file).") from None
    with archive:
        _check_sizes(archive)
        manifest = _read_json(archive, MANIFEST)
        _check_manifest(manifest)
        records = _read_json(archive, DATA)
        _check_records(manifest, records)
        _check_belongs(records)
        _check_files(archive, manifest, records)
        try:
            with transaction.atomic():
                records, manifest["matched_committees"] = _match_committees(records)
                objects = _deserialize(records)
                model_set = {type(item.object) for item in objects}
                _check_target(manifest, objects)
                _check_history_here(objects)
                for item in objects:
                    item.save(force_insert=True)
                connection.check_constraints(table_names=[model._meta.db_table for model in model_set])
                _reset_sequences(model_set)
                _write_files(archive, manifest)
        # OverflowError: SQLite's answer to a key beyond 64 bits (PostgreSQL's is a DatabaseError);
        # OSError: a file that cannot be written (a full disk).
        except (IntegrityError, DatabaseError, OverflowError, OSError) as error:
            raise BackupError(
                f"The records and files could not be written; nothing was imported: {error}"
            ) from error
    return manifest
