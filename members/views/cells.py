"""Pages of a cell and of its superior committee: the cell's page, its details and its name by
date, the committee's details, and the cell's back-up."""

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cell05.history import record_history
from cell05.pages import call_service
from jobs.choices import JobKind
from jobs.services import job_start
from members import selectors
from members.forms import CellForm, CellRenameForm, CommitteeForm
from members.pages import cell_with_perm
from members.services import cells as cell_services


@login_required
def cell_detail(request, slug):
    cell = cell_with_perm(request, slug, "members.open_cell")
    # The office of a committee the cell has left reads its past, not the cell as it is today.
    reads_today = request.user.has_perm("members.view_cell", cell)
    return render(
        request,
        "members/cell_detail.html",
        {
            "cell": cell,
            "overview": selectors.cell_overview(cell) if reads_today else None,
            "belongings": selectors.belongings_of(cell),
            "names": selectors.cell_names(cell),
            "rename_form": CellRenameForm(),
        },
    )


def dated_act(request, *, cell, form, call, done: str, back: str, heading: str, intro: str = ""):
    """A dated act of the organisation (a rename, a merger, a dissolution): the form's page, or
    the service called with the form's fields, named as its arguments, and the reader sent back."""
    if request.method == "POST" and form.is_valid() and call_service(form, lambda: call(form.cleaned_data)):
        messages.success(request, done)
        return redirect(back)
    return render(
        request,
        "members/dated_act.html",
        {"cell": cell, "form": form, "heading": heading, "intro": intro, "back": back},
    )


@login_required
def cell_rename(request, slug):
    """A new name of the cell from a day: the documents dated before it keep the old one."""
    cell = cell_with_perm(request, slug, "members.rename_cell")
    return dated_act(
        request,
        cell=cell,
        form=CellRenameForm(request.POST or None),
        call=lambda data: cell_services.cell_rename(actor=request.user, cell=cell, **data),
        done=_("The cell was renamed."),
        back=cell.get_absolute_url(),
        heading=_("Rename the cell"),
        intro=_("The documents dated before the day keep the former name."),
    )


@login_required
def cell_update(request, slug):
    """ "Thông tin chi bộ": the name, document symbol and place name that the cell's documents
    print, edited by its secretary."""
    cell = cell_with_perm(request, slug, "members.change_cell")
    # The form works on a copy, so that the page keeps the saved name if the form is refused.
    form = CellForm(request.POST or None, instance=copy(cell))
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form,
            lambda: cell_services.cell_update(
                actor=request.user, cell=cell, data=form.cleaned_data, version=form.cleaned_data["version"]
            ),
        )
        if updated:
            messages.success(request, _("The information of the cell was saved."))
            return redirect(updated)
    return render(
        request,
        "members/cell_form.html",
        {
            "cell": cell,
            "form": form,
            "today": timezone.localdate(),
            "history": record_history(cell),
        },
    )


@login_required
def committee_update(request, pk):
    """The superior committee's full name, document symbol and place name, edited by its
    office; another committee is not found."""
    committee = selectors.committee_for_user(request.user, pk)
    if not request.user.has_perm("members.change_committee", committee):
        raise PermissionDenied
    form = CommitteeForm(request.POST or None, instance=copy(committee))
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form,
            lambda: cell_services.committee_update(
                actor=request.user,
                committee=committee,
                data=form.cleaned_data,
                version=form.cleaned_data["version"],
            ),
        )
        if updated:
            messages.success(request, _("The information of the committee was saved."))
            return redirect("reports:committee_table", pk=updated.pk)
    return render(
        request,
        "members/committee_form.html",
        {
            "committee": committee,
            "form": form,
            "today": timezone.localdate(),
            "history": record_history(committee),
        },
    )


@login_required
@require_POST
def cell_backup(request, slug):
    """The cell's back-up (records, history, accounts and files in one zip), made by the worker."""
    cell = cell_with_perm(request, slug, "members.back_up_cell")
    try:
        job = job_start(
            actor=request.user,
            kind=JobKind.CELL_BACKUP,
            cell=cell,
            language=request.LANGUAGE_CODE,
            back=cell.get_absolute_url(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(cell)
    return redirect(job)
