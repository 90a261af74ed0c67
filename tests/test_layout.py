"""Each thing in its room (issues 13 and 31): the development tools stay out of the product; the
kernel (`cell05/`, the background jobs, the notifications) imports no domain app above the
members; the domain apps stand in layers, each importing only the layers below it; the counting
engine reads only the records; the document and the home page stand at the top. docs/architecture.md
draws the layers."""

import ast
from pathlib import Path

from jobs.choices import JobKind
from jobs.runner import RUNNERS, START_PERMISSIONS
from notifications.reminders import REMINDERS

ROOT = Path(__file__).resolve().parent.parent
KERNEL_APPS = ["cell05", "jobs", "notifications"]
# From the bottom up: an app imports only the apps before it; the last floor holds two apps that
# import neither each other.
LAYERS = [["members"], ["plans"], ["oversight"], ["figures"], ["reports"], ["home", "operations"]]
LAYERED_APPS = [app for floor in LAYERS for app in floor]
DOMAIN_APPS = [*KERNEL_APPS, *LAYERED_APPS[: LAYERED_APPS.index("reports") + 1]]
PRODUCT_APPS = [*KERNEL_APPS, *LAYERED_APPS]


def imported_modules(path: Path):
    """Every module a file imports, by its full dotted name (`from a import b` gives a and a.b)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = list(path.relative_to(ROOT).parent.parts)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def imports_of(packages: list[str], forbidden: tuple[str, ...]) -> list[str]:
    """`file: module` for each import of a forbidden module (or one inside it) by the packages."""
    found = set()
    for package in packages:
        for path in (ROOT / package).rglob("*.py"):
            for module in imported_modules(path):
                if any(module == name or module.startswith(f"{name}.") for name in forbidden):
                    found.add(f"{path.relative_to(ROOT)}: {module}")
    return sorted(found)


def test_no_product_module_imports_the_development_tools_or_the_test_client():
    assert imports_of(PRODUCT_APPS, ("devtools", "django.test")) == []


def test_no_domain_app_imports_the_operations_above_it():
    assert imports_of(DOMAIN_APPS, ("operations",)) == []


def test_the_jobs_import_no_domain_app():
    assert imports_of(["jobs"], ("members", "plans", "oversight", "reports", "operations", "devtools")) == []


def test_the_notifications_import_no_domain_app_but_the_members():
    assert imports_of(["notifications"], ("plans", "oversight", "reports", "operations", "devtools")) == []


# The kinds of module of plans/ and oversight/ that may read the counting engine.
FIGURES_READERS = ("selectors", "views")


def kind_of(line: str) -> str:
    """The kind of module an import check's line is in: `plans/selectors/years.py: …` gives
    selectors, `oversight/views.py: …` views."""
    return Path(line.split(": ")[0]).parts[1].removesuffix(".py")


def upward_imports() -> list[str]:
    found = []
    for level, floor in enumerate(LAYERS):
        above = tuple(app for upper in LAYERS[level:] for app in upper)
        for app in floor:
            found += imports_of([app], tuple(other for other in above if other != app))
    # The figures stand above the records of plans/ and oversight/ but below the pages that show
    # them, which their own rule checks (layers by the kind of module, as pretalx has them).
    return [
        line
        for line in found
        if not (
            line.startswith(("plans/", "oversight/"))
            and line.split(": ")[1].startswith("figures")
            and kind_of(line) in FIGURES_READERS
        )
    ]


def test_each_domain_app_imports_only_the_layers_below_it():
    assert upward_imports() == []


def test_the_kernel_imports_no_domain_app():
    # The URLconf names the apps' URLs as strings (`include("plans.urls")`), which import nothing
    # here; the settings name the apps as strings too.
    assert imports_of(["cell05"], (*LAYERED_APPS, "devtools")) == []


def test_the_counting_engine_reads_only_the_models_and_choices_below_it():
    below = LAYERED_APPS[: LAYERED_APPS.index("figures")]
    readable = tuple(f"{app}.{kind}" for app in below for kind in ("models", "choices"))
    found = [
        line
        for line in imports_of(["figures"], tuple(below))
        if not any(line.endswith(f": {name}") or f": {name}." in line for name in readable)
    ]
    assert found == []


def test_in_plans_and_oversight_only_the_selectors_and_views_read_the_figures():
    found = imports_of(["plans", "oversight"], ("figures",))
    assert [line for line in found if kind_of(line) not in FIGURES_READERS] == []


def test_the_report_document_is_made_from_the_records_and_the_reads_do_not_assemble_it():
    # The document (reports/document/) stands between the reads of reports/ and its pages: it
    # reads the selectors and imports none of the pages and services that use it.
    pages = tuple(f"reports.{module}" for module in ("views", "services", "forms", "jobs", "activity"))
    assert imports_of(["reports/document"], pages) == []
    reads = list(imported_modules(ROOT / "reports" / "selectors.py"))
    assert [module for module in reads if module.startswith("reports.document.assembly")] == []


def test_the_import_check_finds_the_imports_it_looks_for():
    found = imports_of(["devtools", "tests"], ("django.test", "operations"))
    assert "devtools/bench.py: django.test.Client" in found
    assert "tests/test_backup.py: operations.backup" in found


def test_every_kind_of_job_has_its_work_once_the_apps_are_ready():
    assert sorted(RUNNERS) == sorted(START_PERMISSIONS) == sorted(JobKind)
    # Each app registers the work of its own kinds.
    assert {kind: runner.split(".")[0] for kind, runner in RUNNERS.items()} == {
        JobKind.COMMITTEE_PDF: "reports",
        JobKind.COMMITTEE_REPORT: "reports",
        JobKind.CELL_REPORT: "reports",
        JobKind.CELL_BACKUP: "operations",
        JobKind.MEMBER_IMPORT: "members",
        JobKind.YEAR_IMPORT: "operations",
        JobKind.PROVINCE_DATASET: "devtools",
    }


def test_every_daily_reminder_is_registered_by_the_app_that_owns_its_facts():
    assert {name: runner.split(".")[0] for name, runner in REMINDERS.items()} == {
        "pledge_deadline": "plans",
        "monday_turn": "plans",
    }


# A module a newcomer reads whole (issue 31). Django writes the migrations.
LONGEST_MODULE = 500


def test_no_module_of_the_product_its_tools_or_its_tests_is_longer_than_500_lines():
    longer = []
    for folder in [*PRODUCT_APPS, "devtools", "tests"]:
        for path in (ROOT / folder).rglob("*.py"):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > LONGEST_MODULE and "migrations" not in path.parts:
                longer.append(f"{path.relative_to(ROOT)}: {lines}")
    assert sorted(longer) == []
