"""Every action of the reports' workflow tables (the cell's report and the superior committee's),
from every state and for every role: the services, the permissions and the buttons of the report's
page agree with the tables."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.forms.models import model_to_dict
from django.urls import reverse

from jobs.choices import JobKind
from jobs.models import Job
from reports.choices import ReportState, SectionKey
from reports.document.texts import TO_WRITE
from reports.models import CommitteeReportSection, ReportSection
from reports.services import editing, printing
from reports.workflow import COMMITTEE_REPORT_WORKFLOW, REPORT_WORKFLOW
from tests.factories import CommitteeReportFactory, ReportFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["member", "leader", "secretary", "deputy", "committee_member", "staff", "other_secretary"]
# Who the tables' roles let act: the cell committee writes the cell's report, which the superior
# committee's office also reads; the office alone writes and reads its committee's report.
CELL_WRITERS = {"secretary", "deputy", "committee_member"}
ROLES = {
    "cell": {"writes": CELL_WRITERS, "reads": CELL_WRITERS | {"staff"}},
    "committee": {"writes": {"staff"}, "reads": {"staff"}},
}
ROLE_OF = {
    "edit": "writes",
    "print": "reads",
    "finalise": "writes",
    "download": "reads",
    "new_version": "writes",
}
# The actions that only read: the page asks their permission, no service changes the report.
READS = {"print", "download"}
TABLES = {"cell": REPORT_WORKFLOW, "committee": COMMITTEE_REPORT_WORKFLOW}


def user_of(world, persona):
    person = getattr(world, persona)
    return getattr(person, "user", person)


def report_in(world, owner, state):
    final = {"final_figures": {}} if state == ReportState.FINAL else {}
    if owner == "cell":
        report = ReportFactory(cell=world.cell, signer=world.secretary, state=state, **final)
        section_model = ReportSection
    else:
        # Named above and signed: a committee's report lacking either cannot be made final.
        world.committee.superior_name = "Đảng bộ thành phố Hà Nội"
        world.committee.save()
        report = CommitteeReportFactory(
            committee=world.committee, state=state, signer_name="Trần Văn Ủy", **final
        )
        section_model = CommitteeReportSection
    section_model.objects.bulk_create(
        section_model(report=report, key=key, text="Nội dung") for key in SectionKey.values
    )
    return report


def act(owner, name, actor, report):
    if name == "edit":
        return editing.report_update(
            actor=actor, report=report, data={"title": "Sơ kết"}, sections={}, version=report.revision
        )
    if name == "new_version":
        return editing.report_new_version(actor=actor, report=report)
    if owner == "cell":
        return printing.report_finalise(actor=actor, report=report)
    # The committee's report is made final by the worker that prints it.
    job = Job(
        kind=JobKind.COMMITTEE_REPORT,
        requested_by=actor,
        committee=report.committee,
        parameters={"report": report.pk, "final": True},
    )
    printing.report_print(job, lambda *args: None)
    return type(report).objects.get(pk=report.pk)


def test_the_tables_have_the_actions_of_this_test():
    assert set(REPORT_WORKFLOW) == set(COMMITTEE_REPORT_WORKFLOW) == set(ROLE_OF)


@pytest.mark.parametrize(
    ("owner", "name", "state"),
    [
        (owner, name, state)
        for owner, table in TABLES.items()
        for name, action in table.items()
        for state in ReportState
        if state not in action.sources
    ],
)
def test_from_a_state_outside_the_start_states_nobody_may_act(world, owner, name, state):
    report = report_in(world, owner, state)
    before = model_to_dict(type(report).objects.get(pk=report.pk))
    for persona in PERSONAS:
        assert not user_of(world, persona).has_perm(TABLES[owner][name].perm, report)
    if name in READS:
        return
    writer = world.secretary.user if owner == "cell" else world.staff
    with pytest.raises(ValidationError):
        act(owner, name, writer, report)
    assert model_to_dict(type(report).objects.get(pk=report.pk)) == before


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("owner", "name", "state"),
    [
        (owner, name, state)
        for owner, table in TABLES.items()
        for name, action in table.items()
        for state in sorted(action.sources)
    ],
)
def test_from_a_start_state_exactly_the_table_roles_may_act(world, owner, name, state, persona):
    action = TABLES[owner][name]
    report = report_in(world, owner, state)
    actor = user_of(world, persona)
    allowed = persona in ROLES[owner][ROLE_OF[name]]
    assert actor.has_perm(action.perm, report) is allowed
    if name in READS:
        return
    if not allowed:
        before = model_to_dict(type(report).objects.get(pk=report.pk))
        with pytest.raises(PermissionDenied):
            act(owner, name, actor, report)
        assert model_to_dict(type(report).objects.get(pk=report.pk)) == before
        return
    result = act(owner, name, actor, report)
    assert type(report).objects.get(pk=report.pk).state == (action.target or state)
    # A new version is a draft copy, whose history says so.
    assert result.history.first().history_change_reason == action.history


# The buttons of a report's page, of either kind, post to one view (reports.views.buttons.report_action).
BUTTONS = ("print", "finalise", "new_version")
KEPT_PDF = b"%PDF-1.4 the PDF kept when the report was made final"


def button_url(owner, name, report):
    if owner == "cell":
        return reverse(f"reports:report_{name}", kwargs={"slug": report.cell.slug, "pk": report.pk})
    return reverse(
        f"reports:committee_report_{name}", kwargs={"pk": report.committee_id, "report": report.pk}
    )


@pytest.mark.parametrize(
    ("owner", "name", "state"),
    [
        (owner, name, state)
        for owner, table in TABLES.items()
        for name in BUTTONS
        for state in ReportState
        if state not in table[name].sources
    ],
)
def test_a_button_pressed_in_a_state_outside_its_start_states_changes_nothing(
    world, login, owner, name, state
):
    report = report_in(world, owner, state)
    if state == ReportState.FINAL:
        report.final_pdf.save("kept.pdf", ContentFile(KEPT_PDF))
    before = model_to_dict(type(report).objects.get(pk=report.pk))
    writer = world.secretary if owner == "cell" else world.staff

    response = login(writer).post(button_url(owner, name, report), follow=name == "print")

    assert model_to_dict(type(report).objects.get(pk=report.pk)) == before
    assert type(report).objects.count() == 1
    assert not Job.objects.exists()
    if name == "print":
        # A final report's PDF is the one kept: nothing is laid out again.
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.getvalue() == KEPT_PDF
        return
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert [str(message) for message in get_messages(response.wsgi_request)] == [str(editing.REFUSAL[name])]


# The conditions of an action beside the state: the service refuses in the words a person reads,
# and the report's page shows no button for it.
OWNERS = ("cell", "committee")
NEWER_VERSION = "Báo cáo này đã có lần ban hành sau."
GAPS = (
    "Một số câu nêu số liệu bằng không hoặc còn phải viết (xem danh sách phía trên báo cáo). "
    "Đề nghị đồng chí viết các câu đó trước."
)


def writer_of(world, owner):
    return world.secretary if owner == "cell" else world.staff


def has_button(login, world, owner, name, report) -> bool:
    page = login(writer_of(world, owner)).get(report.get_absolute_url())
    assert page.status_code == 200
    return f'action="{button_url(owner, name, report)}"' in page.content.decode()


@pytest.mark.parametrize("owner", OWNERS)
def test_a_report_corrected_by_a_new_version_is_not_corrected_by_another(world, login, owner):
    writer = user_of(world, "secretary" if owner == "cell" else "staff")
    # Made final by the service: the page of a final report shows the figures it kept then.
    report = act(owner, "finalise", writer, report_in(world, owner, ReportState.DRAFT))
    assert has_button(login, world, owner, "new_version", report)
    editing.report_new_version(actor=writer, report=report)

    assert not has_button(login, world, owner, "new_version", report)
    with pytest.raises(ValidationError) as refused:
        editing.report_new_version(actor=writer, report=report)
    assert refused.value.messages == [NEWER_VERSION]
    response = login(writer).post(button_url(owner, "new_version", report))
    assert response["Location"] == report.get_absolute_url()
    assert [str(message) for message in get_messages(response.wsgi_request)] == [NEWER_VERSION]
    assert type(report).objects.count() == 2


@pytest.mark.parametrize("owner", OWNERS)
def test_a_report_with_a_passage_still_to_write_is_not_made_final(world, login, owner):
    report = report_in(world, owner, ReportState.DRAFT)
    writer = user_of(world, "secretary" if owner == "cell" else "staff")
    assert has_button(login, world, owner, "finalise", report)
    report.sections.update(text=f"Nội dung {TO_WRITE}.")

    assert not has_button(login, world, owner, "finalise", report)
    with pytest.raises(ValidationError) as refused:
        act(owner, "finalise", writer, report)
    assert refused.value.messages == [GAPS]
    assert type(report).objects.get(pk=report.pk).state == ReportState.DRAFT
