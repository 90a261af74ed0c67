"""Vietnamese first, English second, dates as dd/mm/yyyy."""

import ast
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from oversight.choices import CaseState
from oversight.services import case_start
from plans.choices import PledgeState
from plans.services.pledges import pledge_submit
from tests.factories import make_case, make_pledge, make_study_year

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db
needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed: catalogue checks skipped"
)


def test_sign_in_page_is_in_vietnamese_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()
    assert "Đăng nhập" in response.content.decode()


def test_language_switch_turns_the_interface_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page
    assert "Sign in" in page


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_written_dd_mm_yyyy(language):
    with translation.override(language):
        rendered = Template('{{ day|date:"SHORT_DATE_FORMAT" }}').render(Context({"day": date(2021, 4, 15)}))
    assert rendered == "15/04/2021"


@needs_gettext
@pytest.mark.parametrize("catalogue", ["vi", "en"])
def test_catalogue_compiles_and_leaves_nothing_untranslated_or_fuzzy(catalogue):
    po = ROOT / "locale" / catalogue / "LC_MESSAGES" / "django.po"
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)
    if catalogue == "vi":
        untranslated = subprocess.run(
            ["msgattrib", "--untranslated", "--no-obsolete", str(po)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert untranslated.stdout == ""
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", str(po)], capture_output=True, text=True, check=True)
    assert fuzzy.stdout == ""


@needs_gettext
def test_compiled_catalogue_is_up_to_date_with_its_source():
    po = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    fresh = subprocess.run(["msgfmt", "-o", "-", str(po)], capture_output=True, check=True).stdout
    assert mo.read_bytes() == fresh


# Every letter of Vietnamese that English does not have, in both cases.
VIETNAMESE_LETTER = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
EAGER_GETTEXT = {"gettext", "ngettext", "pgettext", "npgettext"}
PRODUCT_PACKAGES = ["cell05", "jobs", "members", "plans", "oversight", "reports", "operations"]


def test_english_refusal_of_a_pledge_action_holds_no_vietnamese(world):
    pledge = make_pledge(world.member, make_study_year(world.cell), state=PledgeState.SUBMITTED)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        pledge_submit(actor=world.member.user, pledge=pledge, version=pledge.version)
    assert refused.value.messages == ["A pledge that is “Submitted” cannot be submitted."]
    assert VIETNAMESE_LETTER.search(refused.value.messages[0]) is None


def test_english_refusal_of_a_case_transition_holds_no_vietnamese(world):
    case = make_case(world.cell, [world.member], state=CaseState.CONCLUDED)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        case_start(actor=world.secretary.user, case=case, start_on=date(2020, 6, 2))
    assert refused.value.messages == ["A case that is “Concluded” cannot be started."]
    assert VIETNAMESE_LETTER.search(refused.value.messages[0]) is None


def _calls_run_at_import(tree: ast.Module):
    """The calls a module makes when it is imported: in its body and its classes' bodies, and
    in the decorators and default values of its functions, not inside the functions."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            pending += [*getattr(node, "decorator_list", []), *node.args.defaults]
            pending += [default for default in node.args.kw_defaults if default is not None]
            continue
        if isinstance(node, ast.Call):
            yield node
        pending += ast.iter_child_nodes(node)


def _eager_names(tree: ast.Module) -> set[str]:
    """The names a module gives to the gettext functions that translate at once."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in EAGER_GETTEXT
    } | {f"translation.{name}" for name in EAGER_GETTEXT}


def _called_name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name):
        return f"{call.func.value.id}.{call.func.attr}"
    return call.func.id if isinstance(call.func, ast.Name) else ""


def test_no_text_is_translated_when_its_module_is_imported():
    """A label translated at import is frozen in the language active then (Vietnamese, the
    default): an English page would show it in Vietnamese. Labels defined at import are lazy."""
    translated_at_import = []
    for package in PRODUCT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            eager = _eager_names(tree)
            translated_at_import += [
                f"{path.relative_to(ROOT)}:{call.lineno}"
                for call in _calls_run_at_import(tree)
                if _called_name(call) in eager
            ]
    assert translated_at_import == []


def test_the_import_check_finds_a_label_translated_at_import():
    tree = ast.parse(
        "from django.utils.translation import gettext as _\n"
        "NAMES = {'submit': _('submitted')}\n"
        "class Form:\n    label = _('Year')\n"
        "def refusal():\n    return _('No.')\n"
    )
    eager = _eager_names(tree)
    assert sorted(call.lineno for call in _calls_run_at_import(tree) if _called_name(call) in eager) == [2, 4]


def translation_imports():
    """(file, name, alias) of every function imported from django.utils.translation."""
    for package in (
        "cell05",
        "members",
        "plans",
        "oversight",
        "reports",
        "jobs",
        "notifications",
        "operations",
    ):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                    for alias in node.names:
                        yield str(path.relative_to(ROOT)), alias.name, alias.asname


def test_every_translated_string_is_marked_so_that_makemessages_extracts_it():
    # makemessages extracts `_` and the functions' own names; any other alias ("_lazy") hides
    # its strings from the catalogue, and they show in English.
    hidden = [
        f"{path}: {name} as {alias}"
        for path, name, alias in translation_imports()
        if alias not in (None, "_")
    ]
    assert hidden == []
