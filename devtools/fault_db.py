"""The database side of the fault run (devtools/fault_run.py), called through `manage.py shell -c`:
each function prints one JSON line."""

import json
import zipfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from jobs.choices import JobKind, JobState
from jobs.models import Job
from jobs.services import job_start
from members.models import Cell, Member, SuperiorCommittee
from operations.cleanup import referenced_names
from plans.models import Pledge


def _print(value) -> None:
    print(json.dumps(value, ensure_ascii=False, default=str))


def pledges(usernames: list[str], year: int) -> None:
    """Per member: how many pledges of the year, their items, the first item's target."""
    found = {name: {"pledges": 0, "items": 0, "first": ""} for name in usernames}
    for pledge in Pledge.objects.filter(
        member__user__username__in=usernames, study_year__year=year
    ).prefetch_related("items", "member__user"):
        items = sorted(pledge.items.all(), key=lambda item: (item.order, item.pk))
        entry = found[pledge.member.user.username]
        entry["pledges"] += 1
        entry["items"] = len(items)
        entry["first"] = items[0].target if items else ""
    _print(found)


def files() -> None:
    """The files under the media folder that no record names (temporary ones included), and the
    records whose file is missing."""
    named = referenced_names()
    root = Path(settings.MEDIA_ROOT)
    present = (
        {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}
        if root.exists()
        else set()
    )
    # The member lists previewed for an import are kept, unnamed, for an hour (members.import_file).
    from members.import_file import PREVIEW_FOLDER

    kept = {name for name in present if name.startswith(f"{PREVIEW_FOLDER}/")}
    _print({"orphans": sorted(present - named - kept), "missing": sorted(named - present)})


def start_job(kind: str, rows: int = 300) -> None:
    """Start a job of that kind for the fault run's cell, as its secretary or its office would."""
    cell = Cell.objects.order_by("pk").first()
    parameters, owner = {}, {"cell": cell}
    if kind == JobKind.COMMITTEE_PDF:
        parameters, owner = {"start_year": 2021, "end_year": 2025}, {"committee": cell.committee}
    elif kind == JobKind.CELL_REPORT:
        from reports.services.editing import report_create
        from tests.factories import report_header

        secretary = (
            Member.objects.filter(cell=cell, role="secretary").first()
            or Member.objects.filter(cell=cell).first()
        )
        report = report_create(actor=secretary.user, cell=cell, data=report_header(secretary))
        parameters = {"report": report.pk, "final": False}
    elif kind == JobKind.MEMBER_IMPORT:
        from members import import_file
        from members.resources import COLUMNS

        lines = [",".join(COLUMNS.values())]
        lines += [
            f"Người Thử Số {number},Nam,01/01/1990,19/05/2015,19/05/2016,{90000000 + number},,,,,,"
            for number in range(rows)
        ]
        name = import_file.preview_save("\n".join(lines).encode())
        parameters = {"name": name, "format": "csv", "file_name": "danh-sach.csv"}
    # Asked by an administrator, who may start every kind.
    admin, _created = get_user_model().objects.get_or_create(
        username="fault-run-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    job = job_start(actor=admin, kind=kind, parameters=parameters, **owner)
    _print({"job": str(job.pk), "members": Member.objects.filter(cell=cell).count()})


def job(pk: str) -> None:
    found = Job.objects.get(pk=pk)
    cell = Cell.objects.order_by("pk").first()
    _print(
        {
            "state": found.state,
            "attempt": found.attempt,
            "error": found.error,
            "summary": found.summary,
            "result": found.result.name,
            "members": Member.objects.filter(cell=cell).count(),
        }
    )


def jobs_left_running() -> None:
    _print({"running": Job.objects.filter(state=JobState.RUNNING).count()})


def restore_damaged(backup: str, folder: str) -> None:
    """Restore every damaged copy in `folder` with import_cell into this (empty) database: what
    each ended with, and whether anything was written."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    outcomes = {}
    for path in sorted(Path(folder).glob("*.zip")):
        try:
            call_command("import_cell", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
            outcome = "restored"
        except CommandError:
            outcome = "refused"
        except SystemExit as exit_status:
            outcome = "refused" if exit_status.code == 1 else f"exit {exit_status.code}"
        except Exception as error:  # a traceback for the person: what the fault run counts
            outcome = f"crashed: {type(error).__name__}"
        outcomes[path.name] = outcome
        if outcome == "restored":
            Cell.objects.all().delete()
    written = Cell.objects.count() + SuperiorCommittee.objects.count()
    _print({"outcomes": outcomes, "written": written, "valid": zipfile.is_zipfile(backup)})
