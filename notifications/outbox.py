"""The outbox: the worker sends the e-mails that the services wrote (OutgoingEmail), never a
web request. A mail server that hangs or refuses costs the worker one connection attempt per
run (EMAIL_TIMEOUT), whatever the number of e-mails waiting; each e-mail is tried again after a
growing wait, and one that cannot be sent for two days, or whose address the server refuses,
is kept as not sent, with why, in the administrator's list.

One task of the queue (django-tasks) sends what is due and queues itself for the next e-mail
due; `outbox_schedule` queues it when none waits that soon. An e-mail is claimed by a
conditional update before it is sent, so two workers never send it twice; if the worker dies
while sending, the claim runs out and the e-mail is due again.

The daily run of the worker (notifications.reminders) removes the e-mails sent more than
SENT_EMAIL_DAYS ago (`outbox_purge`); those not sent stay for the administrator.
"""

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from notifications.choices import EmailState
from notifications.models import OutgoingEmail

logger = logging.getLogger("cell05.notifications")

# The wait after each failed attempt; after the last, the e-mail is given up (about two days).
BACKOFF_SECONDS = (60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600)
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1
# How many e-mails one run sends; the next run takes the rest at once.
BATCH = 100
# Ahead of the queued reports and back-ups: an e-mail takes a moment.
PRIORITY = 10


def claim_seconds() -> int:
    """How long a claimed e-mail belongs to its worker: longer than the SMTP exchange of one
    e-mail can take, each of its steps bounded by EMAIL_TIMEOUT."""
    return max(300, 10 * int(settings.EMAIL_TIMEOUT or 30))


def outbox_schedule() -> None:
    """Queue a run of the sending task for the next e-mail due, unless one is queued by then.
    Called in the transaction that writes an e-mail: both are written, or neither."""
    due = OutgoingEmail.objects.filter(state=EmailState.PENDING).aggregate(at=Min("next_attempt_at"))["at"]
    if due is not None:
        _run_at(max(due, timezone.now()))


def _run_at(moment: datetime) -> None:
    waiting = DBTaskResult.objects.filter(task_path=send_emails.module_path, status=TaskResultStatus.READY)
    if not waiting.filter(run_after__lte=moment).exists():
        send_emails.using(run_after=moment).enqueue()


def _claim(pk: int, now: datetime) -> OutgoingEmail | None:
    claimed = OutgoingEmail.objects.filter(pk=pk, state=EmailState.PENDING, next_attempt_at__lte=now).update(
        attempts=F("attempts") + 1, next_attempt_at=now + timedelta(seconds=claim_seconds())
    )
    return OutgoingEmail.objects.get(pk=pk) if claimed else None


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


def _refused_for_good(error: Exception) -> bool:
    """The server refused the address itself (5xx): trying again would change nothing."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _message in error.recipients.values()
    )


def _relay_lost(error: Exception) -> bool:
    """The connection failed (refused, timed out, dropped), not this e-mail: the others of the
    run would wait as long, so they are not tried."""
    if isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def _failed(email: OutgoingEmail, error: Exception, now: datetime) -> None:
    reason = _reason(error)
    if email.attempts >= MAX_ATTEMPTS or _refused_for_good(error):
        OutgoingEmail.objects.filter(pk=email.pk).update(state=EmailState.FAILED, last_error=reason)
        logger.error(
            "e-mail %s to %s given up after %s attempts: %s", email.pk, email.address, email.attempts, reason
        )
        return
    again = now + timedelta(seconds=BACKOFF_SECONDS[email.attempts - 1])
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=again, last_error=reason)
    logger.warning(
        "e-mail %s to %s not sent (attempt %s), again at %s: %s",
        email.pk,
        email.address,
        email.attempts,
        again.isoformat(timespec="seconds"),
        reason,
    )


def outbox_send() -> dict[str, int]:
    """Send the e-mails due now, over one connection. What became of them, by outcome."""
    now = timezone.now()
    due = list(
        OutgoingEmail.objects.filter(state=EmailState.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    counts = {"sent": 0, "failed": 0}
    if not due:
        return counts
    # If this worker dies while sending, the e-mails it claimed are due again when the claim
    # runs out: a run is queued for then.
    with transaction.atomic():
        _run_at(now + timedelta(seconds=claim_seconds()))
    connection = get_connection(fail_silently=False)
    relay_error = None
    try:
        connection.open()
    except Exception as error:
        relay_error = error
    try:
        for pk in due:
            email = _claim(pk, now)
            if email is None:
                continue  # another worker took it
            if relay_error is None:
                message = EmailMessage(
                    email.subject, email.body, None, [email.address], connection=connection
                )
                try:
                    message.send()
                except Exception as error:
                    if _relay_lost(error):
                        relay_error = error
                    else:
                        _failed(email, error, now)
                        counts["failed"] += 1
                        continue
                else:
                    OutgoingEmail.objects.filter(pk=pk).update(state=EmailState.SENT, sent_at=timezone.now())
                    counts["sent"] += 1
                    continue
            _failed(email, relay_error, now)
            counts["failed"] += 1
    finally:
        try:
            connection.close()
        except Exception:
            logger.warning("the connection to the mail server did not close cleanly", exc_info=True)
    return counts


def outbox_purge(now: datetime) -> int:
    """Remove the e-mails sent more than SENT_EMAIL_DAYS before `now`: what they told is in the
    notifications, and a sent e-mail needs nobody's attention. How many."""
    cutoff = now - timedelta(days=settings.SENT_EMAIL_DAYS)
    removed, _by_model = OutgoingEmail.objects.filter(state=EmailState.SENT, sent_at__lt=cutoff).delete()
    if removed:
        logger.info("outbox: %s e-mails sent before %s removed", removed, cutoff.isoformat())
    return removed


@task(priority=PRIORITY)
def send_emails() -> dict[str, int]:
    counts = outbox_send()
    if counts["sent"] or counts["failed"]:
        logger.info("e-mails: %s", counts)
    with transaction.atomic():
        outbox_schedule()
    return counts
