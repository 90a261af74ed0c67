"""What the tests of reports/ share: a PDF or a page as text, a cell's report as its edit page
posts it, and the header and pages of a committee's report."""

import io
import re
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reports.document import assembly
from reports.models import Report
from reports.services.printing import pdf_once
from tests.factories import report_header


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def page_text(response) -> str:
    """The words of a page, its tags removed (figures are kept with their words in spans)."""
    return " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())


def moment(day: date):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def report_data(world, **extra):
    return {**report_header(world.secretary), **extra}


def report_pdf_text(report: Report) -> str:
    """The PDF of a report as the page serves it, extracted to text."""
    return pdf_text(pdf_once(assembly.report_document(report)))


def edit_url(report: Report) -> str:
    return reverse("reports:report_edit", kwargs={"slug": report.cell.slug, "pk": report.pk})


def edit_post(world, report: Report, **changes) -> dict:
    """The edit page as saved: the header, every section's text and the revision seen."""
    return {
        **report_data(world, signer=world.secretary.pk, report_date="15/12/2025", title=report.title),
        **{f"section-{section.key}": section.text for section in report.sections.all()},
        "version": report.revision,
        **changes,
    }


def lines(count: int, width: int) -> str:
    return "\n".join(f"{number:03d} " + "x" * (width - 4) for number in range(count))


# The committee's report


def header(**extra) -> dict:
    return {
        "kind": "five_year",
        "start_year": "2024",
        "end_year": "2025",
        "number": "7",
        "title": "",
        "place": "Ba Đình",
        "report_date": "15/12/2025",
        "recipients": "- Ban Thường vụ Thành ủy (b/c),\n- Lưu Văn phòng.",
        "signer_name": "Trần Văn Ủy",
        "signer_title": "BÍ THƯ",
        **extra,
    }


def url(name, world, report=None):
    kwargs = {"pk": world.committee.pk}
    if report is not None:
        kwargs["report"] = report.pk
    return reverse(f"reports:{name}", kwargs=kwargs)
