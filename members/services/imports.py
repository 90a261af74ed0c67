"""The import of a member list: each row saved through the services of the member forms, and
nothing saved from a file with any bad row."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from cell05.services import require_perm
from members.choices import CellRole
from members.models import Cell, Member
from members.resources import MemberResource
from members.services.members import member_create, member_update, require_role_change

logger = logging.getLogger("cell05.members")


class MemberImport(MemberResource):
    """The import of a member list under the rules of the member forms: each row is saved by
    member_create or member_update, so that a leader moved to another group stops leading the
    old one, a role is given only by whoever may give it, and a member who has left is not
    edited. The preview writes nothing: it asks each row what those services would refuse."""

    def __init__(self, cell: Cell, *, actor, progress=None):
        super().__init__(cell)
        self.actor = actor
        self.progress = progress

    def save_instance(self, instance, is_create, row, **kwargs):
        data = {
            name: getattr(instance, name) for name, field in self.fields.items() if field.column_name in row
        }
        stored = None if is_create else self.stored[instance.pk]
        role_changed = instance.role != (CellRole.MEMBER if stored is None else stored.role)
        try:
            if kwargs.get("dry_run"):
                _import_refusal(self.actor, stored, instance, role_changed=role_changed)
            elif is_create:
                instance.pk = member_create(actor=self.actor, cell=self.cell, data=data).pk
            else:
                member_update(actor=self.actor, member=instance, data=data)
        except PermissionDenied as error:
            raise ValidationError({"role": str(error)} if role_changed else str(error)) from None

    def after_import_row(self, row, row_result, **kwargs):
        if self.progress:
            self.progress(kwargs["row_number"], len(self.lines))


def _import_refusal(actor, stored: Member | None, member: Member, *, role_changed: bool) -> None:
    """What member_create or member_update would refuse of an imported row, asked without
    writing."""
    if stored is not None and stored.has_left:
        raise ValidationError(_("This member has left the cell; the record is kept as it was."))
    if role_changed:
        require_role_change(actor, stored or member, member.role)


def members_import(*, actor, cell: Cell, dataset, dry_run: bool, progress=None):
    """Import the member list; a file with any bad row saves nothing.

    Returns the import result of django-import-export: its rows say what each line of
    the file would do (dry run) or did. `progress(done, total)` is told after each row.
    """
    require_perm(actor, "members.manage_cell", cell)
    result = MemberImport(cell, actor=actor, progress=progress).import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    if not dry_run and not (result.has_errors() or result.has_validation_errors()):
        logger.info("member.imported by %s into %s: %s rows", actor, cell.slug, len(result.rows))
    return result
