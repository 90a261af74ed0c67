"""Who is told of a pledge's step and of what is due, and in which words: the pledge's services
call these after their change; the daily reminders (registered in plans.apps) run in the worker."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from members.selectors import account_of, reviewers_of
from notifications.choices import NotificationKind
from notifications.services import notify
from plans.choices import Rating
from plans.models import MondaySession, Pledge, StudyYear
from plans.selectors.pledges import members_without_pledge
from plans.workflow import MONDAY_PLANNED

# The reminders before a pledge deadline: (days before it, key), the nearest first.
DEADLINE_REMINDERS = ((1, "deadline-1"), (7, "deadline-7"))
# The leader of the group on duty is reminded from the Friday before its Monday.
MONDAY_NOTICE_DAYS = 3


def _pledge_notify(pledge: Pledge, *, recipients, kind, text, **params) -> None:
    notify(
        recipients=recipients,
        kind=kind,
        text=text,
        params={"member": pledge.member.full_name, "year": pledge.study_year.year, **params},
        link=pledge.get_absolute_url(),
        cell=pledge.member.cell,
    )


def pledge_submitted(pledge: Pledge) -> None:
    _pledge_notify(
        pledge,
        recipients=reviewers_of(pledge.member),
        kind=NotificationKind.PLEDGE_SUBMITTED,
        text=_("%(member)s submitted the pledge for %(year)s; it waits for your review."),
    )


def pledge_returned(pledge: Pledge) -> None:
    _pledge_notify(
        pledge,
        recipients=[account_of(pledge.member)],
        kind=NotificationKind.PLEDGE_RETURNED,
        text=_("Your pledge for %(year)s was returned with this comment: %(comment)s"),
        comment=pledge.return_comment,
    )


def pledge_approved(pledge: Pledge) -> None:
    _pledge_notify(
        pledge,
        recipients=[account_of(pledge.member)],
        kind=NotificationKind.PLEDGE_APPROVED,
        text=_("Your pledge for %(year)s was approved."),
    )


def pledge_evaluated(pledge: Pledge) -> None:
    _pledge_notify(
        pledge,
        recipients=[account_of(pledge.member)],
        kind=NotificationKind.PLEDGE_EVALUATED,
        text=_("The cell evaluated your pledge for %(year)s: %(rating)s."),
        rating=Rating(pledge.rating).label,
    )


def pledge_deadline_reminders(*, today: date) -> int:
    """Remind the members who have not submitted their pledge (none yet, or a draft) 7 days and
    1 day before the deadline; a worker stopped on the day reminds them on the next run."""
    made = 0
    years = StudyYear.objects.filter(
        pledge_deadline__gt=today, pledge_deadline__lte=today + timedelta(days=DEADLINE_REMINDERS[-1][0])
    ).select_related("cell")
    for year in years:
        days = (year.pledge_deadline - today).days
        key = next(key for before, key in DEADLINE_REMINDERS if days <= before)
        for member in members_without_pledge(year).filter(user__isnull=False).select_related("user"):
            made += len(
                notify(
                    recipients=[account_of(member)],
                    kind=NotificationKind.PLEDGE_DEADLINE,
                    text=ngettext_lazy(
                        "Your pledge for %(year)s is due on %(deadline)s, in %(days)s day; "
                        "it is not submitted yet.",
                        "Your pledge for %(year)s is due on %(deadline)s, in %(days)s days; "
                        "it is not submitted yet.",
                        "days",
                    ),
                    params={"year": year.year, "deadline": f"{year.pledge_deadline:%d/%m/%Y}", "days": days},
                    link=reverse("home"),
                    cell=year.cell,
                    key=f"{key}:{member.pk}:{year.pledge_deadline:%Y-%m-%d}",
                )
            )
    return made


def monday_turn_reminders(*, today: date) -> int:
    """Remind the leader of the group on duty of its Monday turn, from the Friday before."""
    made = 0
    sessions = MondaySession.objects.filter(
        state__in=MONDAY_PLANNED, day__gt=today, day__lte=today + timedelta(days=MONDAY_NOTICE_DAYS)
    ).select_related("cell", "group__leader__user")
    for session in sessions:
        rota = reverse("plans:monday_rota", kwargs={"slug": session.cell.slug})
        made += len(
            notify(
                recipients=[account_of(session.group.leader)],
                kind=NotificationKind.MONDAY_TURN,
                text=_(
                    "%(group)s reads at the Monday session of %(day)s: choose the reader and the material."
                ),
                params={"group": session.group.name, "day": f"{session.day:%d/%m/%Y}"},
                link=f"{rota}?year={session.day.year}#session-{session.pk}",
                cell=session.cell,
                key=f"monday:{session.pk}:{session.day:%Y-%m-%d}",
            )
        )
    return made
