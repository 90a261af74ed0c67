"""Pages of the study years, the cell's documents and sessions, the pledges, and the Monday
sessions with their story library.

Views parse the request and call a service; every object comes through a selector scoped
to the user, so that nobody opens a record they may not see (404)."""

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cell05.downloads import attachment_header
from cell05.history import record_history
from cell05.pages import call_service, cell_with_perm
from cell05.periods import FIRST_YEAR, LAST_YEAR
from cell05.spreadsheets import text_only
from cell05.uploads import file_response
from cell05.versions import StaleEdit, saves_in_words
from members.rules import current_member
from plans import selectors, services
from plans.choices import ASSESSED_STATES, TRANSITIONS, PledgeState
from plans.forms import (
    BulkApproveForm,
    CellDocumentForm,
    DayOffForm,
    EvaluateForm,
    MondaySessionForm,
    PledgeEditForm,
    PledgeItemFormSet,
    ReflectionFileForm,
    ReturnForm,
    RotaFilterForm,
    RotaGenerateForm,
    RotaPrintForm,
    SelfAssessForm,
    StoryForm,
    StudySessionForm,
    StudyYearForm,
    SwapForm,
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


def _stale(request, error: StaleEdit):
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
        return services.study_year_save(
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
        text_only(dataset).export("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = attachment_header(f"{cell.slug}-ban-dang-ky-{study_year.year}.xlsx")
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
    return _pledge_page(request, cell, pledge)


def _pledge_page(request, cell, pledge, *, return_form=None):
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
            "return_form": return_form or ReturnForm(initial={"version": pledge.version}),
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
        submit = "submit" in request.POST
        try:
            saved = services.pledge_update(
                actor=request.user,
                pledge=pledge,
                version=form.cleaned_data["version"],
                items=formset.items(),
                reflection_text=form.cleaned_data["reflection_text"],
                submit=submit,
            )
        except StaleEdit as error:
            _refuse_stale_pledge(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if submit:
                messages.success(request, _("Your pledge was submitted."))
                return redirect(saved)
            messages.success(request, _("The pledge was saved."))
            return redirect("plans:pledge_edit", slug=cell.slug, pk=saved.pk)
    return render(
        request, "plans/pledge_edit.html", {"cell": cell, "pledge": pledge, "form": form, "formset": formset}
    )


def _refuse_stale_pledge(form, error: StaleEdit) -> None:
    """The refusal of an edit of a pledge says what changed meanwhile in the pledge and in its
    items, which keep a history of their own."""
    form.refuse_stale(error)
    for line in saves_in_words(selectors.item_changes_since(error.current, error.seen)):
        form.add_error(None, line)


def _pledge_action(request, slug, pk, perm, call, done_message, form_class=VersionForm):
    """A POST action on a pledge: the form is checked, the service called with the pledge and
    the form's data; the outcome, a refusal or an edit on an older copy is told as a message.
    A comment typed to return the pledge is kept when the pledge changed meanwhile."""
    cell, pledge = _pledge(request, slug, pk)
    if not request.user.has_perm(perm, pledge):
        raise PermissionDenied
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(pledge)
    try:
        call(pledge, form.cleaned_data)
    except StaleEdit as error:
        # The typed comment is worth keeping only while the pledge may still be returned.
        if form_class is ReturnForm and error.current.state in TRANSITIONS["return"][0]:
            form.refuse_stale(error)
            return _pledge_page(request, cell, error.current, return_form=form)
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
        lambda pledge, data: services.pledge_submit(
            actor=request.user, pledge=pledge, version=data["version"]
        ),
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
        lambda pledge, data: services.pledge_approve(
            actor=request.user, pledge=pledge, version=data["version"]
        ),
        _("The pledge was approved."),
    )


@login_required
@require_POST
def pledge_return(request, slug, pk):
    return _pledge_action(
        request,
        slug,
        pk,
        "plans.review_pledge",
        lambda pledge, data: services.pledge_return(
            actor=request.user, pledge=pledge, comment=data["comment"], version=data["version"]
        ),
        _("The pledge was returned to the member with your comment."),
        form_class=ReturnForm,
    )


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
        except StaleEdit as error:
            _refuse_stale_pledge(form, error)
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
        except StaleEdit as error:
            _refuse_stale_pledge(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The evaluation was saved."))
            return redirect(pledge)
    return render(request, "plans/pledge_evaluate.html", {"cell": cell, "pledge": pledge, "form": form})


@login_required
@require_POST
def pledge_reflection(request, slug, pk):
    return _pledge_action(
        request,
        slug,
        pk,
        "plans.edit_pledge",
        lambda pledge, data: services.pledge_set_reflection_file(
            actor=request.user, pledge=pledge, upload=data["file"], version=data["version"]
        ),
        _("The study reflection was attached."),
        form_class=ReflectionFileForm,
    )


@login_required
def pledge_reflection_file(request, slug, pk):
    cell, pledge = _pledge(request, slug, pk)
    return file_response(pledge.reflection_file, pledge.reflection_file_name)


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
    document = get_object_or_404(CellDocument, cell=cell, pk=pk)
    return file_response(document.file, document.file_name)


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


# The Monday sessions


def _rota_url(cell, year, month=None) -> str:
    query = f"?year={year}" + (f"&month={month}" if month else "")
    return reverse("plans:monday_rota", kwargs={"slug": cell.slug}) + query


@login_required
def monday_rota(request, slug):
    cell = cell_with_perm(request, slug, "plans.view_monday")
    years = selectors.monday_years(cell)
    filters = RotaFilterForm(request.GET or None, years=years, initial={"year": timezone.localdate().year})
    year = timezone.localdate().year
    month = None
    if filters.is_valid():
        year = filters.cleaned_data["year"] or year
        month = filters.cleaned_data["month"]
    sessions = list(selectors.monday_sessions(cell, year, months=[month] if month else None))
    for session in sessions:
        session.can_record = request.user.has_perm("plans.record_monday_session", session)
    me = current_member(request.user)
    skipped = selectors.mondays_without_session(cell, year)
    return render(
        request,
        "plans/monday_rota.html",
        {
            "cell": cell,
            "year": year,
            "month": month,
            "filters": filters,
            "sessions": sessions,
            "skipped": [row for row in skipped if not month or row["day"].month == month],
            "own_group_id": me.group_id if me and me.cell_id == cell.pk else None,
            "can_manage": request.user.has_perm("plans.manage_monday", cell),
            "quarters": [1, 2, 3, 4],
            "print_month": month or (timezone.localdate().month if year == timezone.localdate().year else 1),
        },
    )


@login_required
@require_POST
def monday_generate(request, slug):
    cell = cell_with_perm(request, slug, "plans.manage_monday")
    form = RotaGenerateForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Choose a year between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
        return redirect("plans:monday_rota", slug=cell.slug)
    year = form.cleaned_data["year"]
    try:
        created = services.monday_rota_generate(actor=request.user, cell=cell, year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(count)s sessions were added to the rota of %(year)s.")
            % {"count": len(created), "year": year},
        )
    return redirect(_rota_url(cell, year))


@login_required
def monday_day_off(request, slug):
    cell = cell_with_perm(request, slug, "plans.manage_monday")
    form = DayOffForm(request.POST or None, cell=cell)
    if request.method == "POST" and form.is_valid():
        result = call_service(
            form,
            lambda: services.monday_day_off_mark(
                actor=request.user,
                cell=cell,
                day=form.cleaned_data["day"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if result:
            day_off, removed = result
            day = formats.date_format(day_off.day, "SHORT_DATE_FORMAT")
            if removed:
                messages.success(
                    request, _("%(day)s is marked off; its planned session was removed.") % {"day": day}
                )
            else:
                messages.success(request, _("%(day)s is marked off.") % {"day": day})
                if selectors.monday_sessions(cell, day_off.day.year).filter(day=day_off.day).exists():
                    messages.warning(
                        request,
                        _("The session of %(day)s was already recorded, so it stays in the rota.")
                        % {"day": day},
                    )
            return redirect(_rota_url(cell, day_off.day.year, day_off.day.month))
    return render(request, "plans/monday_day_off.html", {"cell": cell, "form": form})


@login_required
def monday_swap(request, slug):
    cell = cell_with_perm(request, slug, "plans.manage_monday")
    filters = RotaGenerateForm(request.GET or None)
    year = filters.cleaned_data["year"] if filters.is_valid() else timezone.localdate().year
    form = SwapForm(request.POST or None, sessions=selectors.planned_monday_sessions(cell, year))
    if request.method == "POST" and form.is_valid():
        swapped = call_service(
            form,
            lambda: services.monday_sessions_swap(
                actor=request.user, first=form.cleaned_data["first"], second=form.cleaned_data["second"]
            ),
        )
        if swapped:
            first, second = swapped
            messages.success(
                request,
                _("%(first_day)s is now the turn of %(first_group)s, %(second_day)s of %(second_group)s.")
                % {
                    "first_day": formats.date_format(first.day, "SHORT_DATE_FORMAT"),
                    "first_group": first.group,
                    "second_day": formats.date_format(second.day, "SHORT_DATE_FORMAT"),
                    "second_group": second.group,
                },
            )
            return redirect(_rota_url(cell, year))
    return render(request, "plans/monday_swap.html", {"cell": cell, "form": form, "year": year})


@login_required
def monday_record(request, slug, pk):
    cell = cell_with_perm(request, slug, "plans.view_monday")
    session = selectors.monday_session_of_cell(cell, pk)
    if not request.user.has_perm("plans.record_monday_session", session):
        raise PermissionDenied
    form = MondaySessionForm(
        request.POST or None,
        instance=session,
        members=selectors.monday_readers(session),
        stories=selectors.stories_of_cell(cell),
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.monday_session_record(
                actor=request.user,
                session=session,
                data=form.cleaned_data,
                version=form.cleaned_data["version"],
            ),
        )
        if saved:
            messages.success(request, _("The session was recorded."))
            repeat = selectors.recent_repeat(saved)
            if repeat is not None:
                messages.warning(
                    request,
                    _(
                        "%(group)s already read “%(story)s” on %(day)s, less than 12 months ago. "
                        "The session is recorded; consider another material next time."
                    )
                    % {
                        "group": saved.group,
                        "story": saved.story,
                        "day": formats.date_format(repeat.day, "SHORT_DATE_FORMAT"),
                    },
                )
            return redirect(_rota_url(cell, saved.day.year, saved.day.month))
    history = record_history(session) if request.user.has_perm("plans.manage_monday", cell) else []
    return render(
        request,
        "plans/monday_record.html",
        {"cell": cell, "form": form, "session": session, "history": history},
    )


@login_required
def monday_pdf(request, slug):
    """The rota of a month or a quarter, to post on the notice board."""
    cell = cell_with_perm(request, slug, "plans.view_monday")
    form = RotaPrintForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose a month or a quarter."))
        return redirect("plans:monday_rota", slug=cell.slug)
    year, month, quarter = (form.cleaned_data[field] for field in ("year", "month", "quarter"))
    rota = selectors.rota_for_print(cell, year, month=month, quarter=quarter)
    pdf = render_pdf(
        "plans/monday_print.html", {"cell": cell, "rota": rota, "printed_on": timezone.localdate()}
    )
    period = f"{month:02d}" if month else f"q{quarter}"
    return pdf_response(pdf, f"lich sinh hoat thu hai {cell.slug} {year} {period}")


# The story library


@login_required
def story_list(request, slug):
    cell = cell_with_perm(request, slug, "plans.view_monday")
    return render(
        request,
        "plans/story_list.html",
        {
            "cell": cell,
            "stories": selectors.stories_of_cell(cell),
            "can_manage": request.user.has_perm("plans.manage_monday", cell),
        },
    )


@login_required
def story_detail(request, slug, pk):
    cell = cell_with_perm(request, slug, "plans.view_monday")
    story = selectors.story_of_cell(cell, pk)
    return render(
        request,
        "plans/story_detail.html",
        {
            "cell": cell,
            "story": story,
            "sessions": selectors.story_sessions(story),
            "can_manage": request.user.has_perm("plans.manage_monday", cell),
        },
    )


@login_required
def story_form(request, slug, pk=None):
    cell = cell_with_perm(request, slug, "plans.manage_monday")
    story = selectors.story_of_cell(cell, pk) if pk else None
    form = StoryForm(request.POST or None, instance=story, cell=cell)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.story_save(
                actor=request.user,
                cell=cell,
                data=form.cleaned_data,
                story=story,
                version=form.cleaned_data["version"],
            ),
        )
        if saved:
            messages.success(request, _("“%(title)s” was saved.") % {"title": saved.title})
            return redirect(saved)
    return render(request, "plans/story_form.html", {"cell": cell, "form": form, "story": story})
