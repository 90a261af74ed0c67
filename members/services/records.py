"""What the services of cells, groups and members keep alike: a changed record saved with its
version and history, and the organisation's record by date (a day checked against the cell's
records, names by date, a member's terms and groups by date)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cell05.services import save_logged
from cell05.versions import bump
from members.models import Cell, GroupMembership, Member, PartyGroup
from members.selectors import cell_records_start


def save_changed(instance, fields: list[str], *, actor, action: str) -> None:
    """Save the fields that changed of a versioned record, raising its version."""
    bump(instance)
    save_logged(instance, actor=actor, action=action, update_fields=[*fields, "version"])


def day_text(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def check_day(cell: Cell, day: date) -> None:
    """Refuse a dated act of the organisation in the future or before the cell's first record."""
    if day > timezone.localdate():
        raise ValidationError(_("This date is in the future."))
    first = cell_records_start(cell)
    if first is not None and day < first:
        raise ValidationError(
            _("This date is before the cell's first record (%(day)s).") % {"day": day_text(first)}
        )


def _latest_name(names):
    return names.select_for_update().order_by(F("used_from").desc(nulls_last=True)).first()


def correct_latest_name(names, name: str) -> None:
    """A correction of the name now (a typo) is a correction of the name of its latest span,
    not a rename: the earlier names stay as they were."""
    latest = _latest_name(names)
    if latest is not None and latest.name != name:
        latest.name = name
        latest.save(update_fields=["name"])


def add_name(names, record, name: str, on: date) -> None:
    """Record a new name from the day, after the record's current name (which, the first time,
    becomes the name it bore from the records' start)."""
    latest = _latest_name(names)
    if latest is not None and latest.used_from is not None and on <= latest.used_from:
        raise ValidationError(
            _("The name now is in use from %(day)s: a new name is dated after it.")
            % {"day": day_text(latest.used_from)}
        )
    if latest is None:
        names.create(name=record.name, used_from=None)
    names.create(name=name, used_from=on)
    record.name = name


def check_member_day(member: Member, day: date) -> None:
    check_day(member.cell, day)
    if member.joined_on and day < member.joined_on:
        raise ValidationError(
            _("This date is before the member joined the cell (%(day)s).")
            % {"day": day_text(member.joined_on)}
        )


def next_term(terms, day: date, undated, *, overlap_message: str):
    """Close the member's open term (a group membership, a role term) on the day, refusing a day
    that falls within an earlier term. `undated` is the term held now without a date (records
    kept before terms had dates): it is written from joining until the day. Returns the open term
    if it began that very day (a correction of the day, to be given the new value), else None."""
    if undated is not None and undated.started_on is not None and undated.started_on >= day:
        undated = None  # begun that very day, it held for no day at all
    terms = terms.select_for_update()
    later = (
        terms.filter(Q(started_on__gt=day) | Q(ended_on__gt=day))
        .order_by(F("started_on").asc(nulls_first=True))
        .first()
    )
    if later is not None:
        raise ValidationError(overlap_message % {"what": later})
    current = terms.filter(ended_on__isnull=True).first()
    if current is not None and current.started_on == day:
        return current
    if current is not None:
        current.ended_on = day
        current.save(update_fields=["ended_on"])
    elif undated is not None and not terms.exists():
        undated.ended_on = day
        undated.save()
    return None


def check_group_exists(group: PartyGroup, day: date) -> None:
    if (group.created_on and day < group.created_on) or (group.dissolved_on and day >= group.dissolved_on):
        raise ValidationError(_("The party group %(name)s did not exist on that day.") % {"name": group.name})


def record_move(member: Member, group: PartyGroup | None, on: date) -> None:
    """The member's dated groups: the membership held ends on the day, one in `group` (if any)
    begins."""
    check_member_day(member, on)
    if group is not None:
        check_group_exists(group, on)
    undated = (
        GroupMembership(member=member, group_id=member.group_id, started_on=member.joined_on)
        if member.group_id
        else None
    )
    same_day = next_term(
        GroupMembership.objects.filter(member=member),
        on,
        undated,
        overlap_message=_("This date overlaps the member's membership of %(what)s."),
    )
    if same_day is not None and group is not None:
        same_day.group = group
        same_day.save(update_fields=["group"])
    elif same_day is not None:
        same_day.delete()
    elif group is not None:
        GroupMembership.objects.create(member=member, group=group, started_on=on)
