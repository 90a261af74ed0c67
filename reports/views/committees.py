"""The superior committee's pages, kept by its office: the table of its cells (on the page and
printed), its register of documents, and the committee a cell belongs to over time."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cell05.page_cache import render_with_cached_content
from cell05.pages import call_service, period_of_request
from cell05.periods import FIRST_YEAR, LAST_YEAR
from cell05.routers import reading_from_replica
from cell05.uploads import file_response
from jobs.choices import JobKind
from jobs.services import job_start
from members.pages import cell_with_perm
from members.selectors import belongings_of, committee_for_user
from reports import selectors
from reports.forms import CellReceiveForm, CommitteeDocumentForm, FormerCommitteeForm
from reports.services.committees import cell_former_committee_add, cell_move, committee_document_save


def office_committee(request, pk, perm="reports.view_committee"):
    """The committee of the office the user works in, checked once for the page's permission."""
    committee = committee_for_user(request.user, pk)
    if not request.user.has_perm(perm, committee):
        raise PermissionDenied
    return committee


def _committee(request, pk):
    committee = office_committee(request, pk)
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


# The committee's register of documents, kept by its office


@login_required
def committee_document_list(request, pk):
    committee = office_committee(request, pk)
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
    committee = office_committee(request, pk, "reports.manage_committee_reports")
    instance = selectors.committee_document_of(committee, document) if document else None
    form = CommitteeDocumentForm(
        request.POST or None, request.FILES or None, instance=instance, committee=committee
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: committee_document_save(
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
    committee = office_committee(request, pk)
    document = selectors.committee_document_of(committee, document)
    return file_response(document.file, document.file_name)


# The cell's superior committee over time


@login_required
def committee_receive_cell(request, pk):
    """A cell moves under this committee, from a day: recorded by the committee's office (or
    an administrator) with the cell's short name."""
    committee = office_committee(request, pk, "members.move_cell_to")
    form = CellReceiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cell = form.cleaned_data["cell"]
        moved = call_service(
            form,
            lambda: cell_move(
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
            lambda: cell_former_committee_add(
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
