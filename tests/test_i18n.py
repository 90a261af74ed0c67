"""Vietnamese first, English second, dates as dd/mm/yyyy."""

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

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
