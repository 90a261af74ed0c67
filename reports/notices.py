"""Who is told that a cell's report is final, and in which words: the office of the superior
committee, which receives it. The report's services call this after their change."""

from django.utils.translation import gettext_lazy as _

from members.selectors import committee_office_of
from notifications.choices import NotificationKind
from notifications.services import notify
from reports.models import Report


def report_finalised(report: Report) -> None:
    notify(
        recipients=committee_office_of(report.cell),
        kind=NotificationKind.REPORT_FINALISED,
        text=_("%(cell)s made its report %(number)s final: %(title)s."),
        params={"cell": report.cell.name, "number": report.number_symbol, "title": report.title},
        link=report.get_absolute_url(),
        cell=report.cell,
    )
