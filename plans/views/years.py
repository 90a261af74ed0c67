"""Pages of the study years, the cell's documents and the study sessions, with a year's
export, bulk approval and print of its pledges.

Views parse the request and call a service; every object comes through a selector scoped
to the user, so that nobody opens a record they may not see (404)."""

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cell05.downloads import attachment_header
from cell05.history import record_history
from cell05.page_cache import render_with_cached_content
from cell05.pages import call_service
from cell05.pdf import pdf_response, render_pdf
from cell05.spreadsheets import text_only
from cell05.uploads import file_response
from cell05.versions import StaleEdit
from members.pages import cell_with_perm
from members.rules import current_member
from members.selectors import reading_until
from plans.forms.years import (
    BulkApproveForm,
    CellDocumentForm,
    StudySessionForm,
    StudyYearForm,
    YearFilterForm,
)
from plans.models import CellDocument, StudySession
from plans.selectors import pledges as pledge_selectors
from plans.selectors import years as year_selectors
from plans.services import pledges as pledge_services
from plans.services import years as year_services
from plans.workflow import PLEDGE_WORKFLOW


@login_required
def year_list(request, slug):
    cell = cell_with_perm(request, slug, "plans.view_year")
    return render(
        request,
        "plans/year_list.html",
        {
            "cell": cell,
            "years": year_selectors.years_of_cell(cell, until=reading_until(request.user, cell)),
            "can_manage": request.user.has_perm("plans.manage_year", cell),
            # The import of a past year (operations), named by its permission only.
            "can_import": request.user.has_perm("operations.import_year", cell),
        },
    )


@login_required
def year_form(request, slug, year=None):
    cell = cell_with_perm(request, slug, "plans.manage_year")
    study_year = year_selectors.year_of_cell(cell, year) if year else None
    initial = (
        {
            "year": study_year.year,
            "theme": study_year.theme,
            "pledge_deadline": study_year.pledge_deadline,
            "key_contents": "\n".join(content.text for content in study_year.key_contents.all()),
        }
        if study_year
        else {}
    )
    form = StudyYearForm(
        request.POST or None,
        initial=initial,
        editing=study_year is not None,
        version=study_year.version if study_year else None,
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, lambda: _save_year(request, cell, study_year, form))
        if saved:
            messages.success(request, _("The year %(year)s was saved.") % {"year": saved.year})
            return redirect(saved)
    return render(request, "plans/year_form.html", {"cell": cell, "form": form, "study_year": study_year})


def _save_year(request, cell, study_year, form):
    try:
        return year_services.study_year_save(
            actor=request.user,
            cell=cell,
            year=form.cleaned_data["year"],
            theme=form.cleaned_data["theme"],
            pledge_deadline=form.cleaned_data["pledge_deadline"],
            key_contents=form.key_content_lines(),
            study_year=study_year,
            version=form.cleaned_data["version"],
        )
    except StaleEdit as error:
        # The key contents have no history of their own: the refusal shows them as saved now
        # when they differ from what was typed.
        saved = list(error.current.key_contents.values_list("text", flat=True))
        typed = [line.strip() for line in form.key_content_lines() if line.strip()]
        form.refuse_stale(error)
        if saved != typed:
            form.add_error(
                None,
                _("The key and breakthrough contents as saved now: %(contents)s")
                % {"contents": "; ".join(saved) or "—"},
            )
        return None


@login_required
def year_detail(request, slug, year):
    cell = cell_with_perm(request, slug, "plans.view_year")
    until = reading_until(request.user, cell)
    if not year_selectors.reads_year(until, year):
        raise Http404
    entered = year_selectors.year_entered_figures(cell, year)
    if entered is not None and not year_selectors.has_year(cell, year):
        # A year of the cell's past that it entered from its report, with no theme recorded.
        return render(request, "plans/year_entered.html", {"cell": cell, "year": year, "entered": entered})
    study_year = year_selectors.year_of_cell(cell, year)
    me = current_member(request.user)
    is_member = me is not None and me.cell_id == cell.pk
    own_pledge = pledge_selectors.own_pledge(me, study_year) if is_member else None
    # A year entered from the cell's report shows that report's figures: no pledge to count.
    counts_pledges = entered is None and request.user.has_perm("plans.view_year_pledges", cell)
    context = {
        "cell": cell,
        "study_year": study_year,
        "can_review": counts_pledges and request.user.has_perm("plans.manage_year", cell),
    }

    def content_context():
        content = {
            "entered": entered,
            "sessions": year_selectors.sessions_of_year(study_year),
            "can_manage": request.user.has_perm("plans.manage_year", cell),
            "own_pledge": own_pledge,
            "is_member": is_member,
        }
        if counts_pledges:
            filters = YearFilterForm(request.GET or None)
            state = filters.cleaned_data["state"] if filters.is_valid() else ""
            overview = year_selectors.year_overview(study_year, state=state, viewer=request.user)
            content.update(
                {"overview": overview, "filters": filters, "chart": year_selectors.year_chart(overview)}
            )
        elif entered is None:
            content["group_pledges"] = (
                pledge_selectors.pledges_visible_to(request.user, cell)
                .filter(study_year=study_year)
                .exclude(member=me)
                .order_by("member__sort_key")
            )
        return content

    return render_with_cached_content(
        request,
        "plans/year_detail.html",
        context,
        content="plans/_year_detail_content.html",
        # The year's theme and key contents, its sessions, members, groups and roles renew the
        # stamp; a draft pledge's save may not, so the pledges' own versions are read too.
        key_parts=[
            cell.figures_stamp,
            study_year.version,
            own_pledge and (own_pledge.pk, own_pledge.version),
            pledge_selectors.year_pledges_version(study_year),
        ],
        content_context=content_context,
    )


@login_required
def year_export(request, slug, year):
    cell = cell_with_perm(request, slug, "plans.view_year_pledges")
    study_year = year_selectors.year_of_cell(cell, year, until=reading_until(request.user, cell))
    overview = year_selectors.year_overview(study_year)
    dataset = tablib.Dataset(
        headers=[
            _("Full name"),
            _("Party group"),
            _("State"),
            _("Items"),
            _("Submitted at"),
            _("Rating"),
            _("Score"),
        ],
        title=str(study_year.year),
    )
    for row in overview["rows"]:
        pledge = row["pledge"]
        dataset.append(
            [
                row["member"].full_name,
                row["group_name"],
                pledge.get_state_display() if pledge else _("No pledge"),
                pledge.item_count if pledge else 0,
                pledge.submitted_at.strftime("%d/%m/%Y") if pledge and pledge.submitted_at else "",
                pledge.get_rating_display() if pledge else "",
                pledge.score if pledge and pledge.score is not None else "",
            ]
        )
    response = HttpResponse(
        text_only(dataset).export("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = attachment_header(f"{cell.slug}-ban-dang-ky-{study_year.year}.xlsx")
    return response


@login_required
@require_POST
def year_bulk_approve(request, slug, year):
    cell = cell_with_perm(request, slug, "plans.manage_year")
    study_year = year_selectors.year_of_cell(cell, year)
    form = BulkApproveForm(
        request.POST,
        pledges=pledge_selectors.pledges_visible_to(request.user, cell).filter(
            study_year=study_year, state__in=PLEDGE_WORKFLOW["approve"].sources
        ),
    )
    if not form.is_valid():
        messages.error(request, _("Choose submitted pledges to approve."))
        return redirect(study_year)
    approved, refused = pledge_services.pledges_bulk_approve(
        actor=request.user, pledges=form.cleaned_data["pledges"]
    )
    if approved:
        messages.success(request, _("%(count)s pledges were approved.") % {"count": len(approved)})
    for pledge, reason in refused:
        messages.warning(request, f"{pledge.member}: {reason}")
    return redirect(study_year)


@login_required
def document_list(request, slug):
    cell = cell_with_perm(request, slug, "plans.view_year")
    return render(
        request,
        "plans/document_list.html",
        {
            "cell": cell,
            "documents": year_selectors.documents_of_cell(cell, until=reading_until(request.user, cell)),
            "can_manage": request.user.has_perm("plans.manage_year", cell),
        },
    )


@login_required
def document_form(request, slug, pk=None):
    cell = cell_with_perm(request, slug, "plans.manage_year")
    document = get_object_or_404(CellDocument, cell=cell, pk=pk) if pk else None
    form = CellDocumentForm(request.POST or None, request.FILES or None, instance=document, cell=cell)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: year_services.document_save(
                actor=request.user,
                cell=cell,
                data=form.cleaned_data,
                document=document,
                version=form.cleaned_data["version"],
            ),
        )
        if saved:
            messages.success(request, _("The document %(number)s was saved.") % {"number": saved.number})
            return redirect("plans:document_list", slug=cell.slug)
    return render(request, "plans/document_form.html", {"cell": cell, "form": form, "document": document})


@login_required
def document_file(request, slug, pk):
    cell = cell_with_perm(request, slug, "plans.view_year")
    documents = year_selectors.documents_of_cell(cell, until=reading_until(request.user, cell))
    document = get_object_or_404(documents, pk=pk)
    return file_response(document.file, document.file_name)


@login_required
def session_form(request, slug, year, pk=None):
    cell = cell_with_perm(request, slug, "plans.manage_year")
    study_year = year_selectors.year_of_cell(cell, year)
    session = get_object_or_404(StudySession, study_year=study_year, pk=pk) if pk else None
    form = StudySessionForm(
        request.POST or None,
        instance=session,
        members=year_selectors.year_members(study_year).order_by("group__order", "sort_key"),
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: year_services.session_save(
                actor=request.user,
                study_year=study_year,
                data=form.cleaned_data,
                attendees=form.cleaned_data["attendees"],
                session=session,
                version=form.cleaned_data["version"],
            ),
        )
        if saved:
            messages.success(request, _("The study session was saved."))
            return redirect(study_year)
    history = record_history(session) if session else []
    return render(
        request,
        "plans/session_form.html",
        {"cell": cell, "study_year": study_year, "form": form, "session": session, "history": history},
    )


@login_required
def year_pledges_pdf(request, slug, year):
    """Every pledge of the year, one per page, for the cell's file."""
    cell = cell_with_perm(request, slug, "plans.view_year_pledges")
    study_year = year_selectors.year_of_cell(cell, year, until=reading_until(request.user, cell))
    pledges = pledge_selectors.year_pledges_for_print(study_year)
    assessment = request.GET.get("assessment") == "1"
    pdf = render_pdf(
        "plans/pledge_print.html",
        {
            "documents": pledge_selectors.pledges_as_documents(pledges, assessment=assessment),
            "assessment": assessment,
        },
    )
    return pdf_response(pdf, f"{cell.slug} {study_year.year}")
