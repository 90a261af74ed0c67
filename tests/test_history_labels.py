"""Every action the product writes in a history has words for the reader, in both languages,
from the one registry in cell05/history.py."""

import importlib
import re
from pathlib import Path

from django.urls import reverse
from django.utils import translation

from cell05.history import ACTION_LABELS, TYPE_LABELS
from cell05.workflow import Action
from plans.services import monday as monday_services
from plans.services import years as year_services

ROOT = Path(__file__).resolve().parent.parent
PRODUCT_PACKAGES = ["cell05", "jobs", "members", "plans", "oversight", "reports", "operations"]
DOTTED = r"[a-z_]+\.[a-z_]+"
# `action="pledge.started"`, `case, action = Case(cell=cell), "case.created"`,
# `item._change_reason = "pledge.item_removed"`, `default_change_reason="demo.loaded"`.
WRITTEN = re.compile(rf'(?:\baction|change_reason)\s*=\s*(?:[^"\n]*,\s*)?"({DOTTED})"')
# `action=f"{prefix}.edited"` (or `{kind.prefix}`), with the prefixes the same module passes as
# `prefix="report"`.
WRITTEN_WITH_PREFIX = re.compile(r'(?:\baction|change_reason)\s*=\s*f"\{(?:\w+\.)?prefix\}\.([a-z_]+)"')
PREFIX = re.compile(r'\bprefix="([a-z_]+)"')
ANY_FORMATTED = re.compile(r'(?:\baction|change_reason)\s*=\s*f"')


def actions_written() -> dict[str, str]:
    """Each dotted action the product code writes, with the first place that writes it."""
    found = {}
    for package in PRODUCT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            source = path.read_text(encoding="utf-8")
            where = str(path.relative_to(ROOT))
            formatted = WRITTEN_WITH_PREFIX.findall(source)
            # An action built some other way could not be checked here.
            assert len(ANY_FORMATTED.findall(source)) == len(formatted), where
            written = WRITTEN.findall(source)
            written += [f"{prefix}.{verb}" for prefix in PREFIX.findall(source) for verb in formatted]
            for action in written:
                found.setdefault(action, where)
    found.update({action: where for action, where in workflow_actions().items() if action not in found})
    return found


def workflow_actions() -> dict[str, str]:
    """The history entry of each action of the workflow tables (each app's workflow.py)."""
    found = {}
    for package in PRODUCT_PACKAGES:
        if not (ROOT / package / "workflow.py").exists():
            continue
        module = importlib.import_module(f"{package}.workflow")
        for table in vars(module).values():
            if isinstance(table, dict):
                for action in table.values():
                    if isinstance(action, Action) and action.history:
                        found.setdefault(action.history, f"{package}/workflow.py")
    return found


def test_the_scan_finds_the_actions_of_every_app():
    written = actions_written()
    assert {
        "member.role_changed",
        "pledge.item_removed",
        "monday.swapped",
        "case.created",
        "committee_report.finalised",
        "demo.loaded",
    } <= set(written)


def test_every_action_written_in_a_history_has_its_own_label():
    unlabelled = {action: where for action, where in actions_written().items() if action not in ACTION_LABELS}
    assert unlabelled == {}
    generic = {str(label) for label in TYPE_LABELS.values()}
    assert [action for action, label in ACTION_LABELS.items() if str(label) in generic] == []


def test_every_label_reads_in_vietnamese_and_in_english():
    with translation.override("en"):
        english = {action: str(label) for action, label in ACTION_LABELS.items()}
    with translation.override("vi"):
        untranslated = [
            english[action] for action, label in ACTION_LABELS.items() if str(label) == english[action]
        ]
    assert untranslated == []


def test_activity_feed_names_a_monday_swap_and_a_new_study_year(world, login):
    actor = world.secretary.user
    year_services.study_year_save(
        actor=actor, cell=world.cell, year=2026, theme="Chuyên đề", pledge_deadline=None, key_contents=[]
    )
    first, second = monday_services.rota_create(cell=world.cell, year=2026, actor=actor)[:2]
    monday_services.monday_sessions_swap(actor=actor, first=first, second=second)
    client = login(world.secretary)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    entries = client.get(reverse("reports:cell_activity", kwargs={"slug": world.cell.slug})).context[
        "entries"
    ]
    actions = [(str(entry["action"]), entry["count"]) for entry in entries if entry["who"] == actor]
    # One swap moves two sessions: one act, one entry.
    assert actions[0] == ("Turn swapped with another group", 2)
    assert {action for action, _ in actions[1:]} == {"Monday session planned", "Study year created"}
