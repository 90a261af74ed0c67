"""The reports' pages: the secretary's reports of the cell, and the superior committee's
table of its cells. Views parse the request and call a service or a selector."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.views import call_service, cell_with_perm
from oversight.selectors import period_of_request
from reports import activity, selectors, services
from reports.drafts import TOKEN_HELP
from reports.forms import ReportForm, SectionsForm
from reports.pdf import pdf_response, render_pdf


def _report(request, slug, pk, perm="reports.view_reports"):
    cell = cell_with_perm(request, slug, perm)
    return cell, selectors.report_of_cell(cell, pk)


def report_pdf_bytes(report, *, sections=None) -> bytes:
    return render_pdf("reports/report_print.html", selectors.report_document(report, sections=sections))


@login_required
def report_list(request, slug):
    cell = cell_with_perm(request, slug, "reports.view_reports")
    return render(
        request,
        "reports/report_list.html",
        {
            "cell": cell,
            "reports": selectors.reports_of_cell(cell),
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
            **selectors.report_document(report),
            "can_manage": request.user.has_perm("reports.manage_reports", cell),
            "history": selectors.report_history(report),
        },
    )


@login_required
def report_edit(request, slug, pk):
    cell, report = _report(request, slug, pk, "reports.manage_reports")
    if report.is_final:
        messages.error(request, _("A final report cannot change; make a new version to correct it."))
        return redirect(report)
    form = ReportForm(request.POST or None, instance=report, cell=cell)
    sections = SectionsForm(request.POST or None, report=report, prefix="section")
    if request.method == "POST" and form.is_valid() and sections.is_valid():
        saved = call_service(
            form,
            lambda: services.report_update(
                actor=request.user, report=report, data=form.cleaned_data, sections=sections.cleaned_data
            ),
        )
        if saved:
            messages.success(request, _("The report was saved."))
            return redirect(saved)
    document = selectors.report_document(report)
    return render(
        request,
        "reports/report_edit.html",
        {
            "cell": cell,
            "report": report,
            "form": form,
            "sections": sections,
            "token_help": [(name, TOKEN_HELP[name], document["tokens"][name]) for name in TOKEN_HELP],
        },
    )


@login_required
def report_pdf(request, slug, pk):
    cell, report = _report(request, slug, pk)
    pdf = report.final_pdf.read() if report.is_final and report.final_pdf else report_pdf_bytes(report)
    return pdf_response(pdf, f"{report.number_symbol} {report.title} v{report.version}")


@login_required
@require_POST
def report_finalise(request, slug, pk):
    cell, report = _report(request, slug, pk, "reports.manage_reports")
    document = selectors.report_document(report)
    try:
        services.report_finalise(
            actor=request.user,
            report=report,
            figures=document["figures"],
            pdf=render_pdf("reports/report_print.html", document),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is final: its figures and its PDF are kept as they are now."))
    return redirect(report)


@login_required
@require_POST
def report_new_version(request, slug, pk):
    cell, report = _report(request, slug, pk, "reports.manage_reports")
    try:
        copy = services.report_new_version(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report)
    messages.success(
        request, _("Version %(version)s was made to correct the report.") % {"version": copy.version}
    )
    return redirect("reports:report_edit", slug=cell.slug, pk=copy.pk)


def _committee_context(request, pk):
    committee = selectors.committee_for_user(request.user, pk)
    if not request.user.has_perm("reports.view_committee", committee) and not request.user.is_superuser:
        raise PermissionDenied
    this_year = timezone.localdate().year
    first, last = period_of_request(request.GET, (this_year, this_year))
    as_of = min(timezone.localdate(), date(last, 12, 31))
    rows = selectors.committee_table(committee, start_year=first, end_year=last, as_of=as_of)
    return {"committee": committee, "first": first, "last": last, "as_of": as_of, "rows": rows}


@login_required
def committee_table(request, pk):
    return render(request, "reports/committee_table.html", _committee_context(request, pk))


@login_required
def committee_table_pdf(request, pk) -> HttpResponse:
    context = _committee_context(request, pk)
    pdf = render_pdf("reports/committee_print.html", context)
    return pdf_response(pdf, f"{context['committee'].name} {context['first']}-{context['last']}")


@login_required
def cell_activity(request, slug):
    """Everything that changed in the cell, newest first, for the committee and the office."""
    cell = cell_with_perm(request, slug, "reports.view_activity")
    return render(request, "reports/activity.html", {"cell": cell, "entries": activity.cell_activity(cell)})
