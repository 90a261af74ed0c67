"""`python manage.py province_users --scratch NAME --password PW`: the users of the HTTP province run.

After `bench_province` has built a province, it draws users from random cells and committees
of it: plain members (each with last year's pledge to open, and a draft pledge of this year to
save, which it begins with one item), cell secretaries and committee offices, and gives only
them the password, so that signing them in costs one hash each rather than one per account.
It prints one JSON line: last year, and per role the users with the addresses of their pages.
`devtools/province_run.py` signs them in over HTTP and drives the mix with them.
"""

import json
import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.urls import reverse

from devtools.management.commands.bench_province import scratch_database_problem
from members.choices import CellRole
from members.models import Cell, Member, SuperiorCommittee
from plans.choices import Aspect
from plans.demo.years import KEY_CONTENTS, WHOLE_TERM_THEME
from plans.models import KeyContent, Pledge, StudyYear
from plans.services.pledges import pledge_start, pledge_update


class Command(BaseCommand):
    help = "Choose the signed-in users of the HTTP province run and print their pages as JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scratch", default="", help="the name of the database, confirming it may be changed"
        )
        parser.add_argument("--password", default="", help="the password of the chosen users")
        parser.add_argument("--members", type=int, default=12, help="plain members (12)")
        parser.add_argument("--secretaries", type=int, default=6, help="cell secretaries (6)")
        parser.add_argument("--offices", type=int, default=2, help="committee offices (2)")
        parser.add_argument("--seed", type=int, default=5, help="seed of the draw (5)")

    def handle(self, *args, scratch, password, members, secretaries, offices, seed, **options):
        problem = scratch_database_problem(connection.settings_dict, scratch)
        if problem:
            raise CommandError(f"Refusing to run: {problem}")
        if len(password) < 10:
            raise CommandError("--password needs at least 10 characters.")
        rng = random.Random(seed)  # noqa: S311 - which users to draw, not a secret
        with transaction.atomic():
            chosen = self.choose(
                rng, password=password, members=members, secretaries=secretaries, offices=offices
            )
        self.stdout.write(json.dumps(chosen, ensure_ascii=False))

    def choose(
        self, rng: random.Random, *, password: str, members: int, secretaries: int, offices: int
    ) -> dict:
        last_year = date.today().year - 1
        cells = list(Cell.objects.filter(committee__isnull=False).order_by("pk"))
        committees = list(SuperiorCommittee.objects.filter(staff__isnull=False).distinct().order_by("pk"))
        if len(cells) < members + secretaries or len(committees) < offices:
            raise CommandError("The province has fewer cells or committees than the users asked for.")
        drawn = rng.sample(cells, members + secretaries)
        result = {"year": last_year, "member": [], "secretary": [], "office": []}
        users = []
        for cell in drawn[:members]:
            member, pledge = self._member_with_pledge(rng, cell, last_year)
            draft = self._draft(member)
            users.append(member.user)
            result["member"].append(
                {
                    "username": member.user.username,
                    "pledge": reverse("plans:pledge_detail", kwargs={"slug": cell.slug, "pk": pledge.pk}),
                    "draft": reverse("plans:pledge_edit", kwargs={"slug": cell.slug, "pk": draft.pk}),
                }
            )
        for cell in drawn[members:]:
            secretary = Member.objects.select_related("user").get(
                cell=cell, role=CellRole.SECRETARY, left_on__isnull=True
            )
            users.append(secretary.user)
            result["secretary"].append(
                {
                    "username": secretary.user.username,
                    "year": reverse("plans:year_detail", kwargs={"slug": cell.slug, "year": last_year}),
                    "member_list": reverse("members:member_list", kwargs={"slug": cell.slug}),
                }
            )
        for committee in rng.sample(committees, offices):
            staff = committee.staff.get()
            users.append(staff)
            table = reverse("reports:committee_table", kwargs={"pk": committee.pk})
            result["office"].append(
                {"username": staff.username, "table": f"{table}?start={last_year}&end={last_year}"}
            )
        for user in users:
            user.set_password(password)
        get_user_model().objects.bulk_update(users, ["password"])
        return result

    @staticmethod
    def _member_with_pledge(rng: random.Random, cell: Cell, year: int) -> tuple[Member, Pledge]:
        """A current plain member of the cell with an account and a pledge of the year."""
        pledges = list(
            Pledge.objects.filter(
                study_year__cell=cell,
                study_year__year=year,
                member__role=CellRole.MEMBER,
                member__left_on__isnull=True,
                member__user__isnull=False,
            )
            .select_related("member__user")
            .order_by("pk")
        )
        if not pledges:
            raise CommandError(f"The cell {cell.slug} has no plain member with a pledge of {year}.")
        pledge = rng.choice(pledges)
        return pledge.member, pledge

    @staticmethod
    def _draft(member: Member) -> Pledge:
        """The member's draft pledge of this year, with one item; the year opened if need be."""
        study_year, created = StudyYear.objects.get_or_create(
            cell=member.cell,
            year=date.today().year,
            defaults={"theme": WHOLE_TERM_THEME, "pledge_deadline": date.today() + timedelta(days=30)},
        )
        if created:
            KeyContent.objects.bulk_create(
                KeyContent(study_year=study_year, order=order, text=KEY_CONTENTS[order]) for order in (1, 2)
            )
        draft = pledge_start(actor=member.user, member=member, study_year=study_year)
        item = {
            "action": "Đọc và ghi chép một tác phẩm của Bác mỗi tháng",
            "aspect": Aspect.THOUGHT,
            "target": "12 bài ghi chép",
            "timeframe": "Hằng tháng",
        }
        return pledge_update(actor=member.user, pledge=draft, version=draft.version, items=[item])
