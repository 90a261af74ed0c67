"""A report's pages, a cell's or a committee's: the list, the new report, the preview with the
buttons its state and the person's role allow, the editor, and the PDF kept when it was made
final."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cell05.pages import call_service
from cell05.pdf import pdf_response
from cell05.workflow import user_may
from reports import selectors
from reports.forms import SectionsForm
from reports.services.editing import REFUSAL, report_update
from reports.services.printing import finalisable
from reports.views.kinds import CELL_REPORT, Kind, find_report, report_url
from reports.workflow import REPORT_WORKFLOW


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
            return redirect(report_url(kind, "edit", report))
    return render(request, kind.form_template, {**owner, "form": form})


@login_required
def report_detail(request, kind: Kind, **kwargs):
    """The preview: the report as it prints, what is still missing, the buttons its state and
    the person's role allow, and its history."""
    owner, report = find_report(request, kind, **kwargs)
    document = kind.document(report)
    urls = {page: report_url(kind, page, report) for page in ("print", "new_version", "edit", "finalise")}
    urls["pdf"] = kind.pdf_url and reverse(kind.pdf_url, kwargs=kind.url_kwargs(report))
    can = selectors.report_allowed_actions(request.user, report)
    # The document is laid out for the page anyway: the button shows only what the service accepts.
    can["finalise"] = can["finalise"] and finalisable(document)
    return render(
        request,
        "reports/report_detail.html",
        {
            **owner,
            **document,
            "kind": kind,
            "urls": urls,
            "can": can,
            "history": selectors.report_history(report),
        },
    )


@login_required
def report_edit(request, kind: Kind, **kwargs):
    """The editor: the texts of the sections and the header, beside the figures each token places."""
    owner, report = find_report(request, kind, "edit", **kwargs)
    if not user_may(kind.workflow, "edit", request.user, report):
        messages.error(request, REFUSAL["edit"])
        return redirect(report)
    form = kind.edit_form(request.POST or None, instance=report, **owner)
    sections = SectionsForm(request.POST or None, report=report, prefix="section")
    # Both forms are checked, so that the page shows every error at once.
    if request.method == "POST" and all([form.is_valid(), sections.is_valid()]):
        saved = call_service(
            form,
            lambda: report_update(
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
    _owner, report = find_report(request, CELL_REPORT, slug=slug, pk=pk)
    if not (user_may(REPORT_WORKFLOW, "download", request.user, report) and report.final_pdf):
        messages.info(request, _("The PDF of a draft is laid out in the background: press the “PDF” button."))
        return redirect(report)
    return pdf_response(report.final_pdf.read(), report.file_title)
