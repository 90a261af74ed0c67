"""Pages of the Monday sessions (the rota, days off, swaps, the record of a session, its
print) and the story library.

Views parse the request and call a service; every object comes through a selector scoped
to the user, so that nobody opens a record they may not see (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cell05.history import record_history
from cell05.pages import call_service
from cell05.pdf import pdf_response, render_pdf
from cell05.periods import FIRST_YEAR, LAST_YEAR
from members.pages import cell_with_perm
from members.rules import current_member
from members.selectors import group_name_on
from plans.forms.monday import (
    DayOffForm,
    MondaySessionForm,
    RotaFilterForm,
    RotaGenerateForm,
    RotaPrintForm,
    StoryForm,
    SwapForm,
)
from plans.selectors import monday as monday_selectors
from plans.services import monday as monday_services
from plans.views.calendar import calendar_box


def _rota_url(cell, year, month=None) -> str:
    query = f"?year={year}" + (f"&month={month}" if month else "")
    return reverse("plans:monday_rota", kwargs={"slug": cell.slug}) + query


@login_required
def monday_rota(request, slug):
    cell = cell_with_perm(request, slug, "plans.view_monday")
    years = monday_selectors.monday_years(cell)
    filters = RotaFilterForm(request.GET or None, years=years, initial={"year": timezone.localdate().year})
    year = timezone.localdate().year
    month = None
    if filters.is_valid():
        year = filters.cleaned_data["year"] or year
        month = filters.cleaned_data["month"]
    sessions = list(monday_selectors.monday_sessions(cell, year, months=[month] if month else None))
    for session in sessions:
        session.can = monday_selectors.monday_allowed_actions(request.user, session)
    me = current_member(request.user)
    skipped = monday_selectors.mondays_without_session(cell, year)
    today = timezone.localdate()
    # A phone opens the year at this month's first session (or the next one to come).
    this_month = next(
        (
            session
            for session in sessions
            if (session.day.year, session.day.month) >= (today.year, today.month)
        ),
        None,
    )
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
            "quarters": monday_selectors.QUARTER_NUMERALS.items(),
            "print_month": month or (timezone.localdate().month if year == timezone.localdate().year else 1),
            "calendar": calendar_box(request, cell),
            "this_month": this_month,
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
        created = monday_services.monday_rota_generate(actor=request.user, cell=cell, year=year)
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
            lambda: monday_services.monday_day_off_mark(
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
                if monday_selectors.monday_sessions(cell, day_off.day.year).filter(day=day_off.day).exists():
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
    form = SwapForm(request.POST or None, sessions=monday_selectors.planned_monday_sessions(cell, year))
    if request.method == "POST" and form.is_valid():
        swapped = call_service(
            form,
            lambda: monday_services.monday_sessions_swap(
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
                    "first_group": group_name_on(first.group, first.day),
                    "second_day": formats.date_format(second.day, "SHORT_DATE_FORMAT"),
                    "second_group": group_name_on(second.group, second.day),
                },
            )
            return redirect(_rota_url(cell, year))
    return render(request, "plans/monday_swap.html", {"cell": cell, "form": form, "year": year})


@login_required
def monday_record(request, slug, pk):
    cell = cell_with_perm(request, slug, "plans.view_monday")
    session = monday_selectors.monday_session_of_cell(cell, pk)
    if not monday_selectors.monday_allowed_actions(request.user, session)["record"]:
        raise PermissionDenied
    form = MondaySessionForm(
        request.POST or None,
        instance=session,
        members=monday_selectors.monday_readers(session),
        stories=monday_selectors.stories_of_cell(cell),
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: monday_services.monday_session_record(
                actor=request.user,
                session=session,
                data=form.cleaned_data,
                version=form.cleaned_data["version"],
            ),
        )
        if saved:
            messages.success(request, _("The session was recorded."))
            repeat = monday_selectors.recent_repeat(saved)
            if repeat is not None:
                messages.warning(
                    request,
                    _(
                        "%(group)s already read “%(story)s” on %(day)s, less than 12 months ago. "
                        "The session is recorded; consider another material next time."
                    )
                    % {
                        "group": session.group_name,
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
    rota = monday_selectors.rota_for_print(cell, year, month=month, quarter=quarter)
    pdf = render_pdf("plans/monday_print.html", {"cell": cell, "rota": rota})
    period = f"{month:02d}" if month else f"q{quarter}"
    return pdf_response(pdf, f"lich sinh hoat thu hai {cell.slug} {year} {period}")


@login_required
def story_list(request, slug):
    cell = cell_with_perm(request, slug, "plans.view_monday")
    return render(
        request,
        "plans/story_list.html",
        {
            "cell": cell,
            "stories": monday_selectors.stories_of_cell(cell),
            "can_manage": request.user.has_perm("plans.manage_monday", cell),
        },
    )


@login_required
def story_detail(request, slug, pk):
    cell = cell_with_perm(request, slug, "plans.view_monday")
    story = monday_selectors.story_of_cell(cell, pk)
    return render(
        request,
        "plans/story_detail.html",
        {
            "cell": cell,
            "story": story,
            "sessions": monday_selectors.story_sessions(story),
            "can_manage": request.user.has_perm("plans.manage_monday", cell),
        },
    )


@login_required
def story_form(request, slug, pk=None):
    cell = cell_with_perm(request, slug, "plans.manage_monday")
    story = monday_selectors.story_of_cell(cell, pk) if pk else None
    form = StoryForm(request.POST or None, instance=story, cell=cell)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: monday_services.story_save(
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
