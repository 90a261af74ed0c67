"""The life of a report: each action, the states it starts from, the state it leads to, who may
take it, how a refusal names it, what the history records and the conditions beside the state.
A report is a draft, then final with its figures and its PDF kept; a final report is corrected by
a new version, a draft copy, and stays as it was. The cell's report and the superior committee's
have one table each: the same life, written by the cell committee or by the committee's office."""

from django.utils.translation import gettext_lazy as _

from cell05.workflow import Action, Guard, register_perms
from reports.choices import ReportState
from reports.rules import reads_report, writes_committee_report, writes_report

S = ReportState


def _no_next_version(report) -> bool:
    # The version that corrects it: loaded with the report by its page (reports.selectors), asked
    # afresh by the service once the report is locked.
    return not hasattr(report, "next_version")


def _table(app_model: str, prefix: str, writes, reads) -> dict[str, Action]:
    return {
        "edit": Action(
            f"reports.edit_{app_model}", frozenset({S.DRAFT}), None, writes, _("edited"), f"{prefix}.edited"
        ),
        # The worker lays out the PDF of a draft, for whoever reads the report.
        "print": Action(f"reports.print_{app_model}", frozenset({S.DRAFT}), None, reads, _("printed")),
        # Made final by the worker, with the figures and the PDF it printed.
        "finalise": Action(
            f"reports.finalise_{app_model}",
            frozenset({S.DRAFT}),
            S.FINAL,
            writes,
            _("made final"),
            f"{prefix}.finalised",
        ),
        # The PDF kept when the report was made final.
        "download": Action(
            f"reports.download_{app_model}", frozenset({S.FINAL}), None, reads, _("downloaded")
        ),
        # The final report keeps its state; the new version is a draft copy, whose history says so.
        "new_version": Action(
            f"reports.new_version_{app_model}",
            frozenset({S.FINAL}),
            None,
            writes,
            _("corrected by a new version"),
            f"{prefix}.new_version",
            # A report is corrected once: the version that corrects it is corrected in its turn.
            guards=(Guard(_no_next_version, _("This report already has a newer version.")),),
        ),
    }


REPORT_WORKFLOW = _table("report", "report", writes_report, reads_report)
COMMITTEE_REPORT_WORKFLOW = _table(
    "committee_report", "committee_report", writes_committee_report, writes_committee_report
)

register_perms(REPORT_WORKFLOW)
register_perms(COMMITTEE_REPORT_WORKFLOW)


def workflow_of(report) -> dict[str, Action]:
    """The table of a cell's report or of a committee's."""
    return REPORT_WORKFLOW if hasattr(report, "cell_id") else COMMITTEE_REPORT_WORKFLOW
