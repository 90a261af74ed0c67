"""A record's life as one table: each action, the states it starts from, the state it leads to,
who may take it, its name and the history entry it writes.

The permission of an action is its role AND "the record is in one of its start states"; a
service moves a record only through `check_state` and `move`, the pages ask only `allowed_actions`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Action:
    perm: str
    sources: frozenset
    target: str | None
    role: rules.Predicate
    # How the refusal names the action: "cannot be <label>".
    label: Promise
    # The history entry it writes; empty for an action that changes nothing (a download).
    history: str = ""
    # A condition on the record beside its state, asked without a query (a running job that has
    # stalled may be retried).
    guard: Callable[[Any], bool] | None = None

    def may_act(self, user, obj) -> bool:
        """Whether the user's role allows the action, whatever the record's state."""
        return self.role.test(user, obj)

    def starts_from(self, obj) -> bool:
        """Whether the record's state (and the guard, if any) allows the action."""
        return obj.state in self.sources and (self.guard is None or self.guard(obj))


def in_states(action: Action) -> rules.Predicate:
    return rules.Predicate(lambda user, obj: obj is not None and action.starts_from(obj), name="in_states")


def register_perms(table: dict[str, Action]) -> None:
    for action in table.values():
        # The state first: it costs no query, and the role is asked only when the state allows.
        rules.add_perm(action.perm, in_states(action) & action.role)


def permits(table: dict[str, Action], name: str, obj) -> bool:
    """Whether the record's state allows the action, whoever asks."""
    return table[name].starts_from(obj)


def user_may(table: dict[str, Action], name: str, user, obj) -> bool:
    """Whether the user may take the action on the record now, as the table says: Django's
    blanket permission of a superuser does not count, since the services refuse what the table
    refuses."""
    return rules.has_perm(table[name].perm, user, obj)


def allowed_actions(table: dict[str, Action], user, obj) -> dict[str, bool]:
    return {name: user_may(table, name, user, obj) for name in table}


def require_role(table: dict[str, Action], name: str, actor, obj) -> None:
    if not table[name].may_act(actor, obj):
        raise PermissionDenied(_("You may not make this change."))


def check_state(table: dict[str, Action], name: str, obj, message: str | Promise) -> None:
    """Refuse the action on a record whose state it does not start from; `message` names the
    state and the action."""
    action = table[name]
    if not action.starts_from(obj):
        raise ValidationError(message % {"state": obj.get_state_display(), "action": action.label})


def move(table: dict[str, Action], name: str, obj) -> None:
    target = table[name].target
    if target is not None:
        obj.state = target
