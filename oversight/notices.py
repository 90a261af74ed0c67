"""Who is told of a case, and in which words: the members it concerns, when it begins and when
it is concluded. The case services call these after their change."""

from django.utils.translation import gettext_lazy as _

from members.selectors import account_of
from notifications.choices import NotificationKind
from notifications.services import notify
from oversight.choices import CaseKind, Conclusion
from oversight.models import Case


def _members_told(case: Case) -> list:
    return [account_of(member) for member in case.members.select_related("user")]


def case_started(case: Case) -> None:
    # No link and no content: a member reads the own case once it is concluded, and a notice
    # (and its e-mail) says no more than that page.
    notify(
        recipients=_members_told(case),
        kind=NotificationKind.CASE_OPENED,
        text=_("%(kind)s %(number)s of you began on %(day)s."),
        params={
            "kind": CaseKind(case.kind).label,
            "number": case.decision_number,
            "day": f"{case.start_on:%d/%m/%Y}",
        },
        cell=case.cell,
    )


def case_concluded(case: Case) -> None:
    notify(
        recipients=_members_told(case),
        kind=NotificationKind.CASE_CONCLUDED,
        text=_("%(kind)s %(number)s of you was concluded on %(day)s: %(conclusion)s."),
        params={
            "kind": CaseKind(case.kind).label,
            "number": case.decision_number,
            "day": f"{case.end_on:%d/%m/%Y}",
            "conclusion": Conclusion(case.conclusion).label,
        },
        link=case.get_absolute_url(),
        cell=case.cell,
    )
