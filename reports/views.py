"""The reports' pages: the secretary's reports of the cell, and the superior committee's
table of its cells. Views parse the request and call a service or a selector."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
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
from cell05.workflow import user_may
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

FINAL_REFUSAL = gettext_lazy("A final report cannot change; make a new version to correct it.")


def _report(request, slug, pk, action=None):
    """The cell's report, if the user may read the cell's reports and, with `action`, the user's
    role may take that action; whether the report's state allows it, the table tells (`can`)."""
    cell = cell_with_perm(request, slug, "reports.view_reports")
    report = selectors.report_of_cell(cell, pk, until=reading_until(request.user, cell))
    if action and not REPORT_WORKFLOW[action].may_act(request.user, report):
        raise PermissionDenied
    return cell, report


@login_required
def report_list(request, slug):
    cell = cell_with_perm(request, slug, "reports.view_reports")
    return render(
        request,
        "reports/report_list.html",
        {
            "cell": cell,
            "reports": selectors.reports_of_cell(cell, until=reading_until(request.user, cell)),
            "can_manage": request.user.has_perm("reports.manage_reports", cell),
        },
    )


@login_required
def report_create(request, slug):
    cell = cell_with_perm(request, slug, "reports.manage_reports")
    form = ReportForm(request.POST or None, cell=cell, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        report = call_service(
            form, lambda: services.report_create(actor=request.user, cell=cell, data=form.cleaned_data)
        )
        if report:
            messages.success(request, _("The report was created from the records; edit its texts."))
            return redirect("reports:report_edit", slug=cell.slug, pk=report.pk)
    return render(request, "reports/report_form.html", {"cell": cell, "form": form})


@login_required
def report_detail(request, slug, pk):
    cell, report = _report(request, slug, pk)
    return render(
        request,
        "reports/report_detail.html",
        {
            "cell": cell,
            **assembly.report_document(report),
            "can": selectors.report_allowed_actions(request.user, report),
            "history": selectors.report_history(report),
        },
    )


@login_required
def report_edit(request, slug, pk):
    cell, report = _report(request, slug, pk, "edit")
    if not user_may(REPORT_WORKFLOW, "edit", request.user, report):
        messages.error(request, FINAL_REFUSAL)
        return redirect(report)
    form = ReportEditForm(request.POST or None, instance=report, cell=cell)
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
    values = assembly.report_tokens(report)
    return render(
        request,
        "reports/report_edit.html",
        {
            "cell": cell,
            "report": report,
            "form": form,
            "sections": sections,
            "token_help": [(name, TOKEN_HELP[name], values[name]) for name in TOKEN_HELP],
        },
    )


@login_required
def report_pdf(request, slug, pk):
    """The PDF kept when the report was made final. A draft's PDF is laid out by the worker."""
    cell, report = _report(request, slug, pk)
    if not (user_may(REPORT_WORKFLOW, "download", request.user, report) and report.final_pdf):
        messages.info(request, _("The PDF of a draft is laid out in the background: press the “PDF” button."))
        return redirect(report)
    return pdf_response(report.final_pdf.read(), report.file_title)


def _print_report(request, report, *, final: bool):
    """The worker lays the report out (and, if final, freezes it); the person is taken to the
    job's page, or back to the report with why not."""
    try:
        job = services.report_print_start(
            actor=request.user,
            report=report,
            final=final,
            language=request.LANGUAGE_CODE,
            back=report.get_absolute_url(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report)
    return redirect(job)


@login_required
@require_POST
def report_print(request, slug, pk):
    """A draft's PDF: the worker lays it out, within a time limit, while the person watches."""
    cell, report = _report(request, slug, pk, "print")
    if not user_may(REPORT_WORKFLOW, "print", request.user, report):
        return redirect("reports:report_pdf", slug=cell.slug, pk=report.pk)
    return _print_report(request, report, final=False)


@login_required
@require_POST
def report_finalise(request, slug, pk):
    """The worker lays out the PDF, then makes the report final with it and its figures."""
    cell, report = _report(request, slug, pk, "finalise")
    if not user_may(REPORT_WORKFLOW, "finalise", request.user, report):
        messages.error(request, FINAL_REFUSAL)
        return redirect(report)
    if assembly.report_document(report)["gaps"]:
        messages.error(request, services.GAPS_REFUSAL)
        return redirect(report)
    return _print_report(request, report, final=True)


@login_required
@require_POST
def report_new_version(request, slug, pk):
    cell, report = _report(request, slug, pk, "new_version")
    return _new_version(
        request,
        report,
        services.report_new_version,
        lambda copy: reverse("reports:report_edit", kwargs={"slug": cell.slug, "pk": copy.pk}),
    )


def _new_version(request, report, service, edit_url):
    """A final report (a cell's or a committee's) corrected by a new version, whose edit page
    opens next; a refusal is told on the report's page."""
    try:
        copy = service(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report)
    messages.success(
        request, _("Version %(version)s was made to correct the report.") % {"version": copy.version}
    )
    return redirect(edit_url(copy))


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


# The superior committee's own report over its cells, written by its office


def _committee_report(request, pk, report_pk, action=None):
    """The committee's report, if the user works in its office and, with `action`, the user's
    role may take that action; whether the report's state allows it, the table tells (`can`)."""
    committee = _office(request, pk)
    report = selectors.committee_report_of(committee, report_pk)
    if action and not COMMITTEE_REPORT_WORKFLOW[action].may_act(request.user, report):
        raise PermissionDenied
    return committee, report


@login_required
def committee_report_list(request, pk):
    committee = _office(request, pk)
    return render(
        request,
        "reports/committee_report_list.html",
        {
            "committee": committee,
            "reports": selectors.committee_reports(committee),
            "can_manage": request.user.has_perm("reports.manage_committee_reports", committee),
        },
    )


@login_required
def committee_report_create(request, pk):
    committee = _office(request, pk, "reports.manage_committee_reports")
    form = CommitteeReportForm(request.POST or None, committee=committee, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        report = call_service(
            form,
            lambda: services.committee_report_create(
                actor=request.user, committee=committee, data=form.cleaned_data
            ),
        )
        if report:
            messages.success(request, _("The report was created from the cells' records; edit its texts."))
            return redirect("reports:committee_report_edit", pk=committee.pk, report=report.pk)
    return render(request, "reports/committee_report_form.html", {"committee": committee, "form": form})


@login_required
def committee_report_detail(request, pk, report):
    committee, report = _committee_report(request, pk, report)
    with reading_from_replica():
        document = assembly.committee_report_document(report)
    return render(
        request,
        "reports/committee_report_detail.html",
        {
            "committee": committee,
            **document,
            "can": selectors.report_allowed_actions(request.user, report),
            "history": selectors.report_history(report),
        },
    )


@login_required
def committee_report_edit(request, pk, report):
    committee, report = _committee_report(request, pk, report, "edit")
    if not user_may(COMMITTEE_REPORT_WORKFLOW, "edit", request.user, report):
        messages.error(request, FINAL_REFUSAL)
        return redirect(report)
    form = CommitteeReportEditForm(request.POST or None, instance=report, committee=committee)
    sections = SectionsForm(request.POST or None, report=report, prefix="section")
    if request.method == "POST" and all([form.is_valid(), sections.is_valid()]):
        saved = call_service(
            form,
            lambda: services.committee_report_update(
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
    values = assembly.committee_report_tokens(report)
    return render(
        request,
        "reports/report_edit.html",
        {
            "report": report,
            "form": form,
            "sections": sections,
            "token_help": [(name, help, values[name]) for name, help in COMMITTEE_TOKEN_HELP.items()],
        },
    )


@login_required
@require_POST
def committee_report_print(request, pk, report):
    """The PDF covers every cell of the committee: the worker lays out a draft's; a final
    report's is the one kept when it was made final."""
    committee, report = _committee_report(request, pk, report, "print")
    if user_may(COMMITTEE_REPORT_WORKFLOW, "download", request.user, report):
        return file_response(report.final_pdf, f"{report.file_title}.pdf")
    return _print_report(request, report, final=False)


@login_required
@require_POST
def committee_report_finalise(request, pk, report):
    """The worker lays out the PDF over every cell, then makes the report final with it and its
    figures; a sentence whose figure is nothing makes the job fail and say so."""
    committee, report = _committee_report(request, pk, report, "finalise")
    if not user_may(COMMITTEE_REPORT_WORKFLOW, "finalise", request.user, report):
        messages.error(request, FINAL_REFUSAL)
        return redirect(report)
    return _print_report(request, report, final=True)


@login_required
@require_POST
def committee_report_new_version(request, pk, report):
    committee, report = _committee_report(request, pk, report, "new_version")
    return _new_version(
        request,
        report,
        services.committee_report_new_version,
        lambda copy: reverse("reports:committee_report_edit", kwargs={"pk": committee.pk, "report": copy.pk}),
    )


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
