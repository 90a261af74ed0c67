"""The import of a past year's records: the template, the upload and its preview, the
confirmation that has the worker import it. Views parse the request and call the importer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cell05.downloads import attachment_header
from jobs.choices import JobKind
from jobs.services import job_start
from members import import_file
from members.jobs import purge_import_previews, schedule_import_previews_purge
from members.pages import cell_with_perm
from operations.forms import YearImportForm
from operations.year_import import year_plan
from operations.year_import.sheets import KIND_COLUMN, column_guide, template_workbook

PERMISSION = "operations.import_year"
IMPORT_SESSION_KEY = "year_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _drop_previewed_file(request) -> None:
    """Forget the file this session previewed, and delete its copy: it holds personal data."""
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    if pending:
        import_file.preview_remove(pending["name"])


@login_required
def year_import_template(request, slug):
    cell_with_perm(request, slug, PERMISSION)
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = attachment_header("mau-nhap-nam.xlsx")
    return response


@login_required
def year_import(request, slug):
    """Step one: upload, then a preview of what each row would create or why it is refused;
    nothing is saved yet."""
    cell = cell_with_perm(request, slug, PERMISSION)
    form = YearImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        purge_import_previews()
        # A new upload replaces the file previewed before it.
        _drop_previewed_file(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = year_plan(cell=cell, year=data["year"], sheets=data["sheets"], file_name=data["file"].name)
        if not plan.refusals and plan.has_new:
            request.session[IMPORT_SESSION_KEY] = {
                "cell": cell.slug,
                "year": plan.year,
                "name": import_file.preview_save(data["content"]),
                "format": data["format"],
                "file_name": data["file"].name,
            }
            schedule_import_previews_purge()
        return render(request, "operations/year_import_preview.html", {"cell": cell, "plan": plan})
    return render(
        request,
        "operations/year_import.html",
        {"cell": cell, "form": form, "sheets": column_guide(), "kind_column": KIND_COLUMN},
    )


@login_required
@require_POST
def year_import_confirm(request, slug):
    """Step two: the same file, stored at step one, is imported by the worker, which deletes it
    once imported."""
    cell = cell_with_perm(request, slug, PERMISSION)
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    if not pending or pending["cell"] != cell.slug:
        messages.error(request, _("There is no previewed file to import; upload it again."))
        return redirect("operations:year_import", slug=cell.slug)
    try:
        job = job_start(
            actor=request.user,
            kind=JobKind.YEAR_IMPORT,
            cell=cell,
            parameters={key: pending[key] for key in ("year", "name", "format", "file_name")},
            language=request.LANGUAGE_CODE,
            back=reverse("plans:year_list", kwargs={"slug": cell.slug}),
        )
    except ValidationError as error:
        # Refused (the person has too many jobs unfinished): the previewed copy is not kept.
        import_file.preview_remove(pending["name"])
        messages.error(request, " ".join(error.messages))
        return redirect("operations:year_import", slug=cell.slug)
    return redirect(job)


@login_required
@require_POST
def year_import_cancel(request, slug):
    """The previewed file is not imported: its copy is deleted at once."""
    cell = cell_with_perm(request, slug, PERMISSION)
    _drop_previewed_file(request)
    messages.success(request, _("The import was cancelled and the uploaded file deleted."))
    return redirect("plans:year_list", slug=cell.slug)
