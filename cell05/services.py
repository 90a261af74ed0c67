"""What every service of cell05 does around a change: check the actor, record who did it."""

import logging

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

logger = logging.getLogger("cell05.services")


def require_perm(actor, perm: str, obj) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You may not make this change."))


def changed_fields(instance, data: dict, fields) -> list[str]:
    """The names among `fields` that `data` holds with a value the record does not have; all that
    it holds, for a record not yet saved (whose empty relations cannot be read)."""
    given = [field for field in fields if field in data]
    if instance._state.adding:
        return given
    return [field for field in given if getattr(instance, field) != data[field]]


def assign(instance, data: dict, fields) -> list[str]:
    """Copy onto the record the `fields` that `data` holds (a form's cleaned data, a service's
    arguments); the others keep their value. The names of those that changed."""
    changed = changed_fields(instance, data, fields)
    for field in fields:
        if field in data:
            setattr(instance, field, data[field])
    return changed


def save_logged(
    instance,
    *,
    actor,
    action: str,
    update_fields=None,
    clean: bool = True,
    unchanged: tuple[str, ...] = (),
    constraints: bool = True,
) -> None:
    """Validate, save, and record the actor and the dotted action in the record's history.
    `unchanged` names fields the service knows hold what the database already has (a record's
    identity, a parent row it has locked): their checks would only read those rows again.
    Without `constraints`, the model's constraints are left to the form that validated them and
    to the database: each costs a query (and two for its savepoint)."""
    if clean:
        instance.full_clean(exclude=unchanged, validate_constraints=constraints)
    instance._change_reason = action
    instance._history_user = actor if actor is not None and actor.is_authenticated else None
    instance.save(update_fields=update_fields)
    logger.info("%s by %s on %s #%s", action, actor, type(instance).__name__, instance.pk)


def delete_logged(instance, *, actor, action: str) -> None:
    """Delete, recording the actor and the dotted action in the record's last history entry."""
    instance._change_reason = action
    instance._history_user = actor if actor is not None and actor.is_authenticated else None
    pk = instance.pk
    instance.delete()
    logger.info("%s by %s on %s #%s", action, actor, type(instance).__name__, pk)


def save_logged_with_relations(instance, *, actor, action: str, relations: dict) -> None:
    """`save_logged` for a record whose history follows many-to-many fields (simple-history's
    `m2m_fields`), so that one save writes one history entry holding the relations as they now
    are: `relation.set()` would add an entry of its own for each removal and each addition.
    The relations are written straight into their tables, which sends no such signal."""
    if instance.pk is not None:
        _write_relations(instance, relations)
        save_logged(instance, actor=actor, action=action)
        return
    # A new record has no id to relate to until it is saved: its entry, written by the save,
    # is then given the relations, as simple-history records them.
    save_logged(instance, actor=actor, action=action)
    rows = _write_relations(instance, relations)
    entry = instance.history.order_by("-history_date", "-history_id").first()
    for name, written in rows.items():
        snapshot = getattr(entry, name)
        through = type(instance)._meta.get_field(name).remote_field.through
        fields = [field.attname for field in through._meta.concrete_fields]
        snapshot.bulk_create(
            snapshot.model(history=entry, **{field: getattr(row, field) for field in fields})
            for row in written
        )


def _write_relations(instance, relations: dict) -> dict:
    """Make each many-to-many field of the record hold exactly the given records; return the
    rows each now has."""
    written = {}
    for name, targets in relations.items():
        field = type(instance)._meta.get_field(name)
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).attname
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        wanted = {related.pk for related in targets}
        rows = through.objects.filter(**{source: instance.pk})
        rows.exclude(**{f"{target}__in": wanted}).delete()
        have = set(rows.values_list(target, flat=True))
        through.objects.bulk_create(
            through(**{source: instance.pk, target: pk}) for pk in sorted(wanted - have)
        )
        written[name] = list(rows.order_by("pk"))
    return written
