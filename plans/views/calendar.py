"""The calendar feed that a member's phone polls at a secret address, without signing in, and
the button with which the member renews that address.

The feed holds the member's Monday turns, the group's, the cell's study sessions and the
year's pledge deadline, as all-day events of the cell's own days, each with a UID that stays
the same from one poll to the next so that a phone updates an event instead of adding it again.
"""

from datetime import timedelta

import icalendar
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cell05.middleware import sessionless
from members.pages import cell_with_perm
from members.rules import current_member
from plans.selectors import calendar as calendar_selectors
from plans.services import calendar as calendar_services
from plans.workflow import MONDAY_WORKFLOW

# How long a phone or a browser may keep a copy before asking again. Never a shared cache
# (private): a renewed address must stop working for everyone but the phone's own copy.
FEED_MAX_AGE = 60 * 60
REFRESH = timedelta(hours=1)  # how often the feed asks a calendar app to poll it


# The session keeps a new address until the rota page shows it, once: the database keeps only
# the secret's hash, so the address cannot be shown again.
NEW_ADDRESS = "calendar_new_address"


def calendar_box(request, cell) -> dict | None:
    """What the rota page shows of the user's own feed: None for whoever has none in the cell
    (the superior committee's office); whether an address has been made, and when; the address
    itself, in both forms, only right after it was made: a phone opens webcal:// in its calendar
    app, a calendar on the web takes https://."""
    if not request.user.has_perm("plans.subscribe_calendar", cell):
        return None
    token = calendar_selectors.calendar_token_of(current_member(request.user))
    new = request.session.pop(NEW_ADDRESS, None)
    if token is None:
        return {"token": None, "addresses": []}
    if new is None or new["key"] != token.key:
        return {"token": token, "addresses": []}
    url = request.build_absolute_uri(reverse("plans:calendar_feed", kwargs=new))
    return {"token": token, "addresses": [("webcal", "webcal://" + url.split("://", 1)[1]), ("https", url)]}


@login_required
@require_POST
def calendar_renew(request, slug):
    cell = cell_with_perm(request, slug, "plans.view_monday")
    token, secret, created = calendar_services.calendar_address_renew(actor=request.user, cell=cell)
    request.session[NEW_ADDRESS] = {"key": token.key, "secret": secret}
    if created:
        messages.success(request, _("Your calendar address is ready: add it to your phone's calendar."))
    else:
        messages.success(
            request,
            _(
                "Your calendar has a new address and the old one no longer works: "
                "add the new one to your phone's calendar."
            ),
        )
    return redirect(reverse("plans:monday_rota", kwargs={"slug": cell.slug}) + "#calendar")


def _event(uid: str, day, summary: str, description: list[str], stamp) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    # All day, on the date the cell keeps: a date has no time zone to shift it.
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    if description:
        event.add("description", "\n".join(description))
    event.add("transp", "TRANSPARENT")  # a reminder of the day, not a busy morning
    return event


def feed_calendar(feed: dict, *, domain: str) -> icalendar.Calendar:
    """The iCalendar document of a member's feed, in the active language."""
    member, stamp = feed["member"], timezone.now()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//cell05//Directive 05//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = _("Directive 05 calendar of %(cell)s") % {"cell": feed["cell"].name}
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    for session in feed["monday_sessions"]:
        if session.reader_id == member.pk:
            summary = _("Monday session: you read (%(group)s)") % {"group": session.group_name}
        else:
            summary = _("Monday session: %(group)s") % {"group": session.group_name}
        description = [f"{_('Party group')}: {session.group_name}"]
        if session.reader is not None:
            description.append(f"{_('Reader')}: {session.reader.full_name}")
        if session.story is not None:
            description.append(f"{_('Material')}: {session.story.title}")
        not_held = session.state == MONDAY_WORKFLOW["mark_not_held"].target
        if not_held:
            description.append(f"{session.get_state_display()}: {session.not_held_reason}")
        event = _event(f"monday-session-{session.pk}@{domain}", session.day, summary, description, stamp)
        if not_held:
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    for session in feed["study_sessions"]:
        summary = _("Study session: %(form)s") % {"form": session.get_form_display()}
        calendar.add_component(
            _event(f"study-session-{session.pk}@{domain}", session.held_on, summary, [session.content], stamp)
        )
    study_year = feed["study_year"]
    if study_year is not None:
        calendar.add_component(
            _event(
                f"pledge-deadline-{study_year.pk}@{domain}",
                study_year.pledge_deadline,
                _("Deadline for pledges"),
                [study_year.theme],
                stamp,
            )
        )
    return calendar


@sessionless
@require_safe
def calendar_feed(request, key, secret):
    """The feed at its secret address: no sign-in, no session; 404 for any other address."""
    feed = calendar_selectors.calendar_feed(calendar_selectors.feed_member(key, secret))
    # A phone has no session to carry the interface's language: the feed speaks the site's.
    with translation.override(settings.LANGUAGE_CODE):
        body = feed_calendar(feed, domain=request.get_host()).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="chi-thi-05.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, max_age=FEED_MAX_AGE)
    return response
