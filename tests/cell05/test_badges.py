"""Each state of a record has the colour of its badge beside its choices, and the badge shows the
state's label in it."""

import pytest
from django.template import Context, Template

from plans.choices import MondayState, PledgeState
from plans.models import MondaySession, Pledge
from reports.choices import ReportState
from reports.models import CommitteeReport, Report


@pytest.mark.parametrize(
    ("model", "states"),
    [
        (Pledge, PledgeState),
        (MondaySession, MondayState),
        (Report, ReportState),
        (CommitteeReport, ReportState),
    ],
)
def test_every_state_has_the_colour_of_its_badge(model, states):
    assert set(model.STATE_BADGES) == set(states)


def test_the_badge_shows_the_label_of_the_state_in_its_colour():
    html = Template("{% load badges %}{% state_badge session %}").render(
        Context({"session": MondaySession(state=MondayState.NOT_HELD)})
    )
    assert html == f'<span class="badge text-bg-danger">{MondayState.NOT_HELD.label}</span>'
