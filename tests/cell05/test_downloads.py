"""How downloads are named (issue 12, items 3 and 8): the Vietnamese name in filename* (RFC
6266/5987), which browsers use, a short ASCII name in filename for the others, with the
extension of what the file is, and never a header as long as what a person typed."""

import re
import unicodedata
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cell05.downloads import download_name
from oversight.models import Case
from reports.choices import ReportState
from reports.models import Report
from reports.services.editing import report_create
from tests.factories import make_case, make_study_year, report_header

pytestmark = pytest.mark.django_db

DISPOSITION = re.compile(r"^(attachment|inline); filename=\"([a-z0-9.-]+)\"; filename\*=UTF-8''(\S+)$")


def names(response) -> tuple[str, str, str]:
    """The disposition, the ASCII name and the name a modern browser saves the file under."""
    match = DISPOSITION.match(response["Content-Disposition"])
    assert match, response["Content-Disposition"]
    return match[1], match[2], unquote(match[3])


@pytest.mark.parametrize(
    ("name", "extension", "saved_as"),
    [
        ("report.html", "pdf", "report.pdf"),
        ("Kỳ 2. Tổng kết", "pdf", "Kỳ 2. Tổng kết.pdf"),
        ('06-KH/CB: "Kế hoạch"?', "docx", "06-KH-CB Kế hoạch.docx"),
        ("Bài thu hoạch\u202efdp.exe", "pdf", "Bài thu hoạchfdp.pdf"),
        (unicodedata.normalize("NFD", "Đảng viên.PDF"), "pdf", "Đảng viên.pdf"),
        ("", "pdf", "document.pdf"),
    ],
    ids=[
        "wrong extension",
        "dot in the title",
        "slash and forbidden",
        "right-to-left override",
        "NFD",
        "empty",
    ],
)
def test_a_download_is_named_after_what_the_file_is(name, extension, saved_as):
    assert download_name(name, extension) == saved_as


def final_report_with_title(world, title):
    """A final report whose kept PDF the page serves (laying one out is not what is tested)."""
    data = {**report_header(world.secretary), "title": title}
    report = report_create(actor=world.secretary.user, cell=world.cell, data=data)
    report.final_pdf.save("bao-cao.pdf", ContentFile(b"%PDF-1.7 report"), save=False)
    report.state, report.final_figures = ReportState.FINAL, {}
    report.save()
    return report


def report_pdf(client, world, report):
    return client.get(reverse("reports:report_pdf", kwargs={"slug": world.cell.slug, "pk": report.pk}))


def test_a_report_pdf_is_named_in_vietnamese_with_an_ascii_fallback(world, login):
    report = final_report_with_title(world, "Báo cáo sơ kết 5 năm")
    response = report_pdf(login(world.secretary), world, report)
    number = report.number_symbol.replace("/", "-")  # "12-BC/CB": a slash cannot be in a file name
    assert names(response) == (
        "inline",
        f"{number.lower()}-bao-cao-so-ket-5-nam-v1.pdf",
        f"{number} Báo cáo sơ kết 5 năm v1.pdf",
    )


def test_a_one_megabyte_title_makes_a_short_download_header(world, login):
    report = final_report_with_title(world, "Báo cáo sơ kết 5 năm")
    # Titles are now limited in length; one stored before (or through the admin) is not.
    Report.objects.filter(pk=report.pk).update(title="Báo cáo sơ kết 5 năm " * 50_000)
    response = report_pdf(login(world.secretary), world, report)
    assert response.status_code == 200
    assert len(response["Content-Disposition"].encode()) < 512
    _disposition, fallback, name = names(response)
    assert len(fallback) <= 64 and fallback.endswith(".pdf")
    assert len(name) <= 100 and name.endswith(".pdf")
    assert name.startswith(f"{report.number_symbol.replace('/', '-')} Báo cáo sơ kết 5 năm")


def test_a_case_attachment_is_kept_under_its_kind_and_downloaded_under_its_own_name(world, login):
    case = make_case(world.cell, [world.member])
    typed = unicodedata.normalize("NFD", "Kết luận kiểm tra.docx")  # as a Mac sends it
    upload = SimpleUploadedFile(typed, b"%PDF-1.7 conclusion", content_type="application/msword")
    client = login(world.secretary)
    kwargs = {"slug": world.cell.slug, "pk": case.pk}
    client.post(reverse("oversight:case_attach", kwargs=kwargs), {"file": upload})
    case = Case.objects.get(pk=case.pk)
    assert case.attachment.name.endswith(".pdf")
    assert case.attachment_name == unicodedata.normalize("NFC", "Kết luận kiểm tra.docx")
    response = client.get(reverse("oversight:case_attachment", kwargs=kwargs))
    assert response["Content-Type"] == "application/pdf"
    assert names(response) == ("attachment", "ket-luan-kiem-tra.pdf", "Kết luận kiểm tra.pdf")


def test_spreadsheet_exports_are_named_through_the_same_header(world, login):
    year = make_study_year(world.cell, 2026)
    client = login(world.secretary)
    stamp = timezone.localdate().strftime("%Y%m%d")
    members = client.get(reverse("members:member_export", kwargs={"slug": world.cell.slug}))
    pledges = client.get(reverse("plans:year_export", kwargs={"slug": world.cell.slug, "year": year.year}))
    member_name = f"{world.cell.slug}-dang-vien-{stamp}.xlsx"
    pledge_name = f"{world.cell.slug}-ban-dang-ky-2026.xlsx"
    assert names(members) == ("attachment", member_name, member_name)
    assert names(pledges) == ("attachment", pledge_name, pledge_name)
