"""What the tests of plans/ share: the rota of a cell, what the page of a Monday session posts,
the address of a study year's page, the personas of a pledge's workflow and their users."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from plans.models import MondaySession


def rota(cell, year):
    return list(MondaySession.objects.filter(cell=cell, day__year=year).order_by("day"))


def next_monday(weeks: int = 1) -> date:
    today = timezone.localdate()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7) + timedelta(weeks=weeks - 1)


def record_data(reader, story=None, state="held", attendance=24, reason="", version=1):
    return {
        "state": state,
        "reader": reader.pk if reader else "",
        "story": story.pk if story else "",
        "attendance": "" if attendance is None else attendance,
        "note": "",
        "not_held_reason": reason,
        "version": version,
    }


def record_url(session):
    return reverse("plans:monday_record", kwargs={"slug": session.cell.slug, "pk": session.pk})


def year_url(name, world, **extra):
    return reverse(f"plans:{name}", kwargs={"slug": world.cell.slug, "year": world.study_year.year, **extra})


# The personas of a pledge's workflow, and the user each signs in as.
PERSONAS = [
    "owner",
    "other_member",
    "leader",
    "other_leader",
    "secretary",
    "committee_member",
    "staff",
    "other_secretary",
]


def user_of(world, persona):
    person = getattr(world, persona)
    return getattr(person, "user", person)
