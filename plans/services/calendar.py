"""The secret address of a member's calendar feed: made on request, renewed when it may have
been seen by others or is lost (the old address then answers 404), and closed with the account
or when the member leaves."""

import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cell05.services import require_perm, save_logged
from members.models import Cell, Member
from members.rules import current_member
from plans.models import CalendarToken

# The key finds the row and proves nothing; the secret is what no one can guess (256 bits).
KEY_BYTES = 12
SECRET_BYTES = 32


@transaction.atomic
def calendar_address_renew(*, actor, cell: Cell) -> tuple[CalendarToken, str, bool]:
    """Give the actor's own feed a new address, or its first one: the token, its secret (kept
    nowhere, so to be shown now or never) and whether it is the first."""
    require_perm(actor, "plans.subscribe_calendar", cell)
    member = current_member(actor)
    # One renewal at a time; the lock is on the member row alone (PostgreSQL refuses a lock
    # on the nullable side of the joins the member's default query makes).
    Member.objects.select_for_update(of=("self",)).filter(pk=member.pk).first()
    token = CalendarToken.objects.filter(member=member).first()
    created = token is None
    if token is None:
        token, action = CalendarToken(member=member), "calendar.created"
    else:
        action = "calendar.renewed"
    secret = secrets.token_urlsafe(SECRET_BYTES)
    token.key = secrets.token_urlsafe(KEY_BYTES)
    token.secret_hash = CalendarToken.hash_secret(secret)
    token.renewed_at = timezone.now()
    save_logged(token, actor=actor, action=action, unchanged=("member",))
    return token, secret, created


def calendar_addresses_close(*, users=(), members=()) -> None:
    """Close the feed of closed accounts and of members who left. The feed refuses them anyway;
    closing makes a reopened account's old address stay dead, whoever reopens it (the admin
    included), so this runs on every save of an account or a member (plans/apps.py)."""
    CalendarToken.objects.filter(Q(member__user__in=users) | Q(member__in=members)).delete()
