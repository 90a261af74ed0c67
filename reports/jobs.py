"""The reports' work in the worker (jobs.runner runs it; reports/apps.py registers it): the
committee's printed table here; the reports' PDFs in reports.services.printing, which make them final."""

from django.utils.translation import gettext as _

from cell05.downloads import download_name
from cell05.pdf import render_pdf
from cell05.routers import reading_from_replica
from jobs.models import Job
from jobs.runner import JobOutput
from reports.selectors import committee_table_context


def make_committee_pdf(job: Job, progress) -> JobOutput:
    """The superior committee's table over its cells, as a PDF, read from the replica if any."""
    first, last = job.parameters["start_year"], job.parameters["end_year"]
    progress(0, 2, _("Reading the figures of the cells"))
    with reading_from_replica():
        context = committee_table_context(job.committee, first, last)
    progress(1, 2, _("Laying out the PDF"))
    pdf = render_pdf("reports/committee_print.html", context)
    progress(2, 2, _("Done"))
    return JobOutput(
        file_name=download_name(f"{job.committee.name} {first}-{last}", "pdf"),
        content=pdf,
        summary=_("%(cells)s cells, %(first)s–%(last)s.")
        % {"cells": len(context["rows"]), "first": first, "last": last},
    )
