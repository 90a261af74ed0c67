"""Pages of inspection and supervision (Article 30) and of commendations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cell05.history import record_history
from cell05.pages import call_service, period_of_request
from cell05.periods import FIRST_YEAR, LAST_YEAR, Period
from cell05.uploads import file_response
from figures.counting.oversight import commendation_counts, oversight_counts
from members.pages import cell_with_perm
from oversight import selectors, services
from oversight.choices import CaseKind
from oversight.forms import (
    AttachmentForm,
    CaseForm,
    ConcludeForm,
    ConvertForm,
    DayForm,
    PraiseForm,
    ProgrammeForm,
    ProposalForm,
    StartForm,
)
from oversight.models import Praise, Programme, RewardProposal
from oversight.workflow import CASE_WORKFLOW


def _case(request, slug, pk, action=None):
    """The case, if the user may see it and, with `action`, the user's role may take that
    action; whether the case's state allows it, the service tells."""
    cell = cell_with_perm(request, slug, "members.view_cell")
    case = selectors.case_for_user(request.user, cell, pk)
    allowed = (
        CASE_WORKFLOW[action].may_act(request.user, case)
        if action
        else request.user.has_perm("oversight.view_case", case)
    )
    if not allowed:
        raise PermissionDenied
    return cell, case


def _years(request):
    this_year = timezone.localdate().year
    return period_of_request(request.GET, (this_year - 4, this_year))


def _period(first: int, last: int) -> Period:
    """The years of a page's figures, as the records stand today."""
    return Period.of_years(first, last, as_of=timezone.localdate())


def _with_labels(counts: dict) -> dict:
    return {**counts, "by_conclusion": selectors.conclusion_rows(counts["by_conclusion"])}


@login_required
def case_list(request, slug):
    cell = cell_with_perm(request, slug, "members.view_cell")
    can_read_all = request.user.has_perm("oversight.view_cases", cell)
    first, last = _years(request)
    context = {
        "cell": cell,
        "cases": selectors.case_list(request.user, cell),
        "can_manage": request.user.has_perm("oversight.manage_cases", cell),
        "can_read_all": can_read_all,
    }
    if can_read_all:
        period = _period(first, last)
        context.update(
            {
                "first": first,
                "last": last,
                "year_min": FIRST_YEAR,
                "year_max": LAST_YEAR,
                "figures": _with_labels(oversight_counts([cell], period)[cell.pk]),
                "programmes": selectors.programmes_of_cell(cell),
                "by_year": [
                    {"year": year, **_with_labels(counts)}
                    for (_cell, year), counts in sorted(
                        oversight_counts([cell], period, by_year=True).items()
                    )
                ],
            }
        )
    return render(request, "oversight/case_list.html", context)


@login_required
def case_form(request, slug, pk=None):
    cell = cell_with_perm(request, slug, "oversight.manage_cases")
    case = selectors.case_for_user(request.user, cell, pk) if pk else None
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in CaseKind.values else {}
    form = CaseForm(request.POST or None, request.FILES or None, instance=case, cell=cell, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.case_save(
                actor=request.user,
                cell=cell,
                data=form.cleaned_data,
                members=list(form.cleaned_data["members"]),
                case=case,
                version=form.cleaned_data["version"],
            ),
        )
        if saved:
            messages.success(request, _("The case was saved."))
            return redirect(saved)
    return render(request, "oversight/case_form.html", {"cell": cell, "form": form, "case": case})


@login_required
def case_detail(request, slug, pk):
    cell, case = _case(request, slug, pk)
    can_manage = request.user.has_perm("oversight.manage_cases", cell)
    return render(
        request,
        "oversight/case_detail.html",
        {
            "cell": cell,
            "case": case,
            "can_manage": can_manage,
            "can": selectors.case_allowed_actions(request.user, case) if can_manage else {},
            "day_form": DayForm(),
            "start_form": StartForm(),
            "convert_form": ConvertForm(),
            "attachment_form": AttachmentForm(),
            "history": record_history(case) if can_manage else [],
        },
    )


# The actions taken by one button: the form each posts and what the page says once done.
BUTTON_ACTIONS = {
    "start": (StartForm, gettext_lazy("The case has started.")),
    "convert": (ConvertForm, gettext_lazy("An inspection of the same members was opened.")),
    "mark_remedied": (DayForm, gettext_lazy("The shortcomings are marked as fixed.")),
    "attach": (AttachmentForm, gettext_lazy("The file was attached.")),
}


def _take(action, actor, case, data):
    if action == "start":
        return services.case_start(actor=actor, case=case, start_on=data["day"])
    if action == "convert":
        return services.case_convert_to_inspection(
            actor=actor,
            case=case,
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
        )
    if action == "mark_remedied":
        return services.case_mark_remedied(actor=actor, case=case, done_on=data["day"])
    return services.case_attach(actor=actor, case=case, upload=data["file"])


@login_required
@require_POST
def case_action(request, slug, pk, action):
    """A button's action on a case: the form is checked, the service called with the case and
    the form's data; the outcome or a refusal is told as a message. A conversion opens the new
    inspection's page."""
    cell, case = _case(request, slug, pk, action)
    form_class, done_message = BUTTON_ACTIONS[action]
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(case)
    try:
        result = _take(action, request.user, case, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(case)
    messages.success(request, done_message)
    return redirect(result)


@login_required
def case_conclude(request, slug, pk):
    cell, case = _case(request, slug, pk, "conclude")
    form = ConcludeForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        concluded = call_service(
            form,
            lambda: services.case_conclude(
                actor=request.user,
                case=case,
                data=form.cleaned_data,
                end_on=form.cleaned_data["end_on"],
                version=form.cleaned_data["version"],
            ),
        )
        if concluded:
            messages.success(request, _("The case was concluded."))
            return redirect(concluded)
    return render(request, "oversight/case_conclude.html", {"cell": cell, "case": case, "form": form})


@login_required
def case_attachment(request, slug, pk):
    cell, case = _case(request, slug, pk)
    return file_response(case.attachment, case.attachment_name)


@login_required
def programme_form(request, slug, pk=None):
    cell = cell_with_perm(request, slug, "oversight.manage_cases")
    programme = get_object_or_404(Programme, cell=cell, pk=pk) if pk else None
    form = ProgrammeForm(request.POST or None, instance=programme, cell=cell)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.programme_save(
                actor=request.user,
                cell=cell,
                data=form.cleaned_data,
                programme=programme,
                version=form.cleaned_data["version"],
            ),
        )
        if saved:
            messages.success(request, _("The programme was saved."))
            return redirect("oversight:case_list", slug=cell.slug)
    return render(
        request, "oversight/programme_form.html", {"cell": cell, "form": form, "programme": programme}
    )


@login_required
def commendations(request, slug):
    cell = cell_with_perm(request, slug, "oversight.view_commendations")
    first, last = _years(request)
    return render(
        request,
        "oversight/commendations.html",
        {
            "cell": cell,
            "first": first,
            "last": last,
            "year_min": FIRST_YEAR,
            "year_max": LAST_YEAR,
            "figures": commendation_counts([cell], _period(first, last))[cell.pk],
            "praises": selectors.praises_of_cell(cell),
            "proposals": selectors.proposals_of_cell(cell),
            "can_manage": request.user.has_perm("oversight.manage_commendations", cell),
        },
    )


@login_required
def praise_form(request, slug, pk=None):
    cell = cell_with_perm(request, slug, "oversight.manage_commendations")
    praise = get_object_or_404(Praise, cell=cell, pk=pk) if pk else None
    form = PraiseForm(request.POST or None, instance=praise, cell=cell)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.praise_save(
                actor=request.user,
                cell=cell,
                data=form.cleaned_data,
                praise=praise,
                version=form.cleaned_data["version"],
            ),
        )
        if saved:
            messages.success(request, _("The praise was recorded."))
            return redirect("oversight:commendations", slug=cell.slug)
    history = record_history(praise) if praise else []
    return render(
        request,
        "oversight/praise_form.html",
        {"cell": cell, "form": form, "praise": praise, "history": history},
    )


@login_required
def proposal_form(request, slug, pk=None):
    cell = cell_with_perm(request, slug, "oversight.manage_commendations")
    proposal = get_object_or_404(RewardProposal, cell=cell, pk=pk) if pk else None
    form = ProposalForm(request.POST or None, instance=proposal, cell=cell)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.proposal_save(
                actor=request.user,
                cell=cell,
                data=form.cleaned_data,
                proposal=proposal,
                version=form.cleaned_data["version"],
            ),
        )
        if saved:
            messages.success(request, _("The proposal was recorded."))
            return redirect("oversight:commendations", slug=cell.slug)
    history = record_history(proposal) if proposal else []
    return render(
        request,
        "oversight/proposal_form.html",
        {"cell": cell, "form": form, "proposal": proposal, "history": history},
    )
