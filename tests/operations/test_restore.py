"""A crafted back-up restores nothing beyond its cell (issue 29, item 3): an edited back-up of
one cell, imported into an installation that holds another, is refused in one line, with
nothing written, whatever it claims for accounts, committees, history or files."""

import io
import json
from collections import Counter
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from figures.models import COUNTS
from members.models import Cell, SuperiorCommittee
from operations.restore import import_cell
from plans.models import CellDocument
from reports.services.entered import entered_figures_save
from tests.factories import make_committee, make_document, make_user
from tests.test_backup import PDF, empty_installation, export_cell, members, rezip, snapshot


def forget(backup: bytes) -> None:
    """Remove from this installation every row and file the back-up holds, as if it had been
    made elsewhere (raw deletes: no history entry of the removal, no cascade)."""
    contents = members(backup)
    for record in reversed(json.loads(contents["data.json"])):
        apps.get_model(record["model"])._base_manager.filter(pk=record["pk"])._raw_delete("default")
    for name in json.loads(contents["manifest.json"])["files"]:
        default_storage.delete(name)


@pytest.fixture
def elsewhere(world):
    """A back-up of the other cell (with a document's file and an office account of its
    committee), taken to an installation that holds the first cell, its committee and a file."""
    own_document = make_document(world.cell, file=SimpleUploadedFile("a.pdf", PDF + b"% cell A\n"))
    world.other_cell.committee.staff.add(make_user("vanphong-khac"))
    document = make_document(world.other_cell, file=SimpleUploadedFile("c.pdf", PDF + b"% cell C\n"))
    backup = export_cell(world.other_cell)
    forget(backup)
    return SimpleNamespace(
        backup=backup,
        world=world,
        own_file=own_document.file.name,
        document_pk=document.pk,
        secretary_user_pk=world.other_secretary.user_id,
        cell_pk=world.other_cell.pk,
    )


def crafted(backup: bytes, change) -> bytes:
    """The back-up with its records and manifest edited, the manifest's counts adjusted."""
    contents = members(backup)
    manifest, records = json.loads(contents["manifest.json"]), json.loads(contents["data.json"])
    change(manifest, records)
    manifest["counts"] = dict(Counter(record["model"] for record in records))
    contents |= {"manifest.json": json.dumps(manifest).encode(), "data.json": json.dumps(records).encode()}
    return rezip(contents)


def record(records: list[dict], model: str, pk) -> dict:
    return next(item for item in records if item["model"] == model and item["pk"] == pk)


def stored() -> list[str]:
    root = Path(default_storage.location)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def written(data: bytes, tmp_path) -> str:
    path = tmp_path / "backup.zip"
    path.write_bytes(data)
    return str(path)


def refusal_of(data: bytes, tmp_path) -> str:
    """What `manage.py import_cell` says of the file, having checked that it wrote nothing."""
    before, files = snapshot(), stored()
    with pytest.raises(CommandError) as refusal:
        call_command("import_cell", written(data, tmp_path), stdout=io.StringIO())
    assert (snapshot(), stored()) == (before, files)
    assert len(str(refusal.value).splitlines()) == 1
    return str(refusal.value)


def test_an_untouched_backup_imports_beside_another_cell(elsewhere, tmp_path):
    out = io.StringIO()
    call_command("import_cell", written(elsewhere.backup, tmp_path), stdout=out)

    assert sorted(Cell.objects.values_list("slug", flat=True)) == ["khu-pho-1", "thon-2"]
    assert out.getvalue().startswith("Imported cell thon-2 (Chi bộ Thôn 2): ")
    document = CellDocument.objects.get(pk=elsewhere.document_pk)
    assert document.file.read() == PDF + b"% cell C\n"


def test_a_backup_that_makes_an_account_superuser_is_refused(elsewhere, tmp_path):
    def superuser(manifest, records):
        account = record(records, "auth.user", elsewhere.secretary_user_pk)
        account["fields"] |= {"is_superuser": True, "is_staff": True}

    name = elsewhere.world.other_secretary.user.username

    assert refusal_of(crafted(elsewhere.backup, superuser), tmp_path) == (
        f"The back-up gives the account '{name}' the rights of an administrator (superuser, staff, "
        "groups or permissions), which a cell's account never has here; nothing was imported."
    )


def test_a_backup_that_puts_its_account_in_another_committees_office_is_refused(elsewhere, tmp_path):
    committee = elsewhere.world.committee

    def office(manifest, records):
        records.insert(
            3,
            {
                "model": "members.superiorcommittee_staff",
                "pk": 9001,
                "fields": {"superiorcommittee": committee.pk, "user": elsewhere.secretary_user_pk},
            },
        )

    assert refusal_of(crafted(elsewhere.backup, office), tmp_path) == (
        f"The back-up's members.superiorcommittee_staff 9001 points to members.superiorcommittee "
        f"{committee.pk}, which is not the back-up's: a back-up holds only its cell's records; "
        "nothing was imported."
    )
    assert list(committee.staff.values_list("username", flat=True)) == [elsewhere.world.staff.username]


def test_a_backup_that_plants_a_deputy_secretary_in_another_cell_is_refused(elsewhere, tmp_path):
    world = elsewhere.world

    def planted(manifest, records):
        account = record(records, "auth.user", elsewhere.secretary_user_pk)
        member = record(records, "members.member", world.other_secretary.pk)
        records.insert(1, {**account, "pk": 9002, "fields": account["fields"] | {"username": "planted"}})
        records.append(
            {
                "model": "members.member",
                "pk": 9003,
                "fields": member["fields"]
                | {"cell": world.cell.pk, "group": world.group1.pk, "user": 9002, "role": "deputy_secretary"},
            }
        )

    assert refusal_of(crafted(elsewhere.backup, planted), tmp_path) == (
        f"The back-up's members.member 9003 points to members.cell {world.cell.pk}, which is not the "
        "back-up's: a back-up holds only its cell's records; nothing was imported."
    )


def test_a_backup_that_holds_an_account_of_no_member_is_refused(elsewhere, tmp_path):
    def stray(manifest, records):
        account = record(records, "auth.user", elsewhere.secretary_user_pk)
        records.insert(1, {**account, "pk": 9002, "fields": account["fields"] | {"username": "planted"}})

    assert refusal_of(crafted(elsewhere.backup, stray), tmp_path) == (
        "The back-up holds the account 'planted', which is neither a member's of its cell nor of its "
        "committee's office; nothing was imported."
    )


def test_a_backup_that_writes_into_another_secretarys_history_is_refused(elsewhere, tmp_path):
    secretary = elsewhere.world.secretary
    history = secretary.history.count()

    def role_change(manifest, records):
        entry = next(item for item in records if item["model"] == "members.historicalmember")
        records.append(
            entry
            | {
                "pk": 9004,
                "fields": entry["fields"]
                | {
                    "id": secretary.pk,
                    "role": "member",
                    "history_type": "~",
                    "history_user": elsewhere.secretary_user_pk,
                    "history_change_reason": "member.role_changed",
                },
            }
        )

    assert refusal_of(crafted(elsewhere.backup, role_change), tmp_path) == (
        f"The back-up holds history entries of records this installation holds (members.member "
        f"{secretary.pk}): a back-up holds only its cell's history; nothing was imported."
    )
    assert secretary.history.count() == history


@pytest.mark.parametrize("listed_as_lost", [False, True])
def test_a_backup_whose_document_names_another_cells_file_is_refused(elsewhere, tmp_path, listed_as_lost):
    def borrowed(manifest, records):
        record(records, "plans.celldocument", elsewhere.document_pk)["fields"]["file"] = elsewhere.own_file
        if listed_as_lost:
            manifest["missing_files"] = [elsewhere.own_file]

    expected = (
        f"The back-up names as lost files that this installation holds: {elsewhere.own_file}; "
        "nothing was imported."
        if listed_as_lost
        else f"The back-up's plans.celldocument {elsewhere.document_pk} names a file that is not one of "
        f"the back-up's: '{elsewhere.own_file}'; nothing was imported."
    )
    assert refusal_of(crafted(elsewhere.backup, borrowed), tmp_path) == expected


def test_a_backup_whose_document_names_a_file_outside_its_folder_is_refused(elsewhere, tmp_path):
    def escaped(manifest, records):
        record(records, "plans.celldocument", elsewhere.document_pk)["fields"]["file"] = "../../../etc/passwd"
        manifest["missing_files"] = ["../../../etc/passwd"]

    assert refusal_of(crafted(elsewhere.backup, escaped), tmp_path) == (
        f"The back-up's plans.celldocument {elsewhere.document_pk} names a file that is not one of "
        "the back-up's: '../../../etc/passwd'; nothing was imported."
    )


def test_a_backup_whose_records_unpack_beyond_the_limit_is_refused(elsewhere, tmp_path, monkeypatch):
    monkeypatch.setattr("operations.restore.MAX_DATA_BYTES", 1024 * 1024)
    contents = members(elsewhere.backup)
    padded = contents["data.json"] + b" " * (2 * 1024 * 1024)

    assert refusal_of(rezip({**contents, "data.json": padded}), tmp_path) == (
        f"The back-up's data.json unpacks to {len(padded):,} bytes, more than the limit of 1,048,576 "
        "bytes; nothing was imported."
    )


def test_a_backup_that_unpacks_beyond_the_limit_is_refused(elsewhere, tmp_path, monkeypatch):
    monkeypatch.setattr("operations.restore.MAX_UNPACKED_BYTES", 1000)
    total = sum(len(content) for content in members(elsewhere.backup).values())

    assert refusal_of(elsewhere.backup, tmp_path) == (
        f"The back-up unpacks to {total:,} bytes, more than the limit of 1,000 bytes; nothing was imported."
    )


def test_a_backup_file_that_cannot_be_opened_is_refused_in_one_line(elsewhere, tmp_path, monkeypatch):
    path = tmp_path / "backup.zip"
    path.write_bytes(elsewhere.backup)

    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(CommandError) as refusal:
        call_command("import_cell", str(path), stdout=io.StringIO())

    assert str(refusal.value) == f"The file {path} cannot be opened: Permission denied."
    assert not Cell.objects.filter(slug="thon-2").exists()


def test_a_committee_already_here_is_matched_and_left_as_it_is(elsewhere, tmp_path):
    here = make_committee("Đảng ủy xã Khác")
    here.staff.add(make_user("vanphong-xa"))
    fields = SuperiorCommittee.objects.filter(pk=here.pk).values().get()

    out = io.StringIO()
    path = written(elsewhere.backup, tmp_path)
    call_command("import_cell", path, stdout=out)

    cell = Cell.objects.get(slug="thon-2")
    assert cell.committee == here
    assert SuperiorCommittee.objects.filter(pk=here.pk).values().get() == fields
    assert list(here.staff.values_list("username", flat=True)) == ["vanphong-xa"]
    assert not get_user_model().objects.filter(username="vanphong-khac").exists()
    assert SuperiorCommittee.objects.filter(name="Đảng ủy xã Khác").count() == 1
    assert out.getvalue().endswith(
        " (the committee Đảng ủy xã Khác was already here: the cell joined it as it is, without its "
        f"office) from {path}.\n"
    )


def test_backup_round_trip_gives_back_the_figures_entered_from_the_cells_reports(transactional_db, world):
    entered_figures_save(
        actor=world.secretary.user,
        cell=world.cell,
        year=2019,
        data=dict.fromkeys(COUNTS, 0) | {"report_number": "19-BC/CB", "report_date": date(2019, 12, 20)},
    )
    data, before = export_cell(world.cell), snapshot()

    empty_installation()
    import_cell(data)

    after = snapshot()
    for label in ("figures.enteredyearfigures", "figures.historicalenteredyearfigures"):
        assert after[label] == before[label] != [], label
    assert Cell.objects.get(slug="khu-pho-1").entered_years.get().report_number == "19-BC/CB"
