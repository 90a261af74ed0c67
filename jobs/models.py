import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cell05.reversing import reverse
from cell05.uploads import upload_path
from jobs.choices import JobKind, JobState

# A job queued this long means that no worker is taking jobs: its page says so.
WAITING_LONG_SECONDS = 30


class JobQuerySet(models.QuerySet):
    def running(self):
        return self.filter(state=JobState.RUNNING)

    def unfinished(self):
        return self.filter(state__in=(JobState.QUEUED, JobState.RUNNING))

    def stalled(self):
        """Running, but silent for longer than a heartbeat can be (Job.is_stalled)."""
        quiet_since = timezone.now() - timedelta(seconds=settings.JOB_STALLED_SECONDS)
        return self.running().filter(updated_at__lt=quiet_since)


class Job(models.Model):
    """Long work done by the worker (`manage.py db_worker`) for a person: its progress while it
    runs, then the file it made or why it failed. `attempt` counts the runs; a run only writes
    to the job while it is the latest, so a retried job ignores a worker that comes back. Its
    cell and committee are named by label, so that this kernel app imports no domain app."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=JobKind.choices)
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
    )
    # Who asked for the same work while it waited or ran, and was given this job (jobs.services).
    joined_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("also asked for by"), blank=True, related_name="joined_jobs"
    )
    cell = models.ForeignKey(
        "members.Cell",
        verbose_name=_("cell"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
    )
    committee = models.ForeignKey(
        "members.SuperiorCommittee",
        verbose_name=_("superior committee"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    progress_done = models.PositiveIntegerField(_("steps done"), default=0)
    progress_total = models.PositiveIntegerField(_("steps in all"), default=0)
    progress_message = models.CharField(_("current step"), max_length=200, blank=True)
    result = models.FileField(_("result"), upload_to=upload_path, blank=True)
    result_name = models.CharField(_("name of the result"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    error = models.TextField(_("why it failed"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last news at"), auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="job_of_user_newest")]
        # The table the jobs had when they lived in reports (issue 13): moved without a copy.
        db_table = "reports_job"

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("jobs:job_detail", kwargs={"pk": self.pk})

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    def _quiet_for(self, seconds: int) -> bool:
        return self.updated_at < timezone.now() - timedelta(seconds=seconds)

    @property
    def is_stalled(self) -> bool:
        """Running, but its heartbeat silent (jobs.runner.Heartbeat): its worker has gone."""
        return self.state == JobState.RUNNING and self._quiet_for(settings.JOB_STALLED_SECONDS)

    @property
    def is_waiting_long(self) -> bool:
        """Queued (at its creation or its retry) so long ago that no worker can be running."""
        return self.state == JobState.QUEUED and self._quiet_for(WAITING_LONG_SECONDS)
