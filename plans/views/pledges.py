"""Pages of a pledge: the member's own, its edit, its steps from submission to evaluation,
its print.

Views parse the request and call a service; every object comes through a selector scoped
to the user, so that nobody opens a record they may not see (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cell05.page_cache import render_with_cached_content
from cell05.pdf import pdf_response, render_pdf
from cell05.uploads import file_response
from cell05.versions import AlreadySaved, StaleEdit, saves_in_words
from members.pages import cell_with_perm
from members.rules import current_member
from plans.forms.pledges import (
    EvaluateForm,
    PledgeEditForm,
    PledgeItemFormSet,
    ReflectionFileForm,
    ReturnForm,
    SelfAssessForm,
    VersionForm,
)
from plans.selectors import pledges as pledge_selectors
from plans.selectors import years as year_selectors
from plans.services import pledges as pledge_services
from plans.workflow import PLEDGE_WORKFLOW


def _pledge(request, slug, pk, action=None):
    """The pledge, if the user may see it and, with `action`, the user's role may take that
    action; whether the pledge's state allows it, the service tells. The office of a committee
    the cell has left opens the pledges of the years it reads, and takes no action."""
    cell = cell_with_perm(request, slug, "members.open_cell")
    pledge = pledge_selectors.pledge_for_user(request.user, cell, pk)
    allowed = (
        PLEDGE_WORKFLOW[action].may_act(request.user, pledge)
        if action
        else request.user.has_perm("plans.view_pledge", pledge)
    )
    if not allowed:
        raise PermissionDenied
    return cell, pledge


def _stale(request, error: StaleEdit):
    if error.by_own_hand(request.user):
        text = _(
            "You changed this pledge in another window while you were working on it here, so this "
            "change was not saved. Below is the newer version; check it and make your change again."
        )
    else:
        text = _(
            "This pledge was changed by someone else while you were working on it, so your change "
            "was not saved. Below is the newer version; check it and make your change again."
        )
    messages.error(request, text)
    return redirect(error.current)


@login_required
def my_pledge(request, slug, year):
    """The signed-in member's pledge for the year: opened if it exists, begun on request."""
    cell = cell_with_perm(request, slug, "plans.view_year")
    study_year = year_selectors.year_of_cell(cell, year)
    me = current_member(request.user)
    if me is None or me.cell_id != cell.pk:
        raise Http404
    pledge = pledge_selectors.own_pledge(me, study_year)
    if pledge is not None:
        return redirect(pledge)
    if request.method == "POST":
        pledge = pledge_services.pledge_start(actor=request.user, member=me, study_year=study_year)
        return redirect("plans:pledge_edit", slug=cell.slug, pk=pledge.pk)
    return render(request, "plans/pledge_start.html", {"cell": cell, "study_year": study_year})


@login_required
def pledge_detail(request, slug, pk):
    cell, pledge = _pledge(request, slug, pk)
    return _pledge_page(request, cell, pledge)


def _pledge_page(request, cell, pledge, *, return_form=None):
    user = request.user

    def content_context():
        full = pledge_selectors.pledge_with_items(pledge)
        return {
            "pledge": full,
            "can": pledge_selectors.allowed_actions(user, full),
            "returned": pledge_selectors.is_returned(full),
            "version_form": VersionForm(initial={"version": full.version}),
            "return_form": return_form or ReturnForm(initial={"version": full.version}),
            "reflection_form": ReflectionFileForm(initial={"version": full.version}),
            "next_step": pledge_selectors.next_step(full, full.study_year) if own else None,
            "history": pledge_selectors.pledge_history(full)
            if user.has_perm("plans.view_pledge_history", full)
            else [],
        }

    own = pledge.member.user_id == user.pk
    return render_with_cached_content(
        request,
        "plans/pledge_detail.html",
        {"cell": cell, "pledge": pledge},
        content="plans/_pledge_detail_content.html",
        # The member's own pledge, as the member reloads it. Its items and texts raise its
        # version; its year, member, group, reviewer and the roles renew the cell's stamp. A form
        # sent back with its errors is shown fresh.
        key_parts=[pledge.version, cell.figures_stamp] if own and return_form is None else None,
        content_context=content_context,
    )


@login_required
def pledge_edit(request, slug, pk):
    cell, pledge = _pledge(request, slug, pk, "edit")
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
    if "add_item" in request.POST:
        # Without a script, "Add an item" posts what was typed and gets it back with a blank
        # item more: nothing is saved.
        formset = formset.with_one_more(request.POST)
    elif request.method == "POST" and form.is_valid() and formset.is_valid():
        submit = "submit" in request.POST
        try:
            saved = pledge_services.pledge_update(
                actor=request.user,
                pledge=pledge,
                version=form.cleaned_data["version"],
                items=formset.items(),
                reflection_text=form.cleaned_data["reflection_text"],
                submit=submit,
            )
        except AlreadySaved as done:
            # The same form sent twice: answered as its first send was.
            messages.success(request, _("Your pledge was already submitted.") if submit else str(done))
            return _after_save(cell, done.current)
        except StaleEdit as error:
            _refuse_stale_pledge(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your pledge was submitted.") if submit else _("The pledge was saved.")
            )
            return _after_save(cell, saved)
    # Asked after the service, which recognises a form sent again after it submitted the pledge.
    if not request.user.has_perm(PLEDGE_WORKFLOW["edit"].perm, pledge):
        messages.error(request, _("Only a draft pledge can be edited."))
        return redirect(pledge)
    return render(
        request, "plans/pledge_edit.html", {"cell": cell, "pledge": pledge, "form": form, "formset": formset}
    )


def _after_save(cell, pledge):
    """A draft stays in its form; a pledge handed in is shown."""
    if PLEDGE_WORKFLOW["edit"].starts_from(pledge):
        return redirect("plans:pledge_edit", slug=cell.slug, pk=pledge.pk)
    return redirect(pledge)


def _refuse_stale_pledge(form, error: StaleEdit) -> None:
    """The refusal of an edit of a pledge says what changed meanwhile in the pledge and in its
    items, which keep a history of their own."""
    form.refuse_stale(error)
    for line in saves_in_words(pledge_selectors.item_changes_since(error.current, error.seen)):
        form.add_error(None, line)


# The actions taken by one button: the form each posts and what the page says once done.
BUTTON_ACTIONS = {
    "submit": (VersionForm, gettext_lazy("The pledge was submitted.")),
    "approve": (VersionForm, gettext_lazy("The pledge was approved.")),
    "return": (ReturnForm, gettext_lazy("The pledge was returned to the member with your comment.")),
    "attach_reflection": (ReflectionFileForm, gettext_lazy("The study reflection was attached.")),
}


def _take(action, actor, pledge, data):
    version = data["version"]
    if action == "submit":
        return pledge_services.pledge_submit(actor=actor, pledge=pledge, version=version)
    if action == "approve":
        return pledge_services.pledge_approve(actor=actor, pledge=pledge, version=version)
    if action == "return":
        return pledge_services.pledge_return(
            actor=actor, pledge=pledge, comment=data["comment"], version=version
        )
    return pledge_services.pledge_set_reflection_file(
        actor=actor, pledge=pledge, upload=data["file"], version=version
    )


@login_required
@require_POST
def pledge_action(request, slug, pk, action):
    """A button's action on a pledge: the form is checked, the service called with the pledge
    and the form's data; the outcome, a refusal or an edit on an older copy is told as a message.
    A comment typed to return the pledge is kept when the pledge changed meanwhile."""
    cell, pledge = _pledge(request, slug, pk, action)
    form_class, done_message = BUTTON_ACTIONS[action]
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(pledge)
    try:
        _take(action, request.user, pledge, form.cleaned_data)
    except StaleEdit as error:
        # The typed comment is worth keeping only while the pledge may still be returned.
        if action == "return" and request.user.has_perm(PLEDGE_WORKFLOW["return"].perm, error.current):
            form.refuse_stale(error)
            return _pledge_page(request, cell, error.current, return_form=form)
        return _stale(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done_message)
    return redirect(pledge)


@login_required
def pledge_assess(request, slug, pk):
    cell, pledge = _pledge(request, slug, pk, "self_assess")
    form = SelfAssessForm(
        request.POST or None,
        pledge=pledge,
        initial={"version": pledge.version, "summary": pledge.self_assessment},
    )
    if request.method == "POST" and form.is_valid():
        try:
            pledge_services.pledge_self_assess(
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
    cell, pledge = _pledge(request, slug, pk, "evaluate")
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
            pledge_services.pledge_evaluate(
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
def pledge_reflection_file(request, slug, pk):
    cell, pledge = _pledge(request, slug, pk)
    return file_response(pledge.reflection_file, pledge.reflection_file_name)


@login_required
def pledge_pdf(request, slug, pk):
    """The pledge, or at year end the self-assessment, on one page to sign and file."""
    cell, pledge = _pledge(request, slug, pk)
    pledge = pledge_selectors.pledge_with_items(pledge)
    assessment = pledge_selectors.is_assessed(pledge)
    pdf = render_pdf(
        "plans/pledge_print.html",
        {
            "documents": pledge_selectors.pledges_as_documents([pledge], assessment=assessment),
            "assessment": assessment,
        },
    )
    title = _("Self-assessment") if assessment else _("Pledge")
    return pdf_response(pdf, f"{title} {pledge.member.full_name} {pledge.study_year.year}")
