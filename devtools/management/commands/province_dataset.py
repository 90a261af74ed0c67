"""`python manage.py province_dataset`: queue the building of a made-up province for the worker.

The job's progress shows on its page (/jobs/<id>/, for administrators) and, with --wait, here.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from jobs.choices import JobKind, JobState
from jobs.models import Job
from jobs.services import job_start


class Command(BaseCommand):
    help = "Queue a background job that fills the database with a made-up province (for measuring)."

    def add_arguments(self, parser):
        parser.add_argument("--cells", type=int, default=4000)
        parser.add_argument("--committees", type=int, default=40)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--prefix", default="tinh", help="the first word of the generated cells' slugs")
        parser.add_argument("--wait", action="store_true", help="follow the job's progress until it ends")

    def handle(self, *, cells, committees, years, prefix, wait, **options):
        if min(cells, committees, years) < 1 or cells < committees:
            raise CommandError("--committees and --years must be at least 1; --cells at least --committees.")
        job = job_start(
            actor=None,
            kind=JobKind.PROVINCE_DATASET,
            parameters={"cells": cells, "committees": committees, "years": years, "prefix": prefix},
        )
        self.stdout.write(f"job {job.pk} queued; its page: /jobs/{job.pk}/ (run `manage.py db_worker`)")
        if not wait:
            return
        while True:
            job = Job.objects.get(pk=job.pk)
            self.stdout.write(f"{job.get_state_display()}: {job.percent}% {job.progress_message}")
            if job.state == JobState.DONE:
                self.stdout.write(job.summary)
                return
            if job.state == JobState.FAILED:
                raise CommandError(job.error)
            time.sleep(2)
