"""The Monday sessions and the story library: the rota, days off, swaps, the record of a
session, the stories; one function each."""

from datetime import date, timedelta

import holidays
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cell05 import closed_years, versions
from cell05.periods import FIRST_YEAR, LAST_YEAR
from cell05.services import assign, delete_logged, require_perm, save_logged
from cell05.versions import bump
from cell05.workflow import check_state, move, permits, require_role
from members.models import Cell, Member, PartyGroup
from plans.choices import MondayState
from plans.models import MondayDayOff, MondaySession, Story
from plans.workflow import MONDAY_WORKFLOW, monday_record_action


def public_holidays(year: int, language: str | None = None) -> dict[date, str]:
    """Vietnam's public holidays of the year, the lunar ones (Tết, Giỗ Tổ Hùng Vương) included,
    with the days the government moves or adds ("observed", "substituted")."""
    found = holidays.country_holidays("VN", years=year, language=language)
    # The library writes "Tết Nguyên Đán"; Vietnamese spelling, and the Party's, is "Nguyên đán".
    return {day: name.replace("Nguyên Đán", "Nguyên đán") for day, name in found.items()}


def mondays(year: int) -> list[date]:
    first = date(year, 1, 1)
    day = first + timedelta(days=(7 - first.weekday()) % 7)
    days = []
    while day.year == year:
        days.append(day)
        day += timedelta(days=7)
    return days


def rota_plan(cell: Cell, year: int) -> list[MondaySession]:
    """The sessions (unsaved) that the year's rota lacks: one on every Monday that is neither a
    public holiday, nor marked off by the cell, nor already has a session. The groups take turns
    in their order, each turn after the group of the latest session before that day."""
    # A dissolved group takes no more turns.
    groups = list(PartyGroup.objects.filter(cell=cell).current().order_by("order"))
    if not groups:
        raise ValidationError(_("The cell has no party group to take the turns."))
    skipped = set(public_holidays(year)) | set(
        MondayDayOff.objects.filter(cell=cell, day__year=year).values_list("day", flat=True)
    )
    existing = dict(MondaySession.objects.filter(cell=cell, day__year=year).values_list("day", "group_id"))
    before = (
        MondaySession.objects.filter(cell=cell, day__lt=date(year, 1, 1))
        .order_by("-day")
        .values_list("group_id", flat=True)
        .first()
    )
    positions = {group.pk: index for index, group in enumerate(groups)}
    last = positions.get(before)
    planned = []
    for day in sorted(set(existing) | set(mondays(year))):
        if day in existing:
            last = positions.get(existing[day], last)
            continue
        if day in skipped:
            continue
        last = 0 if last is None else (last + 1) % len(groups)
        planned.append(MondaySession(cell=cell, day=day, group=groups[last], state=MondayState.PLANNED))
    return planned


def rota_create(*, cell: Cell, year: int, actor=None) -> list[MondaySession]:
    """Create the sessions the year's rota lacks; also run by the monday_rota command, which
    acts for nobody. Regenerating never duplicates a session."""
    with transaction.atomic():
        Cell.objects.select_for_update().filter(pk=cell.pk).first()  # one generation at a time
        closed_years.refuse_records(cell.pk, year)
        created = rota_plan(cell, year)
        for session in created:
            save_logged(session, actor=actor, action="monday.planned")
    return created


@transaction.atomic
def monday_rota_generate(*, actor, cell: Cell, year: int) -> list[MondaySession]:
    require_perm(actor, "plans.manage_monday", cell)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Choose a year between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return rota_create(cell=cell, year=year, actor=actor)


@transaction.atomic
def monday_day_off_mark(*, actor, cell: Cell, day: date, reason: str) -> tuple[MondayDayOff, bool]:
    """Mark a Monday off. Its session goes only if it is still planned: a session recorded as
    held or not held stays. Says whether a session was removed."""
    require_perm(actor, "plans.manage_monday", cell)
    day_off = MondayDayOff(cell=cell, day=day, reason=reason.strip())
    save_logged(day_off, actor=actor, action="monday.day_off_marked")
    session = MondaySession.objects.select_for_update().filter(cell=cell, day=day).first()
    if session is None or not permits(MONDAY_WORKFLOW, "remove", session):
        return day_off, False
    delete_logged(session, actor=actor, action=MONDAY_WORKFLOW["remove"].history)
    return day_off, True


@transaction.atomic
def monday_sessions_swap(
    *, actor, first: MondaySession, second: MondaySession
) -> tuple[MondaySession, MondaySession]:
    """Two planned sessions of a cell exchange their groups, with the reader and the material
    a group may already have chosen."""
    if first.cell_id != second.cell_id:
        raise ValidationError(_("Both sessions must belong to the same cell."))
    require_role(MONDAY_WORKFLOW, "swap", actor, first)
    if first.pk == second.pk:
        raise ValidationError(_("Choose two different sessions."))
    locked = {
        session.pk: session
        for session in MondaySession.objects.select_for_update().filter(pk__in=[first.pk, second.pk])
    }
    one, other = locked[first.pk], locked[second.pk]
    for session in (one, other):
        check_state(MONDAY_WORKFLOW, "swap", session, _("Only planned sessions can be swapped."))
    for field in ("group_id", "reader_id", "story_id"):
        first_value, second_value = getattr(one, field), getattr(other, field)
        setattr(one, field, second_value)
        setattr(other, field, first_value)
    for session in (one, other):
        move(MONDAY_WORKFLOW, "swap", session)
        bump(session)
        save_logged(session, actor=actor, action=MONDAY_WORKFLOW["swap"].history)
    return one, other


RECORD_FIELDS = ("reader", "story", "attendance", "note", "not_held_reason")
STORY_FIELDS = ("title", "kind", "source", "text")


@transaction.atomic
def monday_session_record(
    *, actor, session: MondaySession, data: dict, version: int | None = None
) -> MondaySession:
    """What happened at a session: held (who read what, to how many) or not held (and why), or
    planned again; `data["state"]` chooses the action of the workflow. The leader of the group on
    duty records it, or the cell committee."""
    state = data.get("state")
    if state not in MondayState.values:
        field = MondaySession._meta.get_field("state")
        raise ValidationError({"state": field.error_messages["invalid_choice"] % {"value": state}})
    action = monday_record_action(session, state)
    require_role(MONDAY_WORKFLOW, action, actor, session)
    locked = versions.locked(session, version, queryset=MondaySession.objects.select_related("cell", "group"))
    action = monday_record_action(locked, state)
    check_state(MONDAY_WORKFLOW, action, locked, _("A session that is “%(state)s” cannot be %(action)s."))
    reader, story = data.get("reader"), data.get("story")
    if reader is not None and (
        reader.cell_id != locked.cell_id
        or not Member.objects.filter(pk=reader.pk, cell_id=locked.cell_id).as_of(locked.day).exists()
    ):
        raise ValidationError({"reader": _("The reader must be a member of the cell.")})
    if story is not None and story.cell_id != locked.cell_id:
        raise ValidationError({"story": _("The material must come from the cell's library.")})
    move(MONDAY_WORKFLOW, action, locked)
    for name in RECORD_FIELDS:
        setattr(locked, name, data.get(name))
    locked.note = (locked.note or "").strip()
    locked.not_held_reason = (locked.not_held_reason or "").strip()
    if action != "mark_not_held":
        locked.not_held_reason = ""
    bump(locked)
    save_logged(locked, actor=actor, action=MONDAY_WORKFLOW[action].history)
    return locked


@transaction.atomic
def story_save(
    *, actor, cell: Cell, data: dict, story: Story | None = None, version: int | None = None
) -> Story:
    require_perm(actor, "plans.manage_monday", cell)
    if story is None:
        story, action = Story(cell=cell), "story.created"
    else:
        story = versions.locked_in(story, version, cell=cell)
        action = "story.updated"
    assign(story, data, STORY_FIELDS)
    bump(story)
    save_logged(story, actor=actor, action=action)
    return story
