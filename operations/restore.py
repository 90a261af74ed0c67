"""Restore of one cell from its back-up (`operations/backup.py` says what the zip holds).

The restore keeps the primary keys, so that history and links stay as they were: it goes into
an installation that holds none of them (a fresh one, or one with other cells), in one
transaction, and refuses anything else before writing, including whatever an edited back-up
holds beyond its cell (`operations/ownership.py`).
"""

import hashlib
import io
import json
import zipfile
import zlib
from collections import Counter
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
from operations.ownership import check_belongs, check_history_here, history_tables, match_committees


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
    history_labels = history_tables()
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
        check_belongs(records)
        _check_files(archive, manifest, records)
        try:
            with transaction.atomic():
                records, manifest["matched_committees"] = match_committees(records)
                objects = _deserialize(records)
                model_set = {type(item.object) for item in objects}
                _check_target(manifest, objects)
                check_history_here(objects)
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
