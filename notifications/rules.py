"""A notification is read by its recipient alone; who has no e-mail address, by the cell committee."""

import rules

from members.rules import is_cell_committee


@rules.predicate
def is_recipient(user, notification):
    return notification is not None and notification.recipient_id == user.pk


rules.add_perm("notifications.read_notification", is_recipient)
# Takes the cell: the members who would get no e-mail.
rules.add_perm("notifications.view_members_without_email", is_cell_committee)
# The outbox is the administrator's: try again e-mails that could not be sent.
rules.add_perm("notifications.send_email_again", rules.is_superuser)
