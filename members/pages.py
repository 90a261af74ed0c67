"""What the views of every app about a cell share: the cell a page is about, with the user's
permission."""

from django.core.exceptions import PermissionDenied

from members import selectors


def cell_with_perm(request, slug, perm="members.view_cell"):
    """The cell if the user may see it (404 otherwise) and holds the permission (403)."""
    cell = selectors.cell_for_user(request.user, slug)
    if not request.user.has_perm(perm, cell):
        raise PermissionDenied
    return cell
