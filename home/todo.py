"""The work waiting for each role, listed on the home page: one function per role, each made of
the apps' selectors, in a number of queries that grows with neither the cell nor the committee.

Each entry links to its record and says since when it waits (`since`, a day, and `days`)."""

from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from figures import across_cells
from members import selectors as member_selectors
from members.models import Member
from oversight import selectors as oversight_selectors
from plans.models import StudyYear
from plans.selectors import monday as monday_selectors
from plans.selectors import pledges as pledge_selectors
from plans.selectors import years as year_selectors
from reports import selectors as report_selectors

# A review waiting longer than this at a group leader is shown to the cell committee.
LATE_REVIEW_DAYS = 7


def waiting(since: date | datetime | None, today: date) -> dict:
    """Since which day something waits and for how many days (`due_in`: the days before a
    day still to come); nothing for a record entered without its date."""
    if since is None:
        return {"since": None, "days": None, "due_in": None}
    day = timezone.localdate(since) if isinstance(since, datetime) else since
    days = (today - day).days
    return {"since": day, "days": max(days, 0), "due_in": -days if days < 0 else None}


def _pledge_entries(pledges, action: str, study_year: StudyYear, today: date) -> list[dict]:
    return [
        {
            "record": pledge,
            "url": pledge.get_absolute_url(),
            **waiting(pledge_selectors.waiting_since(pledge, action, study_year), today),
        }
        for pledge in pledges
    ]


def _member_entries(members, study_year: StudyYear, today: date) -> list[dict]:
    """Members without a handed-in pledge: the link opens the draft, or else the member."""
    deadline = study_year.pledge_deadline
    days_left = (deadline - today).days if deadline else None
    late: dict[str, date | int | None] = {"deadline": deadline, "days_left": None, "days_late": None}
    if days_left is not None:
        late["days_left" if days_left >= 0 else "days_late"] = abs(days_left)
    entries = []
    for member in members:
        if member.pledge_pk:
            url = reverse("plans:pledge_detail", kwargs={"slug": member.cell.slug, "pk": member.pledge_pk})
        else:
            url = member.get_absolute_url()
        returned = (
            {"by": member.returned_by, "comment": member.returned_comment}
            if member.returned_comment
            else None
        )
        entries.append(
            {"record": member, "url": url, "draft": bool(member.pledge_pk), "returned": returned, **late}
        )
    return entries


def _session_entries(sessions, today: date) -> list[dict]:
    return [{"record": session, **waiting(session.day, today)} for session in sessions]


def leader_todo(member: Member, study_year: StudyYear | None) -> dict | None:
    """A group leader's work: the groups' pledges to review, their members who have handed in
    no pledge (with the days left to the deadline), the self-assessments due, the Monday turns
    to record and the next one. None for a member who leads no group."""
    groups = member_selectors.groups_led_by(member)
    if not groups:
        return None
    today = timezone.localdate()
    todo = {
        "groups": groups,
        "to_record": _session_entries(monday_selectors.sessions_to_record(member.cell, groups=groups), today),
        "next_turn": monday_selectors.next_turn_of_groups(groups),
        "to_review": [],
        "not_started": [],
        "to_self_assess": [],
    }
    if study_year is not None:
        todo["to_review"] = _pledge_entries(
            pledge_selectors.pledges_waiting_for("approve", study_year, groups=groups, not_of=member),
            "approve",
            study_year,
            today,
        )
        todo["not_started"] = _member_entries(
            pledge_selectors.members_without_pledge(study_year, groups=groups), study_year, today
        )
        if pledge_selectors.self_assessment_open(study_year):
            todo["to_self_assess"] = _pledge_entries(
                pledge_selectors.pledges_waiting_for("self_assess", study_year, groups=groups),
                "self_assess",
                study_year,
                today,
            )
    return todo


def committee_todo(member: Member, study_year: StudyYear | None) -> dict:
    """The cell committee's work: pledges to rate, members without a pledge, reviews late at a
    leader, cases whose conclusion or fix is due, Monday sessions not recorded, report drafts,
    and the year's progress per group."""
    cell = member.cell
    today = timezone.localdate()
    # cases_due gives each case its `due_on`, which the model does not declare.
    cases = [
        {"record": case, "url": case.get_absolute_url(), **waiting(case.due_on, today)}  # type: ignore[attr-defined]
        for case in oversight_selectors.cases_due(cell, today)
    ]
    todo = {
        "cases": cases,
        "to_record": _session_entries(monday_selectors.sessions_to_record(cell), today),
        "drafts": [
            {"record": report, "url": report.get_absolute_url()}
            for report in report_selectors.report_drafts(cell)
        ],
        "to_evaluate": [],
        "without_pledge": [],
        "late_reviews": [],
        "groups": [],
        "late_review_days": LATE_REVIEW_DAYS,
    }
    if study_year is not None:
        todo["to_evaluate"] = _pledge_entries(
            pledge_selectors.pledges_waiting_for("evaluate", study_year, not_of=member),
            "evaluate",
            study_year,
            today,
        )
        todo["without_pledge"] = _member_entries(
            pledge_selectors.members_without_pledge(study_year), study_year, today
        )
        late = timezone.now() - timedelta(days=LATE_REVIEW_DAYS)
        todo["late_reviews"] = _pledge_entries(
            pledge_selectors.pledges_waiting_for("approve", study_year, before=late),
            "approve",
            study_year,
            today,
        )
        todo["groups"] = year_selectors.group_progress(study_year)
    return todo


def office_todo(cells) -> dict:
    """The superior office's view of the cells it reads: by the year's progress with those
    behind, and the final reports they sent."""
    year = timezone.localdate().year
    progress = across_cells.cells_progress(cells, year)
    return {
        "year": year,
        "progress": progress,
        "behind": [row for row in progress if row["behind"]],
        "received": list(report_selectors.reports_received(cells)),
    }
