"""Figures over many cells kept in Django's cache, and dropped when a record they count changes.

Every cell carries a stamp (`Cell.figures_stamp`), replaced by a new random one in the same
transaction as any change to a record that figures.counting counts in that cell. A cached result
is keyed by the stamps of its cells, so a change makes every result over that cell unreachable
at its commit, on every server and whatever the cache's backend: nothing is ever sent to the
cache to forget it. A stamp is random rather than a counter so that a cell restored from a
back-up cannot meet the results of the figures it had before.

A pledge renews the stamp only when a field that the figures read changes
(`figures.counting.pledges.PLEDGE_COUNTED_FIELDS`): its drafts are saved all through pledge season, and
each renewal makes every page over the cell count again.

A change that sends no model signal (`QuerySet.update()`, `bulk_create()`) must call
`figures_changed()` itself.
"""

import functools
import hashlib
import uuid

from django.core.cache import cache
from django.db.models import Field, Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from figures.models import EnteredYearFigures
from members.models import Cell, CellName, GroupMembership, Member, PartyGroup, PartyGroupName, RoleTerm
from oversight.models import Case, Praise, RewardProposal
from plans.models import MondaySession, Pledge, StudySession, StudyYear

# An entry of a cell that has since changed is never read again: it only waits to be evicted.
FIGURES_CACHE_SECONDS = 24 * 60 * 60

# What figures.counting counts, and how each record reaches its cell.
COUNTED = {
    Cell: "pk",
    Member: "cell_id",
    PartyGroup: "cell_id",
    # The report names the cell, and counts groups and the cell committee, as of its date.
    CellName: "cell_id",
    PartyGroupName: "group_id",
    GroupMembership: "member_id",
    RoleTerm: "member_id",
    StudyYear: "cell_id",
    MondaySession: "cell_id",
    Case: "cell_id",
    Praise: "cell_id",
    RewardProposal: "cell_id",
    EnteredYearFigures: "cell_id",
    StudySession: "study_year_id",
    Pledge: "member_id",
}
_CELL_OF = {
    "study_year_id": lambda pk: Q(years=pk),
    "member_id": lambda pk: Q(members=pk),
    "group_id": lambda pk: Q(groups=pk),
}


def figures_changed(cell_ids) -> None:
    """Make every cached figure over these cells stale."""
    for cell_id in set(cell_ids):
        Cell.objects.filter(pk=cell_id).update(figures_stamp=uuid.uuid4())


def _record_changed(sender, instance, **kwargs) -> None:
    field = COUNTED[sender]
    value = instance.pk if field == "pk" else getattr(instance, field)
    if value is None:
        return
    if field in _CELL_OF:
        # One statement, without reading the record's cell first.
        Cell.objects.filter(_CELL_OF[field](value)).update(figures_stamp=uuid.uuid4())
    else:
        figures_changed([value])


def _pledge_saved(sender, instance, created, update_fields, **kwargs) -> None:
    """Renew the stamp when the save wrote a counted field with another value than the row held
    when it was read (Pledge.from_db); then that value is what the row holds."""
    counted = _pledge_counted_attnames()
    if update_fields is not None:
        written = {_attname(name) for name in update_fields}
        counted = tuple(name for name in counted if name in written)
    loaded = instance.__dict__.get("_loaded_values", {})
    now = {name: getattr(instance, name) for name in counted}
    if created or any(name not in loaded or loaded[name] != value for name, value in now.items()):
        _record_changed(sender, instance)
        if loaded.get("member_id") not in (None, instance.member_id):
            # A pledge given to a member of another cell leaves the figures of the first.
            Cell.objects.filter(members=loaded["member_id"]).update(figures_stamp=uuid.uuid4())
    instance._loaded_values = {**loaded, **now}


@functools.cache
def _pledge_counted_attnames() -> tuple[str, ...]:
    # Read when first needed: the modules of figures.counting import this one.
    from figures.counting.pledges import PLEDGE_COUNTED_FIELDS

    return tuple(_attname(name) for name in PLEDGE_COUNTED_FIELDS)


def _attname(name: str) -> str:
    """The column attribute of a pledge field: member_id for member."""
    field = Pledge._meta.get_field(name)
    assert isinstance(field, Field), name
    return field.attname


def _relations_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        _record_changed(type(instance), instance)


def connect() -> None:
    """Listen to every change of what the figures count (ReportsConfig.ready)."""
    for model in COUNTED:
        saved = _pledge_saved if model is Pledge else _record_changed
        post_save.connect(saved, sender=model, dispatch_uid=f"figures-{model._meta.label}")
        post_delete.connect(_record_changed, sender=model, dispatch_uid=f"figures-del-{model._meta.label}")
    for relation in (Case.members.through, StudySession.attendees.through):
        uid = f"figures-{relation._meta.label}"
        m2m_changed.connect(_relations_changed, sender=relation, dispatch_uid=uid)


def _stamps(cells) -> str:
    """The cells' ids and stamps as one digest, read now: a cell loaded earlier in the request
    may carry a stamp that a change has since replaced."""
    ids = [cell if isinstance(cell, int) else cell.pk for cell in cells]
    stamps = Cell.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "figures_stamp")
    return hashlib.sha256(",".join(f"{pk}:{stamp.hex}" for pk, stamp in stamps).encode()).hexdigest()


def cached_by_cells(function):
    """Keep the results of a figures function of (cells, *arguments) in the cache, keyed by its
    name, its other arguments and the cells' stamps: one query instead of the function's."""

    @functools.wraps(function)
    def wrapper(cells, *args, **kwargs):
        cells = list(cells)
        if not cells:
            return function(cells, *args, **kwargs)
        stamps = _stamps(cells)
        key = f"figures:{function.__qualname__}:{stamps}:{args!r}:{sorted(kwargs.items())!r}"
        key = "figures:" + hashlib.sha256(key.encode()).hexdigest()
        result = cache.get(key)
        if result is None:
            result = function(cells, *args, **kwargs)
            cache.set(key, result, FIGURES_CACHE_SECONDS)
        return result

    return wrapper
