"""A cell's pages for its committee and the superior office: what changed in the cell, and the
figures of the years it holds no records of, entered from its reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cell05.history import record_history
from cell05.pages import call_service
from cell05.versions import StaleEdit
from figures.models import EnteredYearFigures
from members.pages import cell_with_perm
from reports import activity, selectors
from reports.forms import EnteredYearFiguresForm
from reports.services.entered import entered_figures_remove, entered_figures_save


@login_required
def cell_activity(request, slug):
    """Everything that changed in the cell, newest first, for the committee and the office."""
    cell = cell_with_perm(request, slug, "reports.view_activity")
    return render(request, "reports/activity.html", {"cell": cell, "entries": activity.cell_activity(cell)})


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
            lambda: entered_figures_save(
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
        entered_figures_remove(actor=request.user, cell=cell, year=year, version=version)
    except StaleEdit:
        messages.error(
            request, _("The figures of %(year)s were changed meanwhile: look again.") % {"year": year}
        )
        return redirect("reports:entered_year_form", slug=cell.slug, year=current.year)
    messages.success(request, _("The figures of %(year)s were removed.") % {"year": year})
    return redirect("reports:entered_year_list", slug=cell.slug)
