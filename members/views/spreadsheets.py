"""The member list as a spreadsheet: its import in three steps (an upload with a preview that
saves nothing, then the import confirmed or cancelled), and its export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cell05.downloads import attachment_header
from cell05.spreadsheets import text_only
from jobs.choices import JobKind
from jobs.services import job_start
from members import import_file, selectors
from members.forms import MemberImportForm
from members.jobs import purge_import_previews, schedule_import_previews_purge
from members.pages import cell_with_perm
from members.resources import MemberResource, column_guide, import_problems
from members.services import imports as import_services

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
        result = import_services.members_import(actor=request.user, cell=cell, dataset=dataset, dry_run=True)
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
