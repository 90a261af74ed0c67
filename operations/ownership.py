"""Which records of a cell's back-up are its cell's (`operations/restore.py` restores them).

A back-up may have been edited on its way: every record must belong to the back-up's cell, each
account to a member or to the office of a committee that comes with it, each history entry to a
record of the cell; a committee this installation already holds is matched, never changed.
"""

from collections import defaultdict

from django.apps import apps
from django.contrib.auth import get_user_model

from members.models import Cell, Member, SuperiorCommittee
from operations.backup import OWNED, BackupError, history_model_of, id_chunks


def history_tables() -> dict[str, str]:
    """The label of each history table a back-up holds, and that of the table of its records."""
    labels = {}
    for model in (SuperiorCommittee, *(model for model, _link, _parent in OWNED)):
        history_model = history_model_of(model)
        if history_model is not None:
            labels[history_model._meta.label_lower] = model._meta.label_lower
    return labels


def record_keys(records: list[dict]) -> dict[str, set]:
    keys = defaultdict(set)
    for record in records:
        keys[record["model"]].add(record["pk"])
    return keys


def check_belongs(records: list[dict]) -> None:
    """Every record belongs to the back-up's cell: each link points to a record of the back-up
    (a history entry's may point to a record of the cell deleted since, whose own history the
    back-up holds), each account is a member's or an office's of the back-up, and no account
    has more rights than a cell's. What is here already is checked later, in the transaction."""
    User = get_user_model()
    user_label = User._meta.label_lower
    keys = record_keys(records)
    deleted = defaultdict(set)
    history_labels = history_tables()
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


def match_committees(records: list[dict]) -> tuple[list[dict], list[str]]:
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


def check_history_here(objects: list) -> None:
    """A history entry is never of a record this installation holds, nor joins a history here."""
    by_label = defaultdict(list)
    for item in objects:
        by_label[item.object._meta.label_lower].append(item.object)
    for history_label, live_label in history_tables().items():
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
