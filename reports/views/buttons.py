"""The buttons of a report's page, a cell's or a committee's, posted to one view with the
action's name."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cell05.uploads import file_response
from cell05.workflow import check_state, user_may
from reports.services.editing import REFUSAL, report_new_version
from reports.services.printing import check_finalisable, report_print_start
from reports.views.kinds import Kind, find_report, report_url

# The buttons that change a report's state (or lay out its PDF), of either kind: what each does
# once the workflow table (reports/workflow.py) allows it, and what the page answers when the
# report's state is not one the action starts from.


def _print(request, kind: Kind, report, *, final: bool = False):
    """The worker lays the report out (and, if final, freezes it); the person is taken to the
    job's page, and told on the report's page why not."""
    job = report_print_start(
        actor=request.user,
        report=report,
        final=final,
        language=request.LANGUAGE_CODE,
        back=report.get_absolute_url(),
    )
    return redirect(job)


def _finalise(request, kind: Kind, report):
    """The worker lays out the PDF, then makes the report final with it and its figures."""
    if kind.gaps_on_page:
        check_finalisable(kind.document(report))
    return _print(request, kind, report, final=True)


def _new_version(request, kind: Kind, report):
    """A final report corrected by a new version, whose edit page opens next."""
    copy = report_new_version(actor=request.user, report=report)
    messages.success(
        request, _("Version %(version)s was made to correct the report.") % {"version": copy.version}
    )
    return redirect(report_url(kind, "edit", copy))


def _kept_pdf(request, kind: Kind, report):
    """The PDF of a final report is the one kept when it was made final."""
    if kind.pdf_url:
        return redirect(kind.pdf_url, **kind.url_kwargs(report))
    return file_response(report.final_pdf, f"{report.file_title}.pdf")


def _refuse(request, kind: Kind, report, action: str):
    """Told in the service's words: the table's guard that does not hold, or else the state."""
    try:
        check_state(kind.workflow, action, report, REFUSAL[action])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(report)


@dataclass(frozen=True)
class Button:
    take: Callable[..., HttpResponse]
    # What the page answers when the report's state (or a guard of the table) does not allow it.
    refused: Callable[..., HttpResponse]


BUTTON_ACTIONS = {
    "print": Button(take=_print, refused=_kept_pdf),
    "finalise": Button(take=_finalise, refused=partial(_refuse, action="finalise")),
    "new_version": Button(take=_new_version, refused=partial(_refuse, action="new_version")),
}


@login_required
@require_POST
def report_action(request, kind: Kind, action: str, **kwargs):
    """A button's action on a report of either kind: refused (403) to a role the table does not
    let take it; in a state or a condition the table does not allow, the page says so; the service's
    refusal is told as a message on the report's page."""
    _owner, report = find_report(request, kind, action, **kwargs)
    button = BUTTON_ACTIONS[action]
    if not user_may(kind.workflow, action, request.user, report):
        return button.refused(request, kind, report)
    try:
        return button.take(request, kind, report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report)
