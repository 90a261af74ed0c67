"""The worker that runs the jobs: django-tasks-db's, made to outlive what dies around it.

- The database restarts (an upgrade, a fail-over): the worker waits and connects again instead
  of exiting, so the jobs queued meanwhile do not wait for ever.
- A worker dies (killed, its machine lost): the jobs it ran stop writing their heartbeat
  (jobs.runner.Heartbeat). A worker that starts, or finds the database again, recovers those
  whose heartbeat has stopped (jobs.services.jobs_recover) at once, and has the others checked
  again once they can be judged: until no job is left running.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.utils import timezone
from django_tasks import task
from django_tasks_db.management.commands import db_worker

from jobs.models import Job
from jobs.services import jobs_recover

logger = logging.getLogger("cell05.jobs")

# Seconds between attempts to reach the database again; the last one repeats.
RECONNECT_WAITS = (1, 2, 5, 10, 30)


@task()
def recover_jobs() -> int:
    """Recover the jobs whose worker died, then check again later while any job runs."""
    return recover_now_and_later()


def recover_now_and_later() -> int:
    """Recover the jobs whose heartbeat has stopped; have those running now checked again once
    they can be judged, when their heartbeat would have been silent long enough."""
    recovered = jobs_recover()
    if Job.objects.running().exists():
        run_after = timezone.now() + timedelta(
            seconds=settings.JOB_STALLED_SECONDS + settings.JOB_HEARTBEAT_SECONDS
        )
        recover_jobs.using(run_after=run_after).enqueue()
    return recovered


class Worker(db_worker.Worker):
    def run(self) -> None:
        failures = 0
        while True:
            try:
                recover_now_and_later()
                failures = 0
                super().run()
                return
            except (OperationalError, InterfaceError):
                wait = RECONNECT_WAITS[min(failures, len(RECONNECT_WAITS) - 1)]
                failures += 1
                logger.warning(
                    "worker %s: the database cannot be reached; again in %s s",
                    self.worker_id,
                    wait,
                    exc_info=True,
                )
                connections.close_all()
                time.sleep(wait)
