"""The reports' pages: the secretary's reports of the cell, and the superior committee's
table of its cells. Views parse the request and call a service or a selector."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cell05.history import record_history
from cell05.page_cache import render_with_cached_content
from cell05.pages import call_service, period_of_request
from cell05.pdf import pdf_response
from cell05.periods import FIRST_YEAR, LAST_YEAR
from cell05.routers import reading_from_replica
from cell05.uploads import file_response
from cell05.versions import StaleEdit
from cell05.workflow import Action, user_may
from figures.models import EnteredYearFigures
from jobs.choices import JobKind
from jobs.services import job_start
from members.pages import cell_with_perm
from members.selectors import belongings_of, committee_for_user, reading_until
from reports import activity, selectors, services
from reports.document import assembly
from reports.document.committee_texts import COMMITTEE_TOKEN_HELP
from reports.document.tokens import TOKEN_HELP
from reports.forms import (
    CellReceiveForm,
    CommitteeDocumentForm,
    CommitteeReportEditForm,
    CommitteeReportForm,
    EnteredYearFiguresForm,
    FormerCommitteeForm,
    ReportEditForm,
    ReportForm,
    SectionsForm,
)
from reports.workflow import COMMITTEE_REPORT_WORKFLOW, REPORT_WORKFLOW


def _office(request, pk, perm="reports.view_committee"):
    """The committee of the office the user works in, checked once for the page's permission."""
    committee = committee_for_user(request.user, pk)
    if not request.user.has_perm(perm, committee):
        raise PermissionDenied
    return committee


def _committee(request, pk):
    committee = _office(request, pk)
    this_year = timezone.localdate().year
    first, last = period_of_request(request.GET, (this_year, this_year))
    return committee, first, last


@login_required
def committee_table(request, pk):
    committee, first, last = _committee(request, pk)
    user = request.user
    context = {"committee": committee}
    # The office's rights on the committee, read fresh, key the content with the cells' stamps.
    content = {
        "can_change_committee": user.has_perm("members.change_committee", committee),
        "can_receive_cell": user.has_perm("members.move_cell_to", committee),
        "year_min": FIRST_YEAR,
        "year_max": LAST_YEAR,
    }

    def content_context():
        with reading_from_replica():
            return {**content, **selectors.committee_table_context(committee, first, last)}

    with reading_from_replica():
        version = selectors.committee_table_version(committee, first, last)
    return render_with_cached_content(
        request,
        "reports/committee_table.html",
        context,
        content="reports/_committee_table_content.html",
        key_parts=[version, content["can_change_committee"], content["can_receive_cell"]],
        content_context=content_context,
    )


@login_required
@require_POST
def committee_table_pdf(request, pk):
    """The printed table covers every cell of the committee: the worker lays it out."""
    committee, first, last = _committee(request, pk)
    back = f"{reverse('reports:committee_table', args=[committee.pk])}?start={first}&end={last}"
    try:
        job = job_start(
            actor=request.user,
            kind=JobKind.COMMITTEE_PDF,
            committee=committee,
            parameters={"start_year": first, "end_year": last},
            language=request.LANGUAGE_CODE,
            back=back,
            join=True,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    return redirect(job)


@login_required
def cell_activity(request, slug):
    """Everything that changed in the cell, newest first, for the committee and the office."""
    cell = cell_with_perm(request, slug, "reports.view_activity")
    return render(request, "reports/activity.html", {"cell": cell, "entries": activity.cell_activity(cell)})


# The report's pages, a cell's or a committee's: each kind says what differs once


def _cell_report(request, *, slug, pk):
    cell = cell_with_perm(request, slug, "reports.view_reports")
    return cell, selectors.report_of_cell(cell, pk, until=reading_until(request.user, cell))


def _committee_report(request, *, pk, report):
    committee = _office(request, pk)
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
    # The preview: what its figures follow until it is final, the top lines of the document,
    # its signature, its appendix and the way back to the committee's pages.
    follows: Promise
    issuer: Callable[[dict], dict]
    signer_name: Callable[[Any], str]
    signature: str
    appendix: str
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
    create=services.report_create,
    created=gettext_lazy("The report was created from the records; edit its texts."),
    list_template="reports/report_list.html",
    edit_form=ReportEditForm,
    document=assembly.report_document,
    tokens=assembly.report_tokens,
    token_help=TOKEN_HELP,
    follows=gettext_lazy("The figures follow the records until the report is final."),
    issuer=lambda document: {
        # The superior committee of the report's date, and the cell's name then.
        "superior": document["committee"].name,
        "name": document["figures"]["cell"],
        "place": document["report"].place or document["report"].cell.place,
    },
    signer_name=lambda report: report.signer.full_name if report.signer else "",
    signature="reports/_report_signature.html",
    appendix="reports/_report_appendix.html",
    breadcrumbs=None,
    unsigned_is_gap=False,
    gaps_on_page=True,
    pdf_url="reports:report_pdf",
)
COMMITTEE_REPORT = Kind(
    name="committee_report",
    workflow=COMMITTEE_REPORT_WORKFLOW,
    owner="committee",
    owner_of=lambda request, perm, *, pk: _office(request, pk, perm),
    view_perm="reports.view_committee",
    manage_perm="reports.manage_committee_reports",
    reports=lambda request, committee: selectors.committee_reports(committee),
    find=_committee_report,
    url_kwargs=lambda report: {"pk": report.committee_id, "report": report.pk},
    form=CommitteeReportForm,
    form_template="reports/committee_report_form.html",
    create=services.committee_report_create,
    created=gettext_lazy("The report was created from the cells' records; edit its texts."),
    list_template="reports/committee_report_list.html",
    edit_form=CommitteeReportEditForm,
    document=_committee_document,
    tokens=assembly.committee_report_tokens,
    token_help=COMMITTEE_TOKEN_HELP,
    follows=gettext_lazy("The figures follow the cells' records until the report is final."),
    issuer=lambda document: {
        "superior": document["committee"].superior_name,
        "name": document["committee"].issuing_name,
        "place": document["report"].place or document["committee"].place,
    },
    signer_name=lambda report: report.signer_name,
    signature="reports/_report_signature.html",
    appendix="reports/_committee_report_appendix.html",
    breadcrumbs="reports/_committee_report_breadcrumbs.html",
    unsigned_is_gap=True,
    gaps_on_page=False,
    pdf_url=None,
)


def _url(kind: Kind, page: str, report) -> str:
    return reverse(f"reports:{kind.name}_{page}", kwargs=kind.url_kwargs(report))


def _find(request, kind: Kind, action: str | None = None, **kwargs) -> tuple[dict, Any]:
    """The report of the URL and its owner as the pages name it ({"cell": …}), to a user who may
    read it and, with `action`, whose role may take that action (403); whether the report's
    state allows it, the table tells (`can`)."""
    owner, report = kind.find(request, **kwargs)
    if action and not kind.workflow[action].may_act(request.user, report):
        raise PermissionDenied
    return {kind.owner: owner}, report


@login_required
def report_list(request, kind: Kind, **kwargs):
    owner = kind.owner_of(request, kind.view_perm, **kwargs)
    return render(
        request,
        kind.list_template,
        {
            kind.owner: owner,
            "reports": kind.reports(request, owner),
            "can_manage": request.user.has_perm(kind.manage_perm, owner),
        },
    )


@login_required
def report_create(request, kind: Kind, **kwargs):
    """A new report, its sections begun from the drafts that place the figures."""
    owner = {kind.owner: kind.owner_of(request, kind.manage_perm, **kwargs)}
    form = kind.form(request.POST or None, initial=request.GET.dict(), **owner)
    if request.method == "POST" and form.is_valid():
        report = call_service(form, lambda: kind.create(actor=request.user, data=form.cleaned_data, **owner))
        if report:
            messages.success(request, kind.created)
            return redirect(_url(kind, "edit", report))
    return render(request, kind.form_template, {**owner, "form": form})


@login_required
def report_detail(request, kind: Kind, **kwargs):
    """The preview: the report as it prints, what is still missing, the buttons its state and
    the person's role allow, and its history."""
    owner, report = _find(request, kind, **kwargs)
    document = kind.document(report)
    urls = {page: _url(kind, page, report) for page in ("print", "new_version", "edit", "finalise")}
    urls["pdf"] = kind.pdf_url and reverse(kind.pdf_url, kwargs=kind.url_kwargs(report))
    return render(
        request,
        "reports/report_detail.html",
        {
            **owner,
            **document,
            "kind": kind,
            "urls": urls,
            "issuer": kind.issuer(document),
            "signer_name": kind.signer_name(report),
            "can": selectors.report_allowed_actions(request.user, report),
            "history": selectors.report_history(report),
        },
    )


@login_required
def report_edit(request, kind: Kind, **kwargs):
    """The editor: the texts of the sections and the header, beside the figures each token places."""
    owner, report = _find(request, kind, "edit", **kwargs)
    if not user_may(kind.workflow, "edit", request.user, report):
        messages.error(request, services.REFUSAL["edit"])
        return redirect(report)
    form = kind.edit_form(request.POST or None, instance=report, **owner)
    sections = SectionsForm(request.POST or None, report=report, prefix="section")
    # Both forms are checked, so that the page shows every error at once.
    if request.method == "POST" and all([form.is_valid(), sections.is_valid()]):
        saved = call_service(
            form,
            lambda: services.report_update(
                actor=request.user,
                report=report,
                data=form.cleaned_data,
                sections=sections.cleaned_data,
                version=form.cleaned_data["version"],
            ),
        )
        if saved:
            messages.success(request, _("The report was saved."))
            return redirect(saved)
    values = kind.tokens(report)
    return render(
        request,
        "reports/report_edit.html",
        {
            **owner,
            "report": report,
            "form": form,
            "sections": sections,
            "token_help": [(name, help, values[name]) for name, help in kind.token_help.items()],
        },
    )


@login_required
def report_pdf(request, slug, pk):
    """The PDF kept when the report was made final. A draft's PDF is laid out by the worker."""
    _owner, report = _find(request, CELL_REPORT, slug=slug, pk=pk)
    if not (user_may(REPORT_WORKFLOW, "download", request.user, report) and report.final_pdf):
        messages.info(request, _("The PDF of a draft is laid out in the background: press the “PDF” button."))
        return redirect(report)
    return pdf_response(report.final_pdf.read(), report.file_title)


# The buttons that change a report's state (or lay out its PDF), of either kind: what each does
# once the workflow table (reports/workflow.py) allows it, and what the page answers when the
# report's state is not one the action starts from.


def _print(request, kind: Kind, report, *, final: bool = False):
    """The worker lays the report out (and, if final, freezes it); the person is taken to the
    job's page, and told on the report's page why not."""
    job = services.report_print_start(
        actor=request.user,
        report=report,
        final=final,
        language=request.LANGUAGE_CODE,
        back=report.get_absolute_url(),
    )
    return redirect(job)


def _finalise(request, kind: Kind, report):
    """The worker lays out the PDF, then makes the report final with it and its figures."""
    if kind.gaps_on_page and kind.document(report)["gaps"]:
        raise ValidationError(services.GAPS_REFUSAL)
    return _print(request, kind, report, final=True)


def _new_version(request, kind: Kind, report):
    """A final report corrected by a new version, whose edit page opens next."""
    copy = services.report_new_version(actor=request.user, report=report)
    messages.success(
        request, _("Version %(version)s was made to correct the report.") % {"version": copy.version}
    )
    return redirect(_url(kind, "edit", copy))


def _kept_pdf(request, kind: Kind, report):
    """The PDF of a final report is the one kept when it was made final."""
    if kind.pdf_url:
        return redirect(kind.pdf_url, **kind.url_kwargs(report))
    return file_response(report.final_pdf, f"{report.file_title}.pdf")


def _refuse(request, kind: Kind, report, action: str):
    messages.error(request, services.REFUSAL[action])
    return redirect(report)


@dataclass(frozen=True)
class Button:
    take: Callable[..., HttpResponse]
    # What the page answers when the report's state is not one the action starts from.
    refused: Callable[..., HttpResponse]


BUTTON_ACTIONS = {
    "print": Button(take=_print, refused=_kept_pdf),
    "finalise": Button(take=_finalise, refused=partial(_refuse, action="finalise")),
    "new_version": Button(take=_new_version, refused=partial(_refuse, action="new_version")),
}


@login_required
@require_POST
def report_action(request, kind: Kind, action: str, **kwargs):
    """A button's action on a report of either kind: refused (403) to a role the table does not
    let take it; in a state the table does not start it from, the page says so; the service's
    refusal is told as a message on the report's page."""
    _owner, report = _find(request, kind, action, **kwargs)
    button = BUTTON_ACTIONS[action]
    if not user_may(kind.workflow, action, request.user, report):
        return button.refused(request, kind, report)
    try:
        return button.take(request, kind, report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report)


# The committee's register of documents, kept by its office


@login_required
def committee_document_list(request, pk):
    committee = _office(request, pk)
    return render(
        request,
        "reports/committee_document_list.html",
        {
            "committee": committee,
            "documents": selectors.committee_documents(committee),
            "can_manage": request.user.has_perm("reports.manage_committee_reports", committee),
        },
    )


@login_required
def committee_document_form(request, pk, document=None):
    committee = _office(request, pk, "reports.manage_committee_reports")
    instance = selectors.committee_document_of(committee, document) if document else None
    form = CommitteeDocumentForm(
        request.POST or None, request.FILES or None, instance=instance, committee=committee
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.committee_document_save(
                actor=request.user,
                committee=committee,
                data=form.cleaned_data,
                document=instance,
                version=form.cleaned_data["version"],
            ),
        )
        if saved:
            messages.success(request, _("The document %(number)s was saved.") % {"number": saved.number})
            return redirect("reports:committee_document_list", pk=committee.pk)
    return render(
        request,
        "reports/committee_document_form.html",
        {"committee": committee, "form": form, "document": instance},
    )


@login_required
def committee_document_file(request, pk, document):
    committee = _office(request, pk)
    document = selectors.committee_document_of(committee, document)
    return file_response(document.file, document.file_name)


# The cell's superior committee over time


@login_required
def committee_receive_cell(request, pk):
    """A cell moves under this committee, from a day: recorded by the committee's office (or
    an administrator) with the cell's short name."""
    committee = _office(request, pk, "members.move_cell_to")
    form = CellReceiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cell = form.cleaned_data["cell"]
        moved = call_service(
            form,
            lambda: services.cell_move(
                actor=request.user, cell=cell, committee=committee, moved_on=form.cleaned_data["moved_on"]
            ),
        )
        if moved:
            messages.success(
                request,
                _("%(cell)s belongs to %(committee)s from %(day)s.")
                % {
                    "cell": cell.name,
                    "committee": committee.issuing_name,
                    "day": f"{moved.moved_on:%d/%m/%Y}",
                },
            )
            return redirect("reports:committee_table", pk=committee.pk)
    return render(request, "reports/committee_receive_cell.html", {"form": form, "committee": committee})


@login_required
def cell_former_committee(request, slug):
    """The committee a cell belonged to before the moves recorded: recorded by the office of
    its committee now, or an administrator."""
    cell = cell_with_perm(request, slug, "members.record_former_committee")
    form = FormerCommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        moved = call_service(
            form,
            lambda: services.cell_former_committee_add(
                actor=request.user,
                cell=cell,
                committee=form.cleaned_data["committee"],
                last_day=form.cleaned_data["last_day"],
            ),
        )
        if moved:
            messages.success(request, _("The cell's former superior committee was recorded."))
            return redirect(cell)
    return render(
        request,
        "reports/cell_former_committee.html",
        {"form": form, "cell": cell, "belongings": belongings_of(cell)},
    )


# The figures of the years without records, entered from the cell's reports


@login_required
def entered_year_list(request, slug):
    cell = cell_with_perm(request, slug, "reports.view_entered_figures")
    return render(
        request,
        "reports/entered_year_list.html",
        {
            "cell": cell,
            "years": selectors.cell_years_sources(cell),
            "can_manage": request.user.has_perm("reports.manage_entered_figures", cell),
        },
    )


@login_required
def entered_year_form(request, slug, year):
    cell = cell_with_perm(request, slug, "reports.manage_entered_figures")
    if year not in selectors.entered_year_range():
        raise Http404
    current = selectors.entered_year_of_cell(cell, year)
    form = EnteredYearFiguresForm(
        request.POST or None, instance=current or EnteredYearFigures(cell=cell, year=year)
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.entered_figures_save(
                actor=request.user,
                cell=cell,
                year=year,
                data=form.cleaned_data,
                version=form.cleaned_data["version"] if current else None,
            ),
        )
        if saved:
            messages.success(request, _("The figures of %(year)s were saved.") % {"year": year})
            return redirect("reports:entered_year_list", slug=cell.slug)
    return render(
        request,
        "reports/entered_year_form.html",
        {
            "cell": cell,
            "year": year,
            "form": form,
            "current": current,
            "history": record_history(current) if current else [],
        },
    )


@login_required
@require_POST
def entered_year_remove(request, slug, year):
    cell = cell_with_perm(request, slug, "reports.manage_entered_figures")
    current = selectors.entered_year_of_cell(cell, year)
    if current is None:
        raise Http404
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        services.entered_figures_remove(actor=request.user, cell=cell, year=year, version=version)
    except StaleEdit:
        messages.error(
            request, _("The figures of %(year)s were changed meanwhile: look again.") % {"year": year}
        )
        return redirect("reports:entered_year_form", slug=cell.slug, year=current.year)
    messages.success(request, _("The figures of %(year)s were removed.") % {"year": year})
    return redirect("reports:entered_year_list", slug=cell.slug)
