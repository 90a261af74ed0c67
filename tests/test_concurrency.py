"""Two people change the same record at the same moment: one wins, the other is told, and
the database holds one consistent result. PostgreSQL locks the rows; SQLite takes its write
lock when a transaction begins, so that its writers wait for each other instead of failing."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from cell05.versions import StaleEdit
from oversight import services as oversight_services
from oversight.choices import CaseState, Conclusion
from oversight.models import Case
from plans.choices import PledgeState
from plans.models import Pledge
from plans.services import pledges as pledge_services
from tests.factories import make_case, make_pledge, make_study_year

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls):
    """Run the calls in threads that start together; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # the outcome under test, whatever it is
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_approve_and_return_of_the_same_pledge_at_once_one_wins_the_other_is_refused(world):
    pledge = make_pledge(world.member, make_study_year(world.cell), PledgeState.SUBMITTED)
    seen = pledge.version
    results = race(
        lambda: pledge_services.pledge_approve(actor=world.leader.user, pledge=pledge, version=seen),
        lambda: pledge_services.pledge_return(
            actor=world.secretary.user, pledge=pledge, comment="Sửa", version=seen
        ),
    )
    winners = [result for result in results if isinstance(result, Pledge)]
    losers = [result for result in results if isinstance(result, StaleEdit)]
    assert (len(winners), len(losers)) == (1, 1), results
    stored = Pledge.objects.get(pk=pledge.pk)
    assert (stored.state, stored.version) == (winners[0].state, seen + 1)
    assert stored.state in (PledgeState.APPROVED, PledgeState.DRAFT)
    assert stored.history.count() == 2  # created, then the one change that won


def test_two_edits_of_the_same_draft_at_once_keep_one_whole_version(world):
    pledge = make_pledge(world.member, make_study_year(world.cell), items=1)
    item = pledge.items.get()
    seen = pledge.version

    def edit(actor, text):
        items = [
            {"id": item.pk, "action": text, "aspect": "ethics", "target": "Đúng hạn", "timeframe": "Cả năm"}
        ]
        return pledge_services.pledge_update(actor=actor, pledge=pledge, version=seen, items=items)

    results = race(
        lambda: edit(world.member.user, "Bản của đảng viên"),
        lambda: edit(world.secretary.user, "Bản của bí thư"),
    )
    winner = next(result for result in results if isinstance(result, Pledge))
    assert sum(isinstance(result, StaleEdit) for result in results) == 1
    assert list(Pledge.objects.get(pk=pledge.pk).items.values_list("action", flat=True)) == [
        winner.items.get().action
    ]


def test_two_conclusions_of_the_same_case_at_once_keep_the_first(world):
    case = make_case(world.cell, [world.member], state=CaseState.IN_PROGRESS)

    def conclude(actor, conclusion):
        data = {"findings": f"Kết luận {conclusion}", "conclusion": conclusion, "violations": "Vi phạm"}
        return oversight_services.case_conclude(actor=actor, case=case, data=data, end_on=date(2026, 3, 1))

    results = race(
        lambda: conclude(world.secretary.user, Conclusion.GOOD),
        lambda: conclude(world.committee_member.user, Conclusion.VIOLATION),
    )
    winners = [result for result in results if isinstance(result, Case)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert (len(winners), len(refused)) == (1, 1)
    stored = Case.objects.get(pk=case.pk)
    assert (stored.state, stored.conclusion) == (CaseState.CONCLUDED, winners[0].conclusion)


def test_a_double_tap_on_begin_my_pledge_makes_one_pledge(world):
    study_year = make_study_year(world.cell)
    results = race(
        lambda: pledge_services.pledge_start(
            actor=world.member.user, member=world.member, study_year=study_year
        ),
        lambda: pledge_services.pledge_start(
            actor=world.member.user, member=world.member, study_year=study_year
        ),
    )
    assert all(isinstance(result, Pledge) for result in results), results
    assert results[0].pk == results[1].pk
    assert Pledge.objects.filter(member=world.member, study_year=study_year).count() == 1


def test_ten_taps_at_once_on_begin_my_pledge_answer_without_error_and_make_one_pledge(world):
    study_year = make_study_year(world.cell)
    url = reverse("plans:my_pledge", args=[world.cell.slug, study_year.year])
    browsers = []
    for _ in range(10):
        browser = Client()
        browser.force_login(world.member.user)
        browsers.append(browser)
    results = race(*(lambda browser=browser: browser.post(url) for browser in browsers))
    assert [getattr(result, "status_code", result) for result in results] == [302] * 10
    pledge = Pledge.objects.get(member=world.member, study_year=study_year)
    # The tap that began it opens the form; the others find it begun and open it.
    edit, detail = reverse("plans:pledge_edit", args=[world.cell.slug, pledge.pk]), pledge.get_absolute_url()
    assert {result.url for result in results} <= {edit, detail}
