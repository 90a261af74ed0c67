"""Daily reminders: the worker makes them once a day, as one task of the queue (django-tasks)
that queues itself again for the next day, and which also removes the outbox's old sent
e-mails (notifications.outbox.outbox_purge). The apps that own the facts (a pledge deadline, a
Monday turn) register the work of their reminders here, from their AppConfig.ready, so that this
kernel app names none of them; each reminder carries a key that the database keeps once, so a
day run twice (two workers, a restart) reminds nobody twice.

It is first queued by `migrate` (the post_migrate signal, notifications.apps), which every
installation and every release runs; after that, each run queues the next.
"""

import logging
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from notifications.outbox import outbox_purge, outbox_schedule

logger = logging.getLogger("cell05.notifications")

# Each reminder's work: a function (*, today) -> the number of notifications it made.
REMINDERS: dict[str, str] = {}
# Local time (Asia/Ho_Chi_Minh): the reminders are in the mail before the working day.
DAILY_AT = time(6, 0)


def register(name: str, *, runner: str) -> None:
    """Have the daily task run `runner` (a dotted path). Called by the app that owns the facts."""
    if REMINDERS.get(name, runner) != runner:
        raise ImproperlyConfigured(f"The reminder {name} is registered twice: {REMINDERS[name]}, {runner}.")
    REMINDERS[name] = runner


def reminders_make(today: date) -> dict[str, int]:
    """Make every reminder due on `today`; one that fails does not stop the others."""
    made = {}
    for name, runner in sorted(REMINDERS.items()):
        try:
            made[name] = import_string(runner)(today=today)
        except Exception:
            logger.exception("reminder %s of %s failed", name, today)
    return made


def next_run(now: datetime) -> datetime:
    """The next DAILY_AT, local time."""
    local = timezone.localtime(now)
    day = local.date() if local.time() < DAILY_AT else local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, DAILY_AT))


@task()
def send_daily_reminders() -> dict[str, int]:
    made = reminders_make(timezone.localdate())
    logger.info("daily reminders: %s", made)
    schedule_daily_reminders()
    # Once a day at least, whatever stopped the sending task (a database away when it ran).
    schedule_outbox()
    outbox_purge(timezone.now())
    return made


def schedule_daily_reminders(**kwargs) -> None:
    """Queue the next run of the daily reminders, unless one is waiting already. Also the
    receiver of post_migrate, whose arguments it does not need."""
    waiting = DBTaskResult.objects.filter(
        task_path=send_daily_reminders.module_path, status=TaskResultStatus.READY
    ).exists()
    if not waiting:
        send_daily_reminders.using(run_after=next_run(timezone.now())).enqueue()


def schedule_outbox(**kwargs) -> None:
    """Queue the sending of the e-mails waiting, if they have none queued. Also the receiver of
    post_migrate, whose arguments it does not need."""
    outbox_schedule()
