"""Reads of the calendar feed: whose feed an address opens, and what that feed lists."""

from datetime import date

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from members.models import Member
from plans.models import CalendarToken, MondaySession, StudySession, StudyYear
from plans.selectors.monday import with_group_names


def calendar_token_of(member: Member) -> CalendarToken | None:
    return CalendarToken.objects.filter(member=member).first()


def feed_member(key: str, secret: str) -> Member:
    """The member whose feed the address opens: 404 for an unknown or renewed address, and for
    a member who has left the cell or whose account is closed."""
    token = (
        CalendarToken.objects.select_related("member__cell", "member__group")
        .filter(key=key, member__left_on__isnull=True, member__user__is_active=True)
        .first()
    )
    # The key is looked up; the secret's hash is compared in constant time, so that the
    # answer's timing tells nothing about how much of a guess was right.
    if token is None or not constant_time_compare(token.secret_hash, CalendarToken.hash_secret(secret)):
        raise Http404
    return token.member


def feed_since(today: date) -> date:
    """The feed starts on the first day of last year: enough past for a phone to keep the
    year's history, not a decade of turns."""
    return date(today.year - 1, 1, 1)


def calendar_feed(member: Member) -> dict:
    """What the member's feed lists, all of the member's cell: the Monday turns of the member's
    group and those at which the member read, the cell's study sessions, and the pledge
    deadline of this year. One query each, whatever their number."""
    today = timezone.localdate()
    since = feed_since(today)
    turns = Q(reader=member)
    if member.group_id is not None:
        turns |= Q(group_id=member.group_id)
    return {
        "member": member,
        "cell": member.cell,
        "monday_sessions": list(
            with_group_names(MondaySession.objects.filter(turns, cell_id=member.cell_id, day__gte=since))
            .select_related("group", "reader", "story")
            .order_by("day")
        ),
        "study_sessions": list(
            StudySession.objects.filter(study_year__cell_id=member.cell_id, held_on__gte=since).order_by(
                "held_on", "pk"
            )
        ),
        "study_year": StudyYear.objects.filter(
            cell_id=member.cell_id, year=today.year, pledge_deadline__isnull=False
        ).first(),
    }
