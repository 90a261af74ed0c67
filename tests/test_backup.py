"""Back-up and restore of one cell (issue 6, "Nothing lost"): the round trip gives back every
record, every history entry and every file; a restore that would clash changes nothing."""

import errno
import io
import json
import os
import shutil
import signal
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from cell05.periods import Period
from members.demo import DEMO_PASSWORD, DEMO_SLUG, load_members
from members.models import Cell, Member
from operations.backup import write_cell_backup
from operations.restore import import_cell
from oversight.demo import load_oversight
from oversight.models import Case
from oversight.services import case_attach
from plans.choices import DocumentDirection, DocumentKind
from plans.demo.monday import load_monday
from plans.demo.years import load_plans
from plans.models import CellDocument, MondayDayOff, Pledge, PledgeItem
from plans.services.years import document_save
from reports.choices import ReportKind
from reports.document.contents import report_figures
from reports.models import Report
from reports.services.editing import report_create, report_new_version
from reports.services.printing import report_finalise
from tests.factories import make_document, make_story, make_user, write_what_is_left

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
APPS = ("members", "plans", "oversight", "figures", "reports")
FILE_FIELDS = [
    (CellDocument, "file"),
    (Pledge, "reflection_file"),
    (Case, "attachment"),
    (Report, "final_pdf"),
]


def export_cell(cell) -> bytes:
    """The cell's back-up as the bytes of one zip file."""
    buffer = io.BytesIO()
    write_cell_backup(cell, buffer)
    return buffer.getvalue()


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table a back-up touches, the history tables included, serialized."""
    models = [get_user_model()]
    for app in APPS:
        models.extend(apps.get_app_config(app).get_models(include_auto_created=True))
    result = {
        model._meta.label_lower: serializers.serialize("python", model._base_manager.order_by("pk"))
        for model in models
    }
    for record in result["members.cell"]:
        record["fields"].pop("figures_stamp")  # the cache's, renewed by a restore
    return result


def stored_files() -> dict[str, bytes]:
    files = {}
    for model, field in FILE_FIELDS:
        for name in model.objects.exclude(**{field: ""}).values_list(field, flat=True):
            with model._meta.get_field(field).storage.open(name, "rb") as file:
                files[name] = file.read()
    return files


def five_year_figures(cell: Cell) -> dict:
    return report_figures(cell, Period.of_years(2016, 2021, as_of=date(2021, 4, 15)))


@pytest.fixture
def demo_with_files(transactional_db):
    """The demo cell alone (the demo's other cells would stay behind a back-up of this one),
    moved from its district to its commune, with a document, a study reflection, a case
    attachment and a final report with its PDF, a corrected version, and a record deleted (whose
    history stays). Committed, so that the restore runs in a transaction of its own, as on a
    server."""
    cell = load_members()
    load_plans(cell)
    load_monday(cell)
    load_oversight(cell)
    secretary = get_user_model().objects.get(username="bithu")
    document_save(
        actor=secretary,
        cell=cell,
        data={
            "kind": DocumentKind.PLAN,
            "direction": DocumentDirection.ISSUED,
            "number": "09-KH/CB",
            "issued_on": date(2021, 1, 12),
            "issuer": "Chi bộ Khối Đảng",
            "title": "Kế hoạch thực hiện chuyên đề năm 2021",
            "summary": "",
            "file": SimpleUploadedFile("Kế hoạch 09.pdf", PDF, content_type="application/pdf"),
        },
    )
    pledge = Pledge.objects.filter(member__user__username="dangvien01", study_year__year=2021).get()
    pledge.reflection_file.save("thu-hoach.pdf", ContentFile(PDF + b"% reflection\n"), save=False)
    pledge.reflection_file_name = "Bài thu hoạch.pdf"
    pledge._history_user = pledge.member.user
    pledge.save()
    case = Case.objects.get(cell=cell, decision_number="09-QĐ/CB")
    case_attach(actor=secretary, case=case, upload=SimpleUploadedFile("Kết luận.pdf", PDF + b"% case\n"))
    report = report_create(
        actor=secretary,
        cell=cell,
        data={
            "kind": ReportKind.FIVE_YEAR,
            "start_year": 2016,
            "end_year": 2021,
            "number": 15,
            "title": "Báo cáo tổng kết 5 năm thực hiện Chỉ thị số 05-CT/TW",
            "place": "Huyện",
            "report_date": date(2021, 4, 15),
            "recipients": "- Ban Thường vụ Huyện ủy,\n- Lưu Chi bộ.",
            "signer": Member.objects.get(user=secretary),
            "signer_title": "BÍ THƯ",
        },
    )
    write_what_is_left(report, secretary)
    report_finalise(actor=secretary, report=report)
    report_new_version(actor=secretary, report=report)
    PledgeItem.objects.filter(pledge=pledge).order_by("pk").first().delete()
    MondayDayOff.objects.filter(cell=cell).order_by("pk").first().delete()
    return cell


def empty_installation() -> None:
    """Every table emptied, as in a freshly migrated installation, and the uploads gone."""
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def test_backup_round_trip_gives_back_every_record_history_entry_and_file(demo_with_files, tmp_path):
    cell = demo_with_files
    before = snapshot()
    files_before, figures_before = stored_files(), five_year_figures(cell)
    frozen = Report.objects.get(cell=cell, version=1).final_figures
    history = sum(len(rows) for label, rows in before.items() if label.split(".")[1].startswith("historical"))
    records = sum(len(rows) for rows in before.values()) - history
    line = f"cell khoi-dang (Chi bộ Khối Đảng): {records} records, {history} history entries, 4 files"
    backup = tmp_path / "khoi-dang.zip"
    out = io.StringIO()
    call_command("export_cell", DEMO_SLUG, "--output", str(backup), stdout=out)
    assert out.getvalue().startswith(f"Exported {line} to {backup} (")

    with zipfile.ZipFile(backup) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = sorted(name for name in archive.namelist() if name.startswith("files/"))
    assert {label: count for label, count in manifest["counts"].items() if count} == {
        label: len(rows) for label, rows in before.items() if rows
    }
    assert PledgeItem.history.filter(history_type="-").count() == 1  # a deleted record's history travels
    assert manifest["counts"]["plans.historicalstudysession_attendees"] > 0
    assert manifest["counts"]["oversight.historicalcase_members"] > 0
    assert names == sorted(f"files/{name}" for name in files_before)
    assert [name.split("/")[1] for name in names] == ["case", "celldocument", "pledge", "report"]

    empty_installation()
    assert (get_user_model().objects.count(), Cell.objects.count(), Cell.history.count()) == (0, 0, 0)
    assert not Path(settings.MEDIA_ROOT).exists()

    out = io.StringIO()
    call_command("import_cell", str(backup), stdout=out)
    assert out.getvalue() == f"Imported {line} from {backup}.\n"
    after = snapshot()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    assert len(files_before) == 4
    assert stored_files() == files_before
    cell = Cell.objects.get(slug=DEMO_SLUG)
    assert five_year_figures(cell) == figures_before
    assert Report.objects.get(cell=cell, version=1).final_figures == frozen
    assert get_user_model().objects.get(username="dangvien07").check_password(DEMO_PASSWORD)
    assert get_user_model().objects.get(username="vanphong").superior_committees.get() == cell.committee
    # New keys follow the restored ones (on PostgreSQL, the sequences are reset).
    story = make_story(cell)
    assert story.pk > max(record["pk"] for record in before["plans.story"])
    assert story.history.get().history_id > max(record["pk"] for record in before["plans.historicalstory"])


def test_backup_carries_the_superior_committees_history(world):
    world.committee.place = "Ba Đình"
    world.committee.save()
    kept = world.committee.history.count()
    assert kept == 2

    manifest = json.loads(zipfile.ZipFile(io.BytesIO(export_cell(world.cell))).read("manifest.json"))

    assert manifest["counts"].get("members.historicalsuperiorcommittee", 0) == kept


def test_backup_holds_only_the_cells_users_and_forgets_other_users_in_the_history(world):
    outsider = make_user("quantri", is_superuser=True)
    world.member.position = "Chuyên viên chính"
    world.member._history_user = outsider
    world.member.save()
    world.deputy.position = "Phó Chánh Văn phòng"
    world.deputy._history_user = world.secretary.user
    world.deputy.save()

    records = json.loads(zipfile.ZipFile(io.BytesIO(export_cell(world.cell))).read("data.json"))

    usernames = {record["fields"]["username"] for record in records if record["model"] == "auth.user"}
    cell_users = {member.user.username for member in world.cell.members.all()}
    assert usernames == cell_users | {world.staff.username}
    assert {
        record["fields"]["cell"]
        for record in records
        if record["model"] in ("members.member", "members.partygroup")
    } == {world.cell.pk}
    changes = {
        record["fields"]["id"]: record["fields"]["history_user"]
        for record in records
        if record["model"] == "members.historicalmember" and record["fields"]["history_type"] == "~"
    }
    assert changes == {world.member.pk: None, world.deputy.pk: world.secretary.user.pk}


def test_import_into_an_installation_that_holds_the_cell_is_refused_and_changes_nothing(world):
    data = export_cell(world.cell)
    before = snapshot()

    with pytest.raises(CommandError, match="already holds the cell 'khu-pho-1'"):
        import_cell(data)
    assert snapshot() == before

    # Under another slug, the keys still clash: nothing is written either.
    Cell.objects.filter(pk=world.cell.pk).update(slug="khu-pho-1-cu")
    before = snapshot()
    with pytest.raises(CommandError, match="already holds records with the keys of the back-up"):
        import_cell(data)
    assert snapshot() == before


def test_backup_lists_the_files_that_records_name_but_the_storage_lacks(world):
    make_document(world.cell, file="celldocument/gone.pdf")

    manifest = json.loads(zipfile.ZipFile(io.BytesIO(export_cell(world.cell))).read("manifest.json"))

    assert (manifest["files"], manifest["missing_files"]) == ({}, ["celldocument/gone.pdf"])


def test_import_refuses_a_damaged_backup_and_writes_nothing(world):
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(export_cell(world.cell))) as original,
        zipfile.ZipFile(buffer, "w") as damaged,
    ):
        damaged.writestr("manifest.json", original.read("manifest.json"))
        damaged.writestr("data.json", json.dumps(json.loads(original.read("data.json"))[:-1]))
    # The cell is still here: the damage is found first, before any look at the database.
    before = snapshot()

    with pytest.raises(CommandError, match="do not match the manifest's counts"):
        import_cell(buffer.getvalue())
    assert snapshot() == before


def test_import_refuses_a_file_that_is_not_a_cell_backup(db, tmp_path):
    with pytest.raises(CommandError, match="not a zip file"):
        import_cell(b"PK but not a zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "something-else"}))
    with pytest.raises(CommandError, match="not a cell05 cell back-up"):
        import_cell(buffer.getvalue())
    with pytest.raises(CommandError, match="No cell with the slug 'nowhere'"):
        call_command("export_cell", "nowhere", "--output", str(tmp_path / "x.zip"))


def test_an_export_that_fails_midway_says_so_in_one_line_and_leaves_no_file(world, tmp_path, monkeypatch):
    def full_disk(cell, file):
        file.write(export_cell(cell)[:1000])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("operations.management.commands.export_cell.write_cell_backup", full_disk)
    target = tmp_path / "exports" / "khu-pho-1.zip"
    target.parent.mkdir()

    with pytest.raises(CommandError) as refusal:
        call_command("export_cell", world.cell.slug, "--output", str(target))

    assert str(refusal.value) == (
        f"The export failed and wrote nothing to {target}: [Errno 28] No space left on device"
    )
    assert list(target.parent.iterdir()) == []


def test_an_export_stopped_by_sigterm_leaves_no_file(world, tmp_path, monkeypatch):
    def stopped_midway(cell, file):
        file.write(export_cell(cell)[:1000])
        os.kill(os.getpid(), signal.SIGTERM)
        return write_cell_backup(cell, file)

    monkeypatch.setattr("operations.management.commands.export_cell.write_cell_backup", stopped_midway)
    target = tmp_path / "exports" / "khu-pho-1.zip"
    target.parent.mkdir()
    # Outside the command SIGTERM is ignored here, so that without the command's own handling
    # the export would run to its end rather than stop this test run.
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        with pytest.raises(SystemExit) as stop:
            call_command("export_cell", world.cell.slug, "--output", str(target))
    finally:
        signal.signal(signal.SIGTERM, previous)

    assert stop.value.code == 128 + signal.SIGTERM
    assert list(target.parent.iterdir()) == []


class ImportUndone(Exception):
    """Raised inside the test's transaction to undo an import that succeeded."""


def import_command(data: bytes, folder: Path) -> CommandError | None:
    """Run `manage.py import_cell` on the bytes; its refusal, or None when it imported (undone at
    once, so that the next copy meets the same empty installation)."""
    path = folder / "backup.zip"
    path.write_bytes(data)
    try:
        with transaction.atomic():
            call_command("import_cell", str(path), stdout=io.StringIO())
            raise ImportUndone
    except ImportUndone:
        shutil.rmtree(settings.MEDIA_ROOT)
        return None
    except CommandError as refusal:
        return refusal


def rows() -> int:
    """The rows of every table a back-up fills."""
    models = [get_user_model()]
    for app in APPS:
        models.extend(apps.get_app_config(app).get_models(include_auto_created=True))
    return sum(model._base_manager.count() for model in models)


def members(data: bytes) -> dict[str, bytes] | None:
    """What a zip holds, read back; None when zipfile cannot read all of it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    except Exception:
        return None


def rezip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture
def backup_elsewhere(transactional_db, world) -> bytes:
    """A back-up of the cell, with a document's file, taken to an empty installation: committed,
    since PostgreSQL empties no table in a transaction that has written to it."""
    make_document(world.cell, file=SimpleUploadedFile("ke-hoach.pdf", PDF), file_name="Kế hoạch.pdf")
    backup = export_cell(world.cell)
    empty_installation()
    return backup


def test_import_command_refuses_every_damaged_copy_of_a_backup_in_one_line(backup_elsewhere, tmp_path):
    backup = backup_elsewhere
    intact = members(backup)
    flipped = []
    for offset in range(0, len(backup), max(1, len(backup) // 200)):
        copy = bytearray(backup)
        copy[offset] ^= 0xA5
        flipped.append(bytes(copy))
    cut = [backup[:length] for length in range(0, len(backup), max(1, len(backup) // 60))]
    refused = 0
    for copy in flipped + cut:
        refusal = import_command(copy, tmp_path)
        if refusal is None:
            # Only the bytes that no reader looks at were hit (a date, an unused field).
            assert members(copy) == intact
            continue
        refused += 1
        assert (refusal.returncode, len(str(refusal).splitlines())) == (1, 1), str(refusal)
        assert rows() == 0
        assert not Path(settings.MEDIA_ROOT).exists()
    assert refused > len(flipped) // 2 + len(cut) - 1


def damaged_copies(backup: bytes) -> dict[str, bytes]:
    """The back-up with one part damaged in each way a file can be, its checksums intact."""
    original = members(backup)
    manifest = json.loads(original["manifest.json"])
    records = json.loads(original["data.json"])
    document = next(index for index, record in enumerate(records) if record["model"] == "plans.celldocument")

    def with_manifest(**changes):
        return rezip({**original, "manifest.json": json.dumps(manifest | changes).encode()})

    def with_record(index, **changes):
        changed = [dict(record) for record in records]
        changed[index]["fields"] = changed[index]["fields"] | changes
        return rezip({**original, "data.json": json.dumps(changed).encode()})

    return {
        "empty file": b"",
        "not a zip": b"PK\x03\x04 but not a zip",
        "no manifest": rezip(
            {name: content for name, content in original.items() if name != "manifest.json"}
        ),
        "manifest not JSON": rezip({**original, "manifest.json": b'{"format": "cell05-cell-bac'}),
        "records not JSON": rezip({**original, "data.json": b"\xff\xfe not json"}),
        "records not a list": rezip({**original, "data.json": b'{"model": "members.cell"}'}),
        "cell not an object": with_manifest(cell="khu-pho-1"),
        "counts a list": with_manifest(counts=[1, 2]),
        "files a list": with_manifest(files=["celldocument/a.pdf"]),
        "migrations not texts": with_manifest(migrations=[["members", "0001_initial"]]),
        "no migrations": with_manifest(migrations=None),
        "missing files a number": with_manifest(missing_files=3),
        "a table counted that no back-up holds": with_manifest(counts=manifest["counts"] | {"x": 0}),
        "a record without its table": rezip(
            {**original, "data.json": json.dumps([{"pk": 1, "fields": {}}] + records[1:]).encode()}
        ),
        "a record of an unknown field": with_record(0, nickname="x"),
        "a record without its key": rezip(
            {**original, "data.json": json.dumps([records[0] | {"pk": None}] + records[1:]).encode()}
        ),
        "an account without its name": with_record(0, username=None),
        "a file named by a list": with_record(document, file=["celldocument", "a.pdf"]),
        "a key beyond 64 bits": rezip(
            {**original, "data.json": json.dumps([records[0] | {"pk": 10**30}] + records[1:]).encode()}
        ),
        "a key of many lines": rezip(
            {**original, "data.json": json.dumps([records[0] | {"pk": "1\n2\n3"}] + records[1:]).encode()}
        ),
    }


def test_import_command_refuses_a_backup_with_damaged_contents_in_one_line(backup_elsewhere, tmp_path):
    refusals = {
        damage: import_command(copy, tmp_path) for damage, copy in damaged_copies(backup_elsewhere).items()
    }

    assert {
        damage: (refusal.returncode, len(str(refusal).splitlines()))
        for damage, refusal in refusals.items()
        if refusal is not None
    } == dict.fromkeys(refusals, (1, 1))
    assert rows() == 0
    assert not Path(settings.MEDIA_ROOT).exists()


def test_import_that_finds_the_disk_full_writes_nothing_and_says_so_in_one_line(
    backup_elsewhere, tmp_path, monkeypatch
):
    def full_disk(storage, name, content):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("cell05.storage.AtomicFileSystemStorage._save", full_disk)

    refusal = import_command(backup_elsewhere, tmp_path)

    assert str(refusal) == (
        "The records and files could not be written; nothing was imported: [Errno 28] No space left on device"
    )
    assert rows() == 0
