"""A report's PDF, a cell's or a committee's: laid out by the worker (once per state of the
report, kept in the cache), and making the report final with it and its figures."""

import hashlib

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cell05.downloads import download_name
from cell05.pdf import html_to_pdf, print_html
from cell05.services import save_logged
from cell05.versions import bump
from cell05.workflow import move, require_role
from jobs.models import Job
from jobs.runner import JobOutput
from jobs.services import job_start
from reports.services.editing import check_placed, locked_report, section_texts
from reports.services.kinds import KINDS, AnyReport, kind_of
from reports.workflow import workflow_of

GAPS_REFUSAL = gettext_lazy(
    "Some sentences state a figure that is nothing or are still to be written (see the list above the "
    "report): write them first."
)


def finalisable(document: dict) -> bool:
    """Whether the report laid out as `document` may be made final, beside its state: not while
    a sentence states a figure that is nothing or is still to be written (its gaps). Not a guard
    of the workflow table: the gaps are the document's, laid out from every figure, which a guard
    would assemble at each check of the permission."""
    return not document["gaps"]


def check_finalisable(document: dict) -> None:
    if not finalisable(document):
        raise ValidationError(GAPS_REFUSAL)


def _freeze(locked, *, actor, document: dict, pdf: bytes) -> None:
    """Keep the figures and the PDF the report was read with: later changes to the records no
    longer change it. A report with a sentence whose figure is nothing is refused."""
    check_finalisable(document)
    table = workflow_of(locked)
    locked.final_figures = document["figures"]
    move(table, "finalise", locked)
    locked.finalised_at = timezone.now()
    locked.final_pdf.save(f"{locked.number_symbol}.pdf", ContentFile(pdf), save=False)
    bump(locked)
    save_logged(locked, actor=actor, action=table["finalise"].history)


def _freeze_printed(printed, *, related, actor, document: dict, pdf: bytes):
    """Make final a report that the worker printed, with the figures and the PDF it printed,
    unless the report was saved since it was read."""
    with transaction.atomic():
        current = locked_report(printed, "finalise", *related)
        if current.revision != printed.revision:
            raise ValidationError(_("The report was edited while it was printed: make it final again."))
        _freeze(current, actor=actor, document=document, pdf=pdf)
    return current


@transaction.atomic
def report_finalise(*, actor, report: AnyReport) -> AnyReport:
    """Make the report, a cell's or a committee's, final with the figures and the PDF as they
    are now, laid out here (the commands and the tests); the report's page asks the worker
    (`report_print`)."""
    kind = kind_of(report)
    locked = locked_report(report, "finalise", *kind.related, actor=actor)
    document = kind.document(locked, lambda *args: None)
    _freeze(locked, actor=actor, document=document, pdf=pdf_once(document))
    if kind.told is not None:
        kind.told(locked)
    return locked


def report_print_start(*, actor, report: AnyReport, final: bool, language: str = "vi", back: str = "") -> Job:
    """Ask the worker for the PDF of a cell's or a committee's report (with `final`, to make it
    final with it). Refused, naming the section, when a text with its figures placed is over the
    limits. A report is printed once at a time: asked again while its print waits or runs, the
    same job is returned, whoever asks."""
    check_placed(report, section_texts(report))
    kind = kind_of(report)
    return job_start(
        actor=actor,
        kind=kind.job,
        parameters={"report": report.pk, "final": final},
        language=language,
        back=back,
        join=True,
        **{kind.owner: getattr(report, kind.owner)},
    )


def report_print(job: Job, progress) -> JobOutput:
    """The worker's part of a cell's or a committee's report: its PDF; with `final`, the report
    is then made final with these figures and this PDF, unless it was saved meanwhile. A
    sentence whose figure is nothing makes the job fail and say so."""
    kind = next(kind for kind in KINDS if kind.job == job.kind)
    report = kind.model.objects.select_related(*kind.related).get(
        pk=job.parameters["report"], **{kind.owner: getattr(job, kind.owner)}
    )
    final = job.parameters.get("final", False)
    if final:
        require_role(workflow_of(report), "finalise", job.requested_by, report)
    steps = kind.steps(report)
    document = kind.document(report, progress)
    # A text saved before its figures grew (or before this check) is not laid out either.
    check_placed(report, section_texts(report), document["tokens"])
    progress(steps - 1, steps, _("Laying out the PDF"))
    pdf = pdf_once(document)
    if final:
        _freeze_printed(report, related=kind.related, actor=job.requested_by, document=document, pdf=pdf)
        if kind.told is not None:
            kind.told(report)
    # The last step is always written: the job's page says it is done, not the last year counted.
    progress(steps, steps, _("Done"))
    return JobOutput(
        file_name=download_name(report.file_title, "pdf"),
        content=pdf,
        summary=kind.summary(report, document),
    )


# A PDF is kept under the hash of its HTML, which holds all that it shows: the same state of a
# report is laid out once (the worker's print, then making it final), a changed one again.
PDF_SECONDS = 24 * 60 * 60
# The one template both kinds of report print through: each document says its own issuer,
# signature and appendix.
PRINT_TEMPLATE = "reports/report_print.html"


def pdf_once(document: dict) -> bytes:
    """The PDF of a report's document, a cell's or a committee's, from the cache when this HTML
    was laid out before."""
    html = print_html(PRINT_TEMPLATE, document)
    key = f"reports:pdf:{hashlib.sha256(html.encode()).hexdigest()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = html_to_pdf(html)
        cache.set(key, pdf, PDF_SECONDS)
    return pdf
