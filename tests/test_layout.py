"""Each thing in its room (issue 13): the development tools stay out of the product, the
back-up and the demo loading stand above the domain apps, which never import them, and the
background jobs and the notifications are the kernel's, which imports no domain app above the
members."""

import ast
from pathlib import Path

from jobs.choices import JobKind
from jobs.runner import RUNNERS, START_PERMISSIONS
from notifications.reminders import REMINDERS

ROOT = Path(__file__).resolve().parent.parent
KERNEL_APPS = ["cell05", "jobs", "notifications"]
DOMAIN_APPS = [*KERNEL_APPS, "members", "plans", "oversight", "reports"]
PRODUCT_APPS = [*DOMAIN_APPS, "operations"]


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
