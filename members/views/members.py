"""Pages of the members: the directory, a member's record, and the changes to it (created,
edited, a role, a move to another group, leaving the cell, a sign-in account)."""

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cell05.history import record_history
from cell05.page_cache import render_with_cached_content
from cell05.pages import call_service
from members import selectors
from members.forms import (
    MemberAccountForm,
    MemberFilterForm,
    MemberForm,
    MemberLeaveForm,
    MemberMoveForm,
    MemberRoleForm,
)
from members.pages import cell_with_perm
from members.services import members as member_services

MEMBERS_PER_PAGE = 50


def _member(request, slug, pk, perm="members.view_member"):
    cell = cell_with_perm(request, slug)
    member = selectors.member_for_user(request.user, cell, pk)
    if not request.user.has_perm(perm, member):
        raise PermissionDenied
    return cell, member


@login_required
def member_list(request, slug):
    cell = cell_with_perm(request, slug)

    def content_context():
        form = MemberFilterForm(request.GET or None, cell=cell)
        filters = form.cleaned_data if form.is_valid() else {}
        show_details = request.user.has_perm("members.view_member_details", cell)
        members = selectors.member_directory(
            cell,
            search=filters.get("q") or "",
            group=filters.get("group"),
            status=filters.get("status") or "",
            include_left=bool(filters.get("include_left")),
            card_numbers=show_details,
        )
        page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
        visible_ids = set(
            selectors.members_visible_to(request.user, cell)
            .filter(pk__in=[member.pk for member in page])
            .values_list("pk", flat=True)
        )
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "form": form,
            "page": page,
            "visible_ids": visible_ids,
            "query": query.urlencode(),
            "show_details": show_details,
            "can_manage": request.user.has_perm("members.manage_cell", cell),
        }

    # Members, their groups, roles and records, and the groups' names and leaders renew the stamp.
    return render_with_cached_content(
        request,
        "members/member_list.html",
        {"cell": cell},
        content="members/_member_list_content.html",
        key_parts=[cell.figures_stamp],
        content_context=content_context,
    )


@login_required
def member_detail(request, slug, pk):
    cell, member = _member(request, slug, pk)
    can_change = request.user.has_perm("members.change_member", member)
    can_change_role = not member.has_left and request.user.has_perm("members.change_member_role", member)
    history = record_history(member) if can_change else []
    # A group leader reads what the directory shows: no date of birth, no card number.
    show_details = (
        request.user.has_perm("members.view_member_details", cell) or member.user_id == request.user.pk
    )
    return render(
        request,
        "members/member_detail.html",
        {
            "cell": cell,
            "member": member,
            "can_change": can_change,
            "can_change_role": can_change_role,
            "history": history,
            "show_details": show_details,
            "group_history": selectors.group_history(member),
        },
    )


@login_required
def member_create(request, slug):
    cell = cell_with_perm(request, slug, "members.manage_cell")
    form = MemberForm(request.POST or None, cell=cell, user=request.user)
    if request.method == "POST" and form.is_valid():
        member = call_service(
            form, lambda: member_services.member_create(actor=request.user, cell=cell, data=form.cleaned_data)
        )
        if member:
            messages.success(request, _("%(name)s was added to the cell.") % {"name": member})
            return redirect(member)
    return render(request, "members/member_form.html", {"cell": cell, "form": form})


@login_required
def member_update(request, slug, pk):
    cell, member = _member(request, slug, pk, "members.change_member")
    if member.has_left:
        messages.error(request, _("This member has left the cell; the record is kept as it was."))
        return redirect(member)
    # The form works on a copy, so that a refused save leaves the page's title as saved.
    form = MemberForm(request.POST or None, instance=copy(member), cell=cell, user=request.user)
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form,
            lambda: member_services.member_update(
                actor=request.user,
                member=member,
                data=form.cleaned_data,
                version=form.cleaned_data["version"],
            ),
        )
        if updated:
            messages.success(request, _("The record of %(name)s was saved.") % {"name": updated})
            return redirect(updated)
    return render(request, "members/member_form.html", {"cell": cell, "form": form, "member": member})


@login_required
def member_role(request, slug, pk):
    """The member's role in the cell: the secretary gives the roles of the others; the
    superior committee's office names or relieves the secretary."""
    cell, member = _member(request, slug, pk, "members.change_member_role")
    if member.has_left:
        messages.error(request, _("This member has left the cell; the record is kept as it was."))
        return redirect(member)
    form = MemberRoleForm(request.POST or None, instance=copy(member), user=request.user)
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form,
            lambda: member_services.member_set_role(
                actor=request.user,
                member=member,
                role=form.cleaned_data["role"],
                on=form.cleaned_data["on"],
                version=form.cleaned_data["version"],
            ),
        )
        if updated:
            messages.success(
                request,
                _("%(name)s is now: %(role)s.") % {"name": updated, "role": updated.get_role_display()},
            )
            return redirect(updated)
    return render(request, "members/member_role.html", {"cell": cell, "form": form, "member": member})


@login_required
def member_move(request, slug, pk):
    cell, member = _member(request, slug, pk, "members.change_member")
    form = MemberMoveForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        moved = call_service(
            form,
            lambda: member_services.member_move(actor=request.user, member=member, **form.cleaned_data),
        )
        if moved:
            messages.success(
                request,
                _("%(name)s moved to %(group)s.") % {"name": moved, "group": moved.group},
            )
            return redirect(moved)
    return render(request, "members/member_move.html", {"cell": cell, "form": form, "member": member})


@login_required
def member_leave(request, slug, pk):
    cell, member = _member(request, slug, pk, "members.change_member")
    form = MemberLeaveForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        left = call_service(
            form,
            lambda: member_services.member_mark_left(
                actor=request.user,
                member=member,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            ),
        )
        if left:
            messages.success(request, _("%(name)s is marked as having left the cell.") % {"name": left})
            return redirect(left)
    return render(request, "members/member_leave.html", {"cell": cell, "form": form, "member": member})


@login_required
def member_account(request, slug, pk):
    cell, member = _member(request, slug, pk, "members.change_member")
    form = MemberAccountForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        user = call_service(
            form,
            lambda: member_services.member_account_create(
                actor=request.user,
                member=member,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            ),
        )
        if user:
            messages.success(request, _("The account %(username)s was created.") % {"username": user})
            return redirect(member)
    return render(request, "members/member_account.html", {"cell": cell, "form": form, "member": member})
