"""The worker's side of `manage.py province_dataset` (jobs.runner runs it)."""

from django.utils.translation import gettext as _

from devtools.province import ProvinceExists, build_province
from jobs.models import Job
from jobs.runner import JobFailed, JobOutput


def make_province(job: Job, progress) -> JobOutput:
    """A made-up province to measure cell05 at scale (`manage.py province_dataset`)."""
    parameters = job.parameters
    try:
        committees = build_province(
            cells=parameters["cells"],
            committees=parameters["committees"],
            years=parameters["years"],
            prefix=parameters["prefix"],
            progress=progress,
        )
    except (ProvinceExists, ValueError) as error:
        raise JobFailed(str(error)) from None
    return JobOutput(
        summary=_("%(cells)s cells under %(committees)s superior committees, %(years)s years.")
        % {"cells": parameters["cells"], "committees": len(committees), "years": parameters["years"]}
    )
