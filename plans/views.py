"""Pages of the study years, the cell's documents and sessions, and the pledges.

Views parse the request and call a service; every object comes through a selector scoped
to the user, so that nobody opens a record they may not see (404)."""

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.rules import current_member
from members.views import call_service, cell_with_perm
from plans import selectors, services
from plans.choices import ASSESSED_STATES, PledgeState
from plans.forms import (
    BulkApproveForm,
    CellDocumentForm,
    EvaluateForm,
    PledgeEditForm,
    PledgeItemFormSet,
    ReflectionFileForm,
    ReturnForm,
    SelfAssessForm,
    StudySessionForm,
    StudyYearForm,
    VersionForm,
    YearFilterForm,
)
from plans.models import CellDocument, StudySession
from reports.pdf import pdf_response, render_pdf


def _pledge(request, slug, pk, perm="plans.view_pledge"):
    cell = cell_with_perm(request, slug)
    pledge = selectors.pledge_for_user(request.user, cell, pk)
    if not request.user.has_perm(perm, pledge):
        raise PermissionDenied
    return cell, pledge


def _stale(request, error: services.StaleEdit):
    messages.error(
        request,
        _(
            "This pledge was changed by someone else while you were working on it, so your change "
            "was not saved. Below is the newer version; check it and make your change again."
        ),
    )
    return redirect(error.current)


# Study years


@login_required
def year_list(request, slug):
    cell = cell_with_perm(request, slug, "plans.view_year")
    return render(
        request,
        "plans/year_list.html",
        {
            "cell": cell,
            "years": selectors.years_of_cell(cell).prefetch_related("key_contents"),
            "can_manage": request.user.has_perm("plans.manage_year", cell),
        },
    )


@login_required
def year_form(request, slug, year=None):
    cell = cell_with_perm(request, slug, "plans.manage_year")
    study_year = selectors.year_of_cell(cell, year) if year else None
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
    form = StudyYearForm(request.POST or None, initial=initial, editing=study_year is not None)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.study_year_save(
                actor=request.user,
                cell=cell,
                year=form.cleaned_data["year"],
                theme=form.cleaned_data["theme"],
                pledge_deadline=form.cleaned_data["pledge_deadline"],
                key_contents=form.key_content_lines(),
                study_year=study_year,
            ),
        )
        if saved:
            messages.success(request, _("The year %(year)s was saved.") % {"year": saved.year})
            return redirect(saved)
    return render(request, "plans/year_form.html", {"cell": cell, "form": form, "study_year": study_year})


@login_required
def year_detail(request, slug, year):
    cell = cell_with_perm(request, slug, "plans.view_year")
    study_year = selectors.year_of_cell(cell, year)
    me = current_member(request.user)
    context = {
        "cell": cell,
        "study_year": study_year,
        "sessions": selectors.sessions_of_year(study_year),
        "can_manage": request.user.has_perm("plans.manage_year", cell),
        "own_pledge": selectors.own_pledge(me, study_year) if me and me.cell_id == cell.pk else None,
        "is_member": me is not None and me.cell_id == cell.pk,
    }
    if request.user.has_perm("plans.view_year_pledges", cell):
        filters = YearFilterForm(request.GET or None)
        state = filters.cleaned_data["state"] if filters.is_valid() else ""
        overview = selectors.year_overview(study_year, state=state)
        context.update(
            {
                "overview": overview,
                "filters": filters,
                "chart": selectors.year_chart(overview),
                "can_review": request.user.has_perm("plans.manage_year", cell),
            }
        )
    else:
        context["group_pledges"] = (
            selectors.pledges_visible_to(request.user, cell)
            .filter(study_year=study_year)
            .exclude(member=me)
            .order_by("member__search_name")
        )
    return render(request, "plans/year_detail.html", context)


@login_required
def year_export(request, slug, year):
    cell = cell_with_perm(request, slug, "plans.view_year_pledges")
    study_year = selectors.year_of_cell(cell, year)
    overview = selectors.year_overview(study_year)
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
                str(row["member"].group or ""),
                pledge.get_state_display() if pledge else _("No pledge"),
                pledge.item_count if pledge else 0,
                pledge.submitted_at.strftime("%d/%m/%Y") if pledge and pledge.submitted_at else "",
                pledge.get_rating_display() if pledge else "",
                pledge.score if pledge and pledge.score is not None else "",
            ]
        )
    response = HttpResponse(
        dataset.export("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{cell.slug}-ban-dang-ky-{study_year.year}.xlsx"'
    return response


@login_required
@require_POST
def year_bulk_approve(request, slug, year):
    cell = cell_with_perm(request, slug, "plans.manage_year")
    study_year = selectors.year_of_cell(cell, year)
    form = BulkApproveForm(
        request.POST,
        pledges=selectors.pledges_visible_to(request.user, cell).filter(
            study_year=study_year, state=PledgeState.SUBMITTED
        ),
    )
    if not form.is_valid():
        messages.error(request, _("Choose submitted pledges to approve."))
        return redirect(study_year)
    approved, refused = services.pledges_bulk_approve(
        actor=request.user, pledges=form.cleaned_data["pledges"]
    )
    if approved:
        messages.success(request, _("%(count)s pledges were approved.") % {"count": len(approved)})
    for pledge, reason in refused:
        messages.warning(request, f"{pledge.member}: {reason}")
    return redirect(study_year)


# Pledges


@login_required
def my_pledge(request, slug, year):
    """The signed-in member's pledge for the year: opened if it exists, begun on request."""
    cell = cell_with_perm(request, slug, "plans.view_year")
    study_year = selectors.year_of_cell(cell, year)
    me = current_member(request.user)
    if me is None or me.cell_id != cell.pk:
        raise Http404
    pledge = selectors.own_pledge(me, study_year)
    if pledge is not None:
        return redirect(pledge)
    if request.method == "POST":
        pledge = services.pledge_start(actor=request.user, member=me, study_year=study_year)
        return redirect("plans:pledge_edit", slug=cell.slug, pk=pledge.pk)
    return render(request, "plans/pledge_start.html", {"cell": cell, "study_year": study_year})


@login_required
def pledge_detail(request, slug, pk):
    cell, pledge = _pledge(request, slug, pk)
    pledge = selectors.pledge_with_items(pledge)
    user = request.user
    can = {
        action: user.has_perm(f"plans.{action}_pledge", pledge)
        for action in ("edit", "submit", "review", "self_assess", "evaluate")
    }
    return render(
        request,
        "plans/pledge_detail.html",
        {
            "cell": cell,
            "pledge": pledge,
            "can": can,
            "version_form": VersionForm(initial={"version": pledge.version}),
            "return_form": ReturnForm(initial={"version": pledge.version}),
            "reflection_form": ReflectionFileForm(initial={"version": pledge.version}),
            "next_step": selectors.next_step(pledge, pledge.study_year)
            if pledge.member.user_id == user.pk
            else None,
            "history": selectors.pledge_history(pledge)
            if user.has_perm("plans.view_pledge_history", pledge)
            else [],
        },
    )


@login_required
def pledge_edit(request, slug, pk):
    cell, pledge = _pledge(request, slug, pk, "plans.edit_pledge")
    if pledge.state != PledgeState.DRAFT:
        messages.error(request, _("Only a draft pledge can be edited."))
        return redirect(pledge)
    items = list(pledge.items.all())
    initial_items = [
        {
            "id": item.pk,
            "action": item.action,
            "aspect": item.aspect,
            "target": item.target,
            "timeframe": item.timeframe,
        }
        for item in items
    ]
    form = PledgeEditForm(
        request.POST or None, initial={"version": pledge.version, "reflection_text": pledge.reflection_text}
    )
    formset = PledgeItemFormSet(request.POST or None, initial=initial_items, prefix="items")
    if not items and request.method != "POST":
        formset.extra = 3
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            saved = services.pledge_update(
                actor=request.user,
                pledge=pledge,
                version=form.cleaned_data["version"],
                items=formset.items(),
                reflection_text=form.cleaned_data["reflection_text"],
            )
        except services.StaleEdit as error:
            return _stale(request, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if "submit" in request.POST:
                try:
                    services.pledge_submit(actor=request.user, pledge=saved, version=saved.version)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, _("Your pledge was submitted."))
                    return redirect(saved)
            messages.success(request, _("The pledge was saved."))
            return redirect("plans:pledge_edit", slug=cell.slug, pk=saved.pk)
    return render(
        request, "plans/pledge_edit.html", {"cell": cell, "pledge": pledge, "form": form, "formset": formset}
    )


def _pledge_action(request, slug, pk, perm, call, done_message):
    cell, pledge = _pledge(request, slug, pk)
    if not request.user.has_perm(perm, pledge):
        raise PermissionDenied
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date; try again."))
        return redirect(pledge)
    try:
        call(pledge, form.cleaned_data["version"])
    except services.StaleEdit as error:
        return _stale(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done_message)
    return redirect(pledge)


@login_required
@require_POST
def pledge_submit(request, slug, pk):
    return _pledge_action(
        request,
        slug,
        pk,
        "plans.submit_pledge",
        lambda pledge, version: services.pledge_submit(actor=request.user, pledge=pledge, version=version),
        _("The pledge was submitted."),
    )


@login_required
@require_POST
def pledge_approve(request, slug, pk):
    return _pledge_action(
        request,
        slug,
        pk,
        "plans.review_pledge",
        lambda pledge, version: services.pledge_approve(actor=request.user, pledge=pledge, version=version),
        _("The pledge was approved."),
    )


@login_required
@require_POST
def pledge_return(request, slug, pk):
    cell, pledge = _pledge(request, slug, pk, "plans.review_pledge")
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.pledge_return(
                actor=request.user,
                pledge=pledge,
                comment=form.cleaned_data["comment"],
                version=form.cleaned_data["version"],
            )
        except services.StaleEdit as error:
            return _stale(request, error)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The pledge was returned to the member with your comment."))
    else:
        messages.error(request, _("Say what the member should change."))
    return redirect(pledge)


@login_required
def pledge_assess(request, slug, pk):
    cell, pledge = _pledge(request, slug, pk, "plans.self_assess_pledge")
    form = SelfAssessForm(
        request.POST or None,
        pledge=pledge,
        initial={"version": pledge.version, "summary": pledge.self_assessment},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_self_assess(
                actor=request.user,
                pledge=pledge,
                version=form.cleaned_data["version"],
                results=form.results(),
                summary=form.cleaned_data["summary"],
            )
        except services.StaleEdit as error:
            return _stale(request, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The self-assessment was saved."))
            return redirect(pledge)
    return render(request, "plans/pledge_assess.html", {"cell": cell, "pledge": pledge, "form": form})


@login_required
def pledge_evaluate(request, slug, pk):
    cell, pledge = _pledge(request, slug, pk, "plans.evaluate_pledge")
    form = EvaluateForm(
        request.POST or None,
        initial={
            "version": pledge.version,
            "rating": pledge.rating,
            "score": pledge.score,
            "comment": pledge.evaluation_comment,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_evaluate(
                actor=request.user,
                pledge=pledge,
                version=form.cleaned_data["version"],
                rating=form.cleaned_data["rating"],
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except services.StaleEdit as error:
            return _stale(request, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The evaluation was saved."))
            return redirect(pledge)
    return render(request, "plans/pledge_evaluate.html", {"cell": cell, "pledge": pledge, "form": form})


@login_required
@require_POST
def pledge_reflection(request, slug, pk):
    cell, pledge = _pledge(request, slug, pk, "plans.edit_pledge")
    form = ReflectionFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.pledge_set_reflection_file(
                actor=request.user,
                pledge=pledge,
                upload=form.cleaned_data["file"],
                version=form.cleaned_data["version"],
            )
        except services.StaleEdit as error:
            return _stale(request, error)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The study reflection was attached."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect(pledge)


def _file_response(field_file, name: str):
    if not field_file:
        raise Http404
    return FileResponse(
        field_file.open("rb"), as_attachment=True, filename=name or field_file.name.rsplit("/", 1)[-1]
    )


@login_required
def pledge_reflection_file(request, slug, pk):
    cell, pledge = _pledge(request, slug, pk)
    return _file_response(pledge.reflection_file, pledge.reflection_file_name)


# The cell's documents


@login_required
def document_list(request, slug):
    cell = cell_with_perm(request, slug, "plans.view_year")
    return render(
        request,
        "plans/document_list.html",
        {
            "cell": cell,
            "documents": selectors.documents_of_cell(cell),
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
            lambda: services.document_save(
                actor=request.user, cell=cell, data=form.cleaned_data, document=document
            ),
        )
        if saved:
            messages.success(request, _("The document %(number)s was saved.") % {"number": saved.number})
            return redirect("plans:document_list", slug=cell.slug)
    return render(request, "plans/document_form.html", {"cell": cell, "form": form, "document": document})


@login_required
def document_file(request, slug, pk):
    cell = cell_with_perm(request, slug, "plans.view_year")
    document = get_object_or_404(CellDocument, cell=cell, pk=pk)
    return _file_response(document.file, document.file_name)


# Study sessions


@login_required
def session_form(request, slug, year, pk=None):
    cell = cell_with_perm(request, slug, "plans.manage_year")
    study_year = selectors.year_of_cell(cell, year)
    session = get_object_or_404(StudySession, study_year=study_year, pk=pk) if pk else None
    form = StudySessionForm(
        request.POST or None,
        instance=session,
        members=selectors.year_members(study_year).order_by("group__order", "search_name"),
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.session_save(
                actor=request.user,
                study_year=study_year,
                data=form.cleaned_data,
                attendees=form.cleaned_data["attendees"],
                session=session,
            ),
        )
        if saved:
            messages.success(request, _("The study session was saved."))
            return redirect(study_year)
    return render(
        request,
        "plans/session_form.html",
        {"cell": cell, "study_year": study_year, "form": form, "session": session},
    )


# Printing


@login_required
def pledge_pdf(request, slug, pk):
    """The pledge, or at year end the self-assessment, on one page to sign and file."""
    cell, pledge = _pledge(request, slug, pk)
    pledge = selectors.pledge_with_items(pledge)
    assessment = pledge.state in ASSESSED_STATES
    pdf = render_pdf(
        "plans/pledge_print.html",
        {"pledges": [pledge], "assessment": assessment, "printed_on": timezone.localdate()},
    )
    title = _("Self-assessment") if assessment else _("Pledge")
    return pdf_response(pdf, f"{title} {pledge.member.full_name} {pledge.study_year.year}")


@login_required
def year_pledges_pdf(request, slug, year):
    """Every pledge of the year, one per page, for the cell's file."""
    cell = cell_with_perm(request, slug, "plans.view_year_pledges")
    study_year = selectors.year_of_cell(cell, year)
    pledges = selectors.year_pledges_for_print(study_year)
    assessment = request.GET.get("assessment") == "1"
    pdf = render_pdf(
        "plans/pledge_print.html",
        {"pledges": pledges, "assessment": assessment, "printed_on": timezone.localdate()},
    )
    return pdf_response(pdf, f"{cell.slug} {study_year.year}")
