"""Pages of the cell, its groups and its members. Views parse the request and call a
service; every object is fetched through a selector scoped to the user."""

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cell05.downloads import attachment_header
from cell05.history import record_history
from cell05.page_cache import render_with_cached_content
from cell05.pages import call_service
from cell05.spreadsheets import text_only
from jobs.choices import JobKind
from jobs.services import job_start
from members import import_file, selectors, services
from members.forms import (
    CellForm,
    CellRenameForm,
    CommitteeForm,
    GroupDissolveForm,
    GroupForm,
    GroupMergeForm,
    GroupRenameForm,
    MemberAccountForm,
    MemberFilterForm,
    MemberForm,
    MemberImportForm,
    MemberLeaveForm,
    MemberMoveForm,
    MemberRoleForm,
)
from members.jobs import purge_import_previews, schedule_import_previews_purge
from members.models import PartyGroup
from members.pages import cell_with_perm
from members.resources import MemberResource, column_guide, import_problems

MEMBERS_PER_PAGE = 50


def _member(request, slug, pk, perm="members.view_member"):
    cell = cell_with_perm(request, slug)
    member = selectors.member_for_user(request.user, cell, pk)
    if not request.user.has_perm(perm, member):
        raise PermissionDenied
    return cell, member


@login_required
def cell_detail(request, slug):
    cell = cell_with_perm(request, slug, "members.open_cell")
    # The office of a committee the cell has left reads its past, not the cell as it is today.
    reads_today = request.user.has_perm("members.view_cell", cell)
    return render(
        request,
        "members/cell_detail.html",
        {
            "cell": cell,
            "overview": selectors.cell_overview(cell) if reads_today else None,
            "belongings": selectors.belongings_of(cell),
            "names": selectors.cell_names(cell),
            "rename_form": CellRenameForm(),
        },
    )


def _dated_act(request, *, cell, form, call, done: str, back: str, heading: str, intro: str = ""):
    """A dated act of the organisation (a rename, a merger, a dissolution): the form's page, or
    the service called with the form's fields, named as its arguments, and the reader sent back."""
    if request.method == "POST" and form.is_valid() and call_service(form, lambda: call(form.cleaned_data)):
        messages.success(request, done)
        return redirect(back)
    return render(
        request,
        "members/dated_act.html",
        {"cell": cell, "form": form, "heading": heading, "intro": intro, "back": back},
    )


@login_required
def cell_rename(request, slug):
    """A new name of the cell from a day: the documents dated before it keep the old one."""
    cell = cell_with_perm(request, slug, "members.rename_cell")
    return _dated_act(
        request,
        cell=cell,
        form=CellRenameForm(request.POST or None),
        call=lambda data: services.cell_rename(actor=request.user, cell=cell, **data),
        done=_("The cell was renamed."),
        back=cell.get_absolute_url(),
        heading=_("Rename the cell"),
        intro=_("The documents dated before the day keep the former name."),
    )


def _group(request, slug, pk):
    cell = cell_with_perm(request, slug, "members.manage_cell")
    return cell, get_object_or_404(PartyGroup, cell=cell, pk=pk)


@login_required
def group_rename(request, slug, pk):
    cell, group = _group(request, slug, pk)
    return _dated_act(
        request,
        cell=cell,
        form=GroupRenameForm(request.POST or None),
        call=lambda data: services.group_rename(actor=request.user, group=group, **data),
        done=_("The party group %(name)s was renamed.") % {"name": group.name},
        back=reverse("members:group_list", kwargs={"slug": cell.slug}),
        heading=_("Rename the party group %(name)s") % {"name": group.name},
        intro=_("What is dated before the day keeps the former name."),
    )


@login_required
def group_dissolve(request, slug, pk):
    cell, group = _group(request, slug, pk)
    return _dated_act(
        request,
        cell=cell,
        form=GroupDissolveForm(request.POST or None),
        call=lambda data: services.group_dissolve(actor=request.user, group=group, **data),
        done=_("The party group %(name)s was dissolved.") % {"name": group.name},
        back=reverse("members:group_list", kwargs={"slug": cell.slug}),
        heading=_("Dissolve the party group %(name)s") % {"name": group.name},
        intro=_("The group is kept: the reports of the days before count it. Move its members first."),
    )


@login_required
def group_merge(request, slug, pk):
    cell, group = _group(request, slug, pk)
    return _dated_act(
        request,
        cell=cell,
        form=GroupMergeForm(request.POST or None, group=group),
        call=lambda data: services.group_merge(actor=request.user, group=group, **data),
        done=_("The party group %(name)s was merged.") % {"name": group.name},
        back=reverse("members:group_list", kwargs={"slug": cell.slug}),
        heading=_("Merge the party group %(name)s into another") % {"name": group.name},
        intro=_("Its members move to the other group on that day, and the group is dissolved."),
    )


@login_required
def cell_update(request, slug):
    """ "Thông tin chi bộ": the name, document symbol and place name that the cell's documents
    print, edited by its secretary."""
    cell = cell_with_perm(request, slug, "members.change_cell")
    # The form works on a copy, so that the page keeps the saved name if the form is refused.
    form = CellForm(request.POST or None, instance=copy(cell))
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form,
            lambda: services.cell_update(
                actor=request.user, cell=cell, data=form.cleaned_data, version=form.cleaned_data["version"]
            ),
        )
        if updated:
            messages.success(request, _("The information of the cell was saved."))
            return redirect(updated)
    return render(
        request,
        "members/cell_form.html",
        {
            "cell": cell,
            "form": form,
            "today": timezone.localdate(),
            "history": record_history(cell),
        },
    )


@login_required
def committee_update(request, pk):
    """The superior committee's full name, document symbol and place name, edited by its
    office; another committee is not found."""
    committee = selectors.committee_for_user(request.user, pk)
    if not request.user.has_perm("members.change_committee", committee):
        raise PermissionDenied
    form = CommitteeForm(request.POST or None, instance=copy(committee))
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form,
            lambda: services.committee_update(
                actor=request.user,
                committee=committee,
                data=form.cleaned_data,
                version=form.cleaned_data["version"],
            ),
        )
        if updated:
            messages.success(request, _("The information of the committee was saved."))
            return redirect("reports:committee_table", pk=updated.pk)
    return render(
        request,
        "members/committee_form.html",
        {
            "committee": committee,
            "form": form,
            "today": timezone.localdate(),
            "history": record_history(committee),
        },
    )


@login_required
def group_list(request, slug):
    cell = cell_with_perm(request, slug)
    return render(
        request,
        "members/group_list.html",
        {"cell": cell, "groups": selectors.groups_of_cell(cell)},
    )


@login_required
def group_create(request, slug):
    cell = cell_with_perm(request, slug, "members.manage_cell")
    form = GroupForm(request.POST or None, cell=cell)
    if request.method == "POST" and form.is_valid():
        group = call_service(
            form,
            lambda: services.group_create(
                actor=request.user,
                cell=cell,
                name=form.cleaned_data["name"],
                order=form.cleaned_data["order"],
                created_on=form.cleaned_data["created_on"],
            ),
        )
        if group:
            messages.success(request, _("The party group %(name)s was created.") % {"name": group})
            return redirect("members:group_list", slug=cell.slug)
    return render(request, "members/group_form.html", {"cell": cell, "form": form})


@login_required
def group_update(request, slug, pk):
    cell = cell_with_perm(request, slug, "members.manage_cell")
    group = get_object_or_404(PartyGroup, cell=cell, pk=pk)
    form = GroupForm(request.POST or None, instance=group, cell=cell)
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form,
            lambda: services.group_update(
                actor=request.user,
                group=group,
                name=form.cleaned_data["name"],
                order=form.cleaned_data["order"],
                leader=form.cleaned_data["leader"],
                version=form.cleaned_data["version"],
            ),
        )
        if updated:
            messages.success(request, _("The party group %(name)s was saved.") % {"name": updated})
            return redirect("members:group_list", slug=cell.slug)
    return render(request, "members/group_form.html", {"cell": cell, "form": form, "group": group})


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
            form, lambda: services.member_create(actor=request.user, cell=cell, data=form.cleaned_data)
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
            lambda: services.member_update(
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
            lambda: services.member_set_role(
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
            lambda: services.member_move(actor=request.user, member=member, **form.cleaned_data),
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
            lambda: services.member_mark_left(
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
            lambda: services.member_account_create(
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


IMPORT_SESSION_KEY = "member_import"


def _drop_previewed_file(request) -> None:
    """Forget the file this session previewed, and delete its copy: it holds personal data."""
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    if pending:
        import_file.preview_remove(pending["name"])


@login_required
def member_import(request, slug):
    """Step one: upload, then a preview of what each row would do; nothing is saved yet."""
    cell = cell_with_perm(request, slug, "members.manage_cell")
    form = MemberImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        purge_import_previews()
        # A new upload replaces the file previewed before it.
        _drop_previewed_file(request)
    if request.method == "POST" and form.is_valid():
        dataset = form.cleaned_data["dataset"]
        result = services.members_import(actor=request.user, cell=cell, dataset=dataset, dry_run=True)
        problems = import_problems(result, cell, dataset.lines)
        if not problems:
            request.session[IMPORT_SESSION_KEY] = {
                "cell": cell.slug,
                "name": import_file.preview_save(form.cleaned_data["content"]),
                "format": form.cleaned_data["format"],
                "file_name": form.cleaned_data["file"].name,
            }
            schedule_import_previews_purge()
        return render(
            request,
            "members/member_import_preview.html",
            {
                "cell": cell,
                "result": result,
                "rows": [
                    {"line": line, "row": row} for line, row in zip(dataset.lines, result.rows, strict=False)
                ],
                "problems": problems,
                "file_name": form.cleaned_data["file"].name,
            },
        )
    return render(
        request, "members/member_import.html", {"cell": cell, "form": form, "columns": column_guide()}
    )


@login_required
@require_POST
def member_import_confirm(request, slug):
    """Step two: the same file, stored at step one, is imported for real by the worker, which
    deletes it once imported."""
    cell = cell_with_perm(request, slug, "members.manage_cell")
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    if not pending or pending["cell"] != cell.slug:
        messages.error(request, _("There is no previewed file to import; upload it again."))
        return redirect("members:member_import", slug=cell.slug)
    try:
        job = job_start(
            actor=request.user,
            kind=JobKind.MEMBER_IMPORT,
            cell=cell,
            parameters={key: pending[key] for key in ("name", "format", "file_name")},
            language=request.LANGUAGE_CODE,
            back=reverse("members:member_list", kwargs={"slug": cell.slug}),
        )
    except ValidationError as error:
        # Refused (the person has too many jobs unfinished): the previewed copy is not kept.
        import_file.preview_remove(pending["name"])
        messages.error(request, " ".join(error.messages))
        return redirect("members:member_import", slug=cell.slug)
    return redirect(job)


@login_required
@require_POST
def member_import_cancel(request, slug):
    """The previewed file is not imported: its copy is deleted at once."""
    cell = cell_with_perm(request, slug, "members.manage_cell")
    _drop_previewed_file(request)
    messages.success(request, _("The import was cancelled and the uploaded file deleted."))
    return redirect("members:member_list", slug=cell.slug)


@login_required
@require_POST
def cell_backup(request, slug):
    """The cell's back-up (records, history, accounts and files in one zip), made by the worker."""
    cell = cell_with_perm(request, slug, "members.back_up_cell")
    try:
        job = job_start(
            actor=request.user,
            kind=JobKind.CELL_BACKUP,
            cell=cell,
            language=request.LANGUAGE_CODE,
            back=cell.get_absolute_url(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(cell)
    return redirect(job)


@login_required
def member_export(request, slug):
    cell = cell_with_perm(request, slug, "members.view_member_details")
    members = selectors.member_directory(cell, include_left=False)
    dataset = text_only(MemberResource(cell).export(queryset=members))
    response = HttpResponse(
        dataset.export("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = attachment_header(f"{cell.slug}-dang-vien-{stamp}.xlsx")
    return response
