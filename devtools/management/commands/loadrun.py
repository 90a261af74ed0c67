"""`python manage.py loadrun prepare|verify`: the database side of the load run of issue 6.

`prepare` builds, in an empty scratch database, the cells of the load run (by default 2 cells
of 25 members, every one with a sign-in account and the password given) with their records of
last year, and opens this year for pledges with the deadline one hour from now; no member has
a pledge for this year yet. It prints one JSON line: the year, the deadline, and each member's
account and cell.

`verify` counts the members of those cells whose pledge for the year is missing, not
"submitted", duplicated, or submitted more than once (its history holds one submission),
and prints one JSON line with the count and the members concerned.

`devtools/load_run.py` runs both around the load against gunicorn. The scratch rule: SQLite in
a file inside the system's temporary folder, or PostgreSQL on a Unix socket inside it (the
throwaway cluster of `tests/run_suites.py`); `prepare` also needs a database without cells.
"""

import json
import tempfile
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from devtools.dataset import build_dataset
from members.models import Cell, Member, SuperiorCommittee
from plans.choices import PledgeState
from plans.demo.years import KEY_CONTENTS, WHOLE_TERM_THEME
from plans.models import KeyContent, Pledge, StudyYear

COMMITTEE_NAME = "Đảng bộ xã Tải Thử"
SUBMITTED_REASON = "pledge.submitted"


def scratch_database_problem(settings_dict: dict) -> str | None:
    """Why this database is not a scratch one, or None if it is."""
    scratch = Path(tempfile.gettempdir()).resolve()
    if connection.vendor == "sqlite":
        place = str(settings_dict.get("NAME") or "")
        if not place or place == ":memory:" or place.startswith("file:"):
            return "the load run needs a SQLite file, not an in-memory database."
    elif connection.vendor == "postgresql":
        options = settings_dict.get("OPTIONS") or {}
        place = str(settings_dict.get("HOST") or options.get("host") or "")
        if not place.startswith("/"):
            return "the load run needs PostgreSQL on a Unix socket in the temporary folder, not over TCP."
    else:
        return f"the load run does not know the {connection.vendor} database."
    if scratch not in Path(place).resolve().parents:
        return f"the database at {place} is not inside the temporary folder {scratch}."
    return None


class Command(BaseCommand):
    help = "Prepare the data of the load run of issue 6, or verify the pledges it submitted."

    def add_arguments(self, parser):
        parser.add_argument("step", choices=["prepare", "verify"])
        parser.add_argument("--cells", type=int, default=2, help="cells of the load run (2)")
        parser.add_argument("--members", type=int, default=25, help="members per cell (25)")
        parser.add_argument("--password", default="", help="the password of every member (prepare)")

    def handle(self, *args, step, cells, members, password, **options):
        problem = scratch_database_problem(connection.settings_dict)
        if problem:
            raise CommandError(f"Refusing to run: {problem}")
        if step == "prepare":
            result = self.prepare(cells=cells, members=members, password=password)
        else:
            result = self.verify()
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    @transaction.atomic
    def prepare(self, *, cells: int, members: int, password: str) -> dict:
        if Cell.objects.exists():
            raise CommandError("Refusing to run: the database already holds cells; use a new scratch one.")
        if min(cells, members) < 1:
            raise CommandError("--cells and --members must be at least 1.")
        if len(password) < 10:
            raise CommandError("--password needs at least 10 characters.")
        now = timezone.localtime()
        year = now.year
        # Last year's records only: with one year nobody joins or leaves, so every member
        # is in the cell and may file this year's pledge.
        committee = build_dataset(
            cells=cells, members_per_cell=members, years=range(year - 1, year), committee_name=COMMITTEE_NAME
        )
        deadline = (now + timedelta(hours=1)).date()
        User = get_user_model()
        encoded = make_password(password)  # hashed once: 50 hashes would take a minute
        roster = []
        for member in (
            Member.objects.filter(cell__committee=committee).select_related("cell", "user").order_by("pk")
        ):
            if member.user is None:
                member.user = User.objects.create(
                    username=f"{member.cell.slug}-{member.pk}", first_name=member.full_name
                )
                member.save(update_fields=["user"])
            member.user.password = encoded
            member.user.save(update_fields=["password"])
            roster.append({"username": member.user.username, "cell": member.cell.slug, "member": member.pk})
        for cell in Cell.objects.filter(committee=committee):
            study_year = StudyYear.objects.create(
                cell=cell, year=year, theme=WHOLE_TERM_THEME, pledge_deadline=deadline
            )
            KeyContent.objects.bulk_create(
                KeyContent(study_year=study_year, order=order, text=KEY_CONTENTS[order]) for order in (1, 2)
            )
        if Pledge.objects.filter(study_year__year=year, member__cell__committee=committee).exists():
            raise CommandError("The load run's members already have pledges for this year.")
        return {"year": year, "deadline": deadline.isoformat(), "members": roster}

    def verify(self) -> dict:
        year = timezone.localdate().year
        committee = SuperiorCommittee.objects.get(name=COMMITTEE_NAME)
        this_year = Q(pledges__study_year__year=year)
        rows = (
            Member.objects.filter(cell__committee=committee, left_on__isnull=True)
            .annotate(
                pledges_of_year=Count("pledges", filter=this_year),
                submitted=Count("pledges", filter=this_year & Q(pledges__state=PledgeState.SUBMITTED)),
            )
            .order_by("pk")
        )
        submissions = dict(
            Pledge.history.filter(
                study_year__year=year,
                history_change_reason=SUBMITTED_REASON,
                member__cell__committee=committee,
            )
            .values_list("id")
            .annotate(times=Count("history_id"))
        )
        pledge_of = dict(
            Pledge.objects.filter(study_year__year=year, member__cell__committee=committee).values_list(
                "member_id", "pk"
            )
        )
        lost = []
        for member in rows:
            times = submissions.get(pledge_of.get(member.pk), 0)
            if (member.pledges_of_year, member.submitted, times) != (1, 1, 1):
                lost.append(
                    {
                        "member": member.pk,
                        "pledges": member.pledges_of_year,
                        "submitted": member.submitted,
                        "submissions_in_history": times,
                    }
                )
        return {"members": len(rows), "lost_updates": len(lost), "lost": lost}
