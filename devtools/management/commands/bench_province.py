"""`python manage.py bench_province --scratch NAME`: the province figures of issue 7.

It builds a province (by default 4,000 cells of 20 to 30 members under 40 superior committees,
5 years of records; devtools.province) and prints, one per line as `name: value`: the build time,
the 95th percentile of the pages a member, a secretary and a committee's office open most, each
asked as many different users in random cells after a warm-up, with its mean time in the
database's calls and in Python (`province_sql_ms_<page>`, `province_python_ms_<page>`), each
page's query count (on the smallest and on the largest cell or committee, which must be equal)
and the time of the committee table over one year. A missed goal is printed, not an error: the
exit code stays 0.

It writes millions of rows, so it runs only on PostgreSQL, on the database named by --scratch:
the caller says that this database may be filled (devtools/province_run.py makes a throwaway
cluster for it), and the province's prefix must not be in use yet.
"""

import math
import random
import statistics
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from cell05.pdf import render_pdf
from cell05.periods import Period
from devtools.bench import get_page, page_query_count
from devtools.province import ProvinceExists, build_province
from members.choices import CellRole
from members.models import Cell, Member, SuperiorCommittee
from plans.models import Pledge
from reports.selectors import committee_table, committee_table_context

PAGE_GOAL_MS = 200
WARM_UP = 3


def scratch_database_problem(settings_dict: dict, scratch: str) -> str | None:
    """Why this database may not be filled, or None if it may."""
    if connection.vendor != "postgresql":
        return "the province run needs PostgreSQL (see devtools/province_run.py)."
    name = settings_dict.get("NAME") or ""
    if not scratch or scratch != name:
        return f"the database is {name!r}: pass --scratch {name} to confirm that it is a scratch one."
    return None


def p95(values: list[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


class Command(BaseCommand):
    help = "Build a province-sized data set in a scratch PostgreSQL database and print its figures."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scratch", default="", help="the name of the database, confirming it may be filled"
        )
        parser.add_argument("--cells", type=int, default=4000, help="cells in the province (4000)")
        parser.add_argument("--committees", type=int, default=40, help="superior committees (40)")
        parser.add_argument("--years", type=int, default=5, help="years of records (5)")
        parser.add_argument("--samples", type=int, default=40, help="timed requests of each page (40)")
        parser.add_argument("--prefix", default="tinh", help="prefix of the generated cells (tinh)")
        parser.add_argument("--seed", type=int, default=5, help="seed of the generator and the samples (5)")

    def handle(self, *args, scratch, cells, committees, years, samples, prefix, seed, **options):
        problem = scratch_database_problem(connection.settings_dict, scratch)
        if problem:
            raise CommandError(f"Refusing to run: {problem}")
        if min(cells, committees, years, samples) < 1 or cells < committees:
            raise CommandError(
                "--committees, --years and --samples must be at least 1, and --cells at least --committees."
            )

        shown = [0]

        def progress(done: int, total: int, message: str) -> None:
            if 20 * done // total > shown[0] or done == total:  # every 5 %, on stderr beside the figures
                shown[0] = 20 * done // total
                self.stderr.write(f"province: {done}/{total} cells")

        year = date.today().year - 1  # the last year of records, whose pages are measured
        start = time.perf_counter()
        try:
            built = build_province(
                cells=cells,
                committees=committees,
                years=years,
                seed=seed,
                prefix=prefix,
                last_year=year,
                progress=progress,
            )
        except ProvinceExists as error:
            raise CommandError(f"Refusing to run: {error}") from None
        self.line("province_build_s", f"{time.perf_counter() - start:.1f}")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a live database
        generated = Cell.objects.filter(committee__in=built)
        self.line("province_committees", len(built))
        self.line("province_cells", generated.count())
        self.line("province_members", Member.objects.filter(cell__in=generated).count())
        self.line("province_pledges", Pledge.objects.filter(member__cell__in=generated).count())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            self.line("province_database_mib", cursor.fetchone()[0] // 2**20)

        rng = random.Random(seed)  # noqa: S311 - which users to sample, not a secret
        pages = self._pages(built, year, rng, WARM_UP + samples)
        timings, split, queries = {}, {}, {}
        with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
            for page, (targets, small, large) in pages.items():
                timings[page], *split[page] = self._measure(targets)
                queries[page] = (page_query_count(*small), page_query_count(*large))
        for page, value in timings.items():
            self.line(f"province_p95_ms_{page}", f"{value:.0f}")
        # Where a page's time goes, on average: waiting for PostgreSQL, and everything else.
        for page, (database_ms, python_ms) in split.items():
            self.line(f"province_sql_ms_{page}", f"{database_ms:.1f}")
            self.line(f"province_python_ms_{page}", f"{python_ms:.1f}")
        for page, (_small, large) in queries.items():
            self.line(f"province_queries_{page}", large)
        unequal = [page for page, (small, large) in queries.items() if small != large]
        self.line(
            "province_queries_equal",
            "yes (smallest and largest cell or committee)"
            if not unequal
            else "no: " + ", ".join(f"{page} {queries[page][0]} vs {queries[page][1]}" for page in unequal),
        )

        committee = built[0]
        committee_table(committee, Period.of_years(year, year))
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            committee_table(committee, Period.of_years(year, year))
            runs.append(time.perf_counter() - start)
        self.line("province_rollup_s", f"{statistics.median(runs):.3f}")
        # What the worker does for the committee's printed table (reports.jobs.make_committee_pdf).
        start = time.perf_counter()
        pdf = render_pdf("reports/committee_print.html", committee_table_context(committee, year, year))
        self.line("province_committee_pdf_s", f"{time.perf_counter() - start:.2f}")
        self.line("province_committee_pdf_kib", len(pdf) // 1024)

        missed = [f"{page} {value:.0f} ms" for page, value in timings.items() if value >= PAGE_GOAL_MS]
        missed += [f"queries of {page} grow" for page in unequal]
        self.line("province_goals", "met" if not missed else "missed: " + ", ".join(missed))

    def line(self, name: str, value) -> None:
        self.stdout.write(f"{name}: {value}")
        self.stdout.flush()

    def _pages(self, committees: list[SuperiorCommittee], year: int, rng: random.Random, count: int) -> dict:
        """Per page: the (user, url) of random users, then those on the smallest and the
        largest cell (or the first and the last committee) for the query counts."""
        cells = list(
            Cell.objects.filter(committee__in=committees)
            .annotate(size=Count("members"))
            .order_by("size", "pk")
        )
        chosen = [cells[0], cells[-1], *rng.choices(cells, k=count)]

        members = {}
        for member in (
            Member.objects.filter(cell__in=chosen, left_on__isnull=True, user__isnull=False)
            .select_related("cell", "user")
            .order_by("pk")
        ):
            members.setdefault(member.cell_id, []).append(member)
        pledge_of = dict(
            Pledge.objects.filter(member__cell__in=chosen, study_year__year=year).values_list("member", "pk")
        )

        def member_of(cell):
            """A member of the cell who is not on its committee, with a pledge of the year."""
            plain = [m for m in members[cell.pk] if m.role == CellRole.MEMBER and m.pk in pledge_of]
            return rng.choice(plain)

        def secretary_of(cell):
            return next(m for m in members[cell.pk] if m.role == CellRole.SECRETARY)

        def home(cell):
            return member_of(cell).user, reverse("home")

        def pledge(cell):
            member = member_of(cell)
            url = reverse("plans:pledge_detail", kwargs={"slug": cell.slug, "pk": pledge_of[member.pk]})
            return member.user, url

        def year_page(cell):
            url = reverse("plans:year_detail", kwargs={"slug": cell.slug, "year": year})
            return secretary_of(cell).user, url

        def member_list(cell):
            return secretary_of(cell).user, reverse("members:member_list", kwargs={"slug": cell.slug})

        def table(committee):
            url = (
                reverse("reports:committee_table", kwargs={"pk": committee.pk}) + f"?start={year}&end={year}"
            )
            return committee.staff.get(), url

        def office_home(committee):
            return committee.staff.get(), reverse("home")

        pages = {}
        for page, target in {
            "home": home,
            "pledge": pledge,
            "year": year_page,
            "member_list": member_list,
        }.items():
            pages[page] = ([target(cell) for cell in chosen[2:]], target(chosen[0]), target(chosen[-1]))
        for page, target in {"committee_table": table, "home_office": office_home}.items():
            sample = rng.choices(committees, k=count)
            pages[page] = (
                [target(committee) for committee in sample],
                target(committees[0]),
                target(committees[-1]),
            )
        return pages

    def _measure(self, targets: list) -> tuple[float, float, float]:
        """The p95 of the requests after the first WARM_UP ones, each by another user, and their
        mean time in the database's calls and in Python (the rest). One client for all: a new
        one loads the middleware again (WhiteNoise reads every static file's headers, ~50 ms),
        which a server does once at start."""
        spent, in_database = [], [0.0]

        def timed(execute, sql, params, many, context):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                in_database[0] += time.perf_counter() - start

        client = Client()
        sql = []
        for index, (user, url) in enumerate(targets):
            client.force_login(user)
            in_database[0] = 0.0
            start = time.perf_counter()
            with connection.execute_wrapper(timed):
                get_page(client, url)
            if index >= WARM_UP:
                spent.append(1000 * (time.perf_counter() - start))
                sql.append(1000 * in_database[0])
        return p95(spent), statistics.mean(sql), statistics.mean(spent) - statistics.mean(sql)
