"""Every action of the job's workflow table, from every state and for every role: the retry and
the permissions agree with the table, and a running job may be retried only once it has stalled.
The administrator acts as the table says, not with Django's blanket permission of a superuser."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.utils import timezone

from cell05.workflow import user_may
from jobs.choices import JobKind, JobState
from jobs.models import Job
from jobs.services import job_retry
from jobs.workflow import JOB_WORKFLOW
from tests.factories import JobFactory, make_user

pytestmark = pytest.mark.django_db

# Whoever asked for the job and the administrator may act; another person of the office may not.
PERSONAS = ["requester", "colleague", "admin"]
ACTORS = {"requester", "admin"}


@pytest.fixture
def people(world):
    return {
        # The committee whose table the job prints, for whom it is read.
        "committee": world.committee,
        "requester": world.staff,
        "colleague": make_user("vanphong-khac"),
        "admin": make_user("quantri", is_superuser=True),
    }


def job_in(people, state, *, stalled=False):
    job = JobFactory(
        kind=JobKind.COMMITTEE_PDF,
        requested_by=people["requester"],
        committee=people["committee"],
        state=state,
    )
    if stalled:
        Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    return Job.objects.get(pk=job.pk)


def test_the_table_has_the_actions_of_this_test():
    assert set(JOB_WORKFLOW) == {"retry", "download"}


@pytest.mark.parametrize(
    ("name", "state", "stalled"),
    [
        *[
            (name, state, False)
            for name, action in JOB_WORKFLOW.items()
            for state in JobState
            if state not in action.sources
        ],
        # A job running with news is not retried: its worker is at it.
        ("retry", JobState.RUNNING, False),
    ],
)
def test_from_a_state_outside_the_start_states_nobody_may_act(people, name, state, stalled):
    job = job_in(people, state, stalled=stalled)
    before = model_to_dict(Job.objects.get(pk=job.pk))
    for persona in PERSONAS:
        assert not user_may(JOB_WORKFLOW, name, people[persona], job)
    if name == "retry":
        with pytest.raises(ValidationError):
            job_retry(actor=people["requester"], job=job)
    assert model_to_dict(Job.objects.get(pk=job.pk)) == before


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "state"),
    [(name, state) for name, action in JOB_WORKFLOW.items() for state in sorted(action.sources)],
)
def test_from_a_start_state_exactly_the_requester_and_the_administrator_may_act(people, name, state, persona):
    action = JOB_WORKFLOW[name]
    # A running job is in the retry's start states once it has stalled.
    job = job_in(people, state, stalled=state == JobState.RUNNING)
    actor = people[persona]
    allowed = persona in ACTORS
    assert user_may(JOB_WORKFLOW, name, actor, job) is allowed
    if name != "retry":
        return
    if not allowed:
        with pytest.raises(PermissionDenied):
            job_retry(actor=actor, job=job)
        assert Job.objects.get(pk=job.pk).state == state
        return
    job_retry(actor=actor, job=job)
    assert (Job.objects.get(pk=job.pk).state, Job.objects.get(pk=job.pk).attempt) == (action.target, 2)
