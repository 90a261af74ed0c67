"""What a cell's report and a committee's differ by on their pages: the pages and the buttons
(`pages`, `buttons`) are written once, for both, and find the report of the URL here."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from cell05.routers import reading_from_replica
from cell05.workflow import Action
from members.pages import cell_with_perm
from members.selectors import reading_until
from reports import selectors
from reports.document import assembly
from reports.document.committee_texts import COMMITTEE_TOKEN_HELP
from reports.document.tokens import TOKEN_HELP
from reports.forms import CommitteeReportEditForm, CommitteeReportForm, ReportEditForm, ReportForm
from reports.services.editing import committee_report_create, report_create
from reports.views.committees import office_committee
from reports.workflow import COMMITTEE_REPORT_WORKFLOW, REPORT_WORKFLOW

# The report's pages, a cell's or a committee's: each kind says what differs once


def _cell_report(request, *, slug, pk):
    cell = cell_with_perm(request, slug, "reports.view_reports")
    return cell, selectors.report_of_cell(cell, pk, until=reading_until(request.user, cell))


def _committee_report(request, *, pk, report):
    committee = office_committee(request, pk)
    return committee, selectors.committee_report_of(committee, report)


def _committee_document(report) -> dict:
    # A committee's document counts every cell: read from the replica, if any.
    with reading_from_replica():
        return assembly.committee_report_document(report)


@dataclass(frozen=True)
class Kind:
    """What a cell's report and a committee's differ by on their pages; the preview, the editor
    and the buttons are written once, for both. (Not `ReportKind`, a review or a yearly report.)"""

    # The prefix of its pages' URL names: "reports:<name>_edit".
    name: str
    workflow: dict[str, Action]
    # What owns its reports, as the pages, the forms and the services name it.
    owner: str
    # The owner of the URL's kwargs, if the user holds the permission (403), and its reports.
    owner_of: Callable[..., Any]
    view_perm: str
    manage_perm: str
    reports: Callable[[Any, Any], QuerySet]
    # The owner and the report of the URL's kwargs, to a user who may read it.
    find: Callable[..., tuple[Any, Any]]
    url_kwargs: Callable[[Any], dict]
    # The new report: its form, its page, the service and what the page says once done.
    form: type[ReportForm] | type[CommitteeReportForm]
    form_template: str
    create: Callable[..., Any]
    created: Promise
    list_template: str
    edit_form: type[ReportEditForm] | type[CommitteeReportEditForm]
    document: Callable[[Any], dict]
    tokens: Callable[[Any], dict[str, str]]
    token_help: dict
    # The preview: what its figures follow until it is final, and the way back to the
    # committee's pages (the document says its top lines, signature and appendix).
    follows: Promise
    breadcrumbs: str | None
    # A committee's report names a missing signer among its gaps.
    unsigned_is_gap: bool
    # A cell's document is laid out for the page anyway, which refuses to make final a report
    # with gaps; a committee's counts every cell, and its worker finds them and says so.
    gaps_on_page: bool
    # The address of the PDF kept when the report was made final; without one, the PDF button
    # serves it.
    pdf_url: str | None


CELL_REPORT = Kind(
    name="report",
    workflow=REPORT_WORKFLOW,
    owner="cell",
    owner_of=lambda request, perm, *, slug: cell_with_perm(request, slug, perm),
    view_perm="reports.view_reports",
    manage_perm="reports.manage_reports",
    # The office of a committee the cell has left reads the reports dated before the move.
    reports=lambda request, cell: selectors.reports_of_cell(cell, until=reading_until(request.user, cell)),
    find=_cell_report,
    url_kwargs=lambda report: {"slug": report.cell.slug, "pk": report.pk},
    form=ReportForm,
    form_template="reports/report_form.html",
    create=report_create,
    created=gettext_lazy("The report was created from the records; edit its texts."),
    list_template="reports/report_list.html",
    edit_form=ReportEditForm,
    document=assembly.report_document,
    tokens=assembly.report_tokens,
    token_help=TOKEN_HELP,
    follows=gettext_lazy("The figures follow the records until the report is final."),
    breadcrumbs=None,
    unsigned_is_gap=False,
    gaps_on_page=True,
    pdf_url="reports:report_pdf",
)
COMMITTEE_REPORT = Kind(
    name="committee_report",
    workflow=COMMITTEE_REPORT_WORKFLOW,
    owner="committee",
    owner_of=lambda request, perm, *, pk: office_committee(request, pk, perm),
    view_perm="reports.view_committee",
    manage_perm="reports.manage_committee_reports",
    reports=lambda request, committee: selectors.committee_reports(committee),
    find=_committee_report,
    url_kwargs=lambda report: {"pk": report.committee_id, "report": report.pk},
    form=CommitteeReportForm,
    form_template="reports/committee_report_form.html",
    create=committee_report_create,
    created=gettext_lazy("The report was created from the cells' records; edit its texts."),
    list_template="reports/committee_report_list.html",
    edit_form=CommitteeReportEditForm,
    document=_committee_document,
    tokens=assembly.committee_report_tokens,
    token_help=COMMITTEE_TOKEN_HELP,
    follows=gettext_lazy("The figures follow the cells' records until the report is final."),
    breadcrumbs="reports/_committee_report_breadcrumbs.html",
    unsigned_is_gap=True,
    gaps_on_page=False,
    pdf_url=None,
)


def report_url(kind: Kind, page: str, report) -> str:
    return reverse(f"reports:{kind.name}_{page}", kwargs=kind.url_kwargs(report))


def find_report(request, kind: Kind, action: str | None = None, **kwargs) -> tuple[dict, Any]:
    """The report of the URL and its owner as the pages name it ({"cell": …}), to a user who may
    read it and, with `action`, whose role may take that action (403); whether the report's
    state allows it, the table tells (`can`)."""
    owner, report = kind.find(request, **kwargs)
    if action and not kind.workflow[action].may_act(request.user, report):
        raise PermissionDenied
    return {kind.owner: owner}, report
