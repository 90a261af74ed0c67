"""A record's life as one table: each action, the states it starts from, the state it leads to,
who may take it, its name, the history entry it writes and the conditions beside the state.

The permission of an action is its role AND "the record is in one of its start states and its
guards hold"; a service moves a record only through `check_state` and `move`, the pages ask only
`allowed_actions`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Guard:
    """A condition of an action on the record beside its state (a running job must have stalled
    to be retried), asked of the record as it was loaded, and the refusal that says why."""

    holds: Callable[[Any], bool]
    refusal: Promise


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
    # The conditions on the record beside its state: the page hides the button and the service
    # refuses the action when one does not hold.
    guards: tuple[Guard, ...] = ()

    def may_act(self, user, obj) -> bool:
        """Whether the user's role allows the action, whatever the record's state."""
        return self.role.test(user, obj)

    def starts_from(self, obj) -> bool:
        """Whether the record's state and the guards allow the action; the state is asked first,
        as it costs no query."""
        return obj.state in self.sources and all(guard.holds(obj) for guard in self.guards)


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
    """Refuse the action on a record that a guard or its state does not allow; `message` names
    the state and the action. A guard's refusal comes first: it says what the record lacks,
    where the state's would only say where it stands."""
    action = table[name]
    for guard in action.guards:
        if not guard.holds(obj):
            raise ValidationError(str(guard.refusal))
    if obj.state not in action.sources:
        raise ValidationError(message % {"state": obj.get_state_display(), "action": action.label})


def move(table: dict[str, Action], name: str, obj) -> None:
    target = table[name].target
    if target is not None:
        obj.state = target
