"""What follows, in plans, from a change made elsewhere (connected in plans/apps.py)."""

from plans.services.calendar import calendar_addresses_close


def close_calendar_of_closed_account(sender, instance, **kwargs):
    if not instance.is_active:
        calendar_addresses_close(users=[instance])


def close_calendar_of_member_who_left(sender, instance, **kwargs):
    if instance.left_on is not None:
        calendar_addresses_close(members=[instance])
