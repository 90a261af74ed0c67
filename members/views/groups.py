"""Pages of the party groups: their list, a group created or edited, and its dated acts
(renamed, dissolved, merged into another)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cell05.pages import call_service
from members import selectors
from members.forms import GroupDissolveForm, GroupForm, GroupMergeForm, GroupRenameForm
from members.models import PartyGroup
from members.pages import cell_with_perm
from members.services import groups as group_services
from members.views.cells import dated_act


def _group(request, slug, pk):
    cell = cell_with_perm(request, slug, "members.manage_cell")
    return cell, get_object_or_404(PartyGroup, cell=cell, pk=pk)


@login_required
def group_rename(request, slug, pk):
    cell, group = _group(request, slug, pk)
    return dated_act(
        request,
        cell=cell,
        form=GroupRenameForm(request.POST or None),
        call=lambda data: group_services.group_rename(actor=request.user, group=group, **data),
        done=_("The party group %(name)s was renamed.") % {"name": group.name},
        back=reverse("members:group_list", kwargs={"slug": cell.slug}),
        heading=_("Rename the party group %(name)s") % {"name": group.name},
        intro=_("What is dated before the day keeps the former name."),
    )


@login_required
def group_dissolve(request, slug, pk):
    cell, group = _group(request, slug, pk)
    return dated_act(
        request,
        cell=cell,
        form=GroupDissolveForm(request.POST or None),
        call=lambda data: group_services.group_dissolve(actor=request.user, group=group, **data),
        done=_("The party group %(name)s was dissolved.") % {"name": group.name},
        back=reverse("members:group_list", kwargs={"slug": cell.slug}),
        heading=_("Dissolve the party group %(name)s") % {"name": group.name},
        intro=_("The group is kept: the reports of the days before count it. Move its members first."),
    )


@login_required
def group_merge(request, slug, pk):
    cell, group = _group(request, slug, pk)
    return dated_act(
        request,
        cell=cell,
        form=GroupMergeForm(request.POST or None, group=group),
        call=lambda data: group_services.group_merge(actor=request.user, group=group, **data),
        done=_("The party group %(name)s was merged.") % {"name": group.name},
        back=reverse("members:group_list", kwargs={"slug": cell.slug}),
        heading=_("Merge the party group %(name)s into another") % {"name": group.name},
        intro=_("Its members move to the other group on that day, and the group is dissolved."),
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
            lambda: group_services.group_create(
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
            lambda: group_services.group_update(
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
