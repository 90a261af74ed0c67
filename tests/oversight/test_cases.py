from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from oversight import services
from oversight.choices import CaseKind, CaseState, Conclusion
from oversight.models import Case
from tests.factories import ProgrammeFactory, make_case, make_member
from tests.two_editors import refused_then_saved, signed_in

pytestmark = pytest.mark.django_db

PERSONAS = ["secretary", "committee_member", "leader", "member", "staff", "other_secretary"]
MANAGERS = {"secretary", "committee_member"}


def user_of(world, persona):
    person = getattr(world, persona)
    return getattr(person, "user", person)


def conclude(actor, case):
    return services.case_conclude(
        actor=actor,
        case=case,
        data={"findings": "Học tập đầy đủ", "conclusion": Conclusion.GOOD},
        end_on=date(2020, 7, 1),
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("action", "start_state", "end_state"),
    [
        ("start", CaseState.PLANNED, CaseState.IN_PROGRESS),
        ("conclude", CaseState.IN_PROGRESS, CaseState.CONCLUDED),
    ],
)
def test_only_the_cell_committee_moves_a_case_on(world, persona, action, start_state, end_state):
    case = make_case(world.cell, [world.member], state=start_state)
    before = model_to_dict(case)
    actor = user_of(world, persona)
    call = (
        (lambda: services.case_start(actor=actor, case=case, start_on=date(2020, 6, 2)))
        if action == "start"
        else (lambda: conclude(actor, case))
    )
    if persona in MANAGERS:
        assert call().state == end_state
        assert Case.objects.get(pk=case.pk).history.first().history_user == actor
    else:
        with pytest.raises(PermissionDenied):
            call()
        assert model_to_dict(Case.objects.get(pk=case.pk)) == before


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("start", CaseState.IN_PROGRESS),
        ("start", CaseState.CONCLUDED),
        ("conclude", CaseState.PLANNED),
        ("conclude", CaseState.CONCLUDED),
    ],
)
def test_a_case_moves_only_forward_through_its_states(world, action, state):
    case = make_case(world.cell, [world.member], state=state)
    before = model_to_dict(case)
    with pytest.raises(ValidationError):
        if action == "start":
            services.case_start(actor=world.secretary.user, case=case, start_on=date(2020, 6, 2))
        else:
            conclude(world.secretary.user, case)
    assert model_to_dict(Case.objects.get(pk=case.pk)) == before


def test_a_conclusion_needs_findings_and_a_violation_needs_its_description(world):
    case = make_case(world.cell, [world.member], state=CaseState.IN_PROGRESS)
    with pytest.raises(ValidationError):
        services.case_conclude(
            actor=world.secretary.user,
            case=case,
            data={"findings": " ", "conclusion": "good"},
            end_on=date(2020, 7, 1),
        )
    with pytest.raises(ValidationError):
        services.case_conclude(
            actor=world.secretary.user,
            case=case,
            data={"findings": "Có dấu hiệu", "conclusion": Conclusion.VIOLATION},
            end_on=date(2020, 7, 1),
        )
    assert Case.objects.get(pk=case.pk).state == CaseState.IN_PROGRESS


def test_a_supervision_with_signs_of_violation_becomes_an_inspection_of_the_same_members(world):
    case = make_case(world.cell, [world.member, world.leader], state=CaseState.IN_PROGRESS)
    inspection = services.case_convert_to_inspection(
        actor=world.secretary.user, case=case, decision_number="12-QĐ/CB", decision_date=date(2020, 8, 1)
    )
    assert (inspection.kind, inspection.state, inspection.converted_from) == (
        CaseKind.INSPECTION,
        CaseState.PLANNED,
        case,
    )
    assert set(inspection.members.all()) == {world.member, world.leader}
    with pytest.raises(ValidationError):
        services.case_convert_to_inspection(
            actor=world.secretary.user, case=case, decision_number="13-QĐ/CB", decision_date=date(2020, 8, 2)
        )


def test_members_of_another_cell_cannot_be_concerned(world):
    with pytest.raises(ValidationError):
        services.case_save(
            actor=world.secretary.user,
            cell=world.cell,
            data={
                "kind": "inspection",
                "decision_number": "1-QĐ/CB",
                "decision_date": date(2020, 1, 1),
                "period_start": date(2019, 1, 1),
                "period_end": date(2019, 12, 31),
                "carried_out_by": "Chi ủy",
            },
            members=[world.other_cell_member],
        )
    assert not Case.objects.exists()


def case_url(name, world, **kwargs):
    return reverse(f"oversight:{name}", kwargs={"slug": world.cell.slug, **kwargs})


def test_member_sees_the_own_cases_only_once_concluded(world, login):
    own_concluded = make_case(world.cell, [world.member], state=CaseState.CONCLUDED)
    own_open = make_case(world.cell, [world.member], state=CaseState.IN_PROGRESS)
    others = make_case(world.cell, [world.leader], state=CaseState.CONCLUDED)
    client = login(world.member)
    assert list(client.get(case_url("case_list", world)).context["cases"]) == [own_concluded]
    assert client.get(case_url("case_detail", world, pk=own_concluded.pk)).status_code == 200
    assert client.get(case_url("case_detail", world, pk=own_open.pk)).status_code == 404
    assert client.get(case_url("case_detail", world, pk=others.pk)).status_code == 404
    assert client.get(case_url("case_create", world)).status_code == 403


@pytest.mark.parametrize(
    ("persona", "detail", "create"),
    [("secretary", 200, 200), ("staff", 200, 403), ("leader", 404, 403), ("other_secretary", 404, 404)],
)
def test_case_pages_answer_each_role(world, login, persona, detail, create):
    case = make_case(world.cell, [world.member], state=CaseState.CONCLUDED)
    client = login(getattr(world, persona))
    assert client.get(case_url("case_detail", world, pk=case.pk)).status_code == detail
    assert client.get(case_url("case_create", world)).status_code == create


def test_secretary_records_a_supervision_through_the_pages(world, login):
    client = login(world.secretary)
    response = client.post(
        case_url("case_create", world),
        {
            "kind": "supervision",
            "supervision_kind": "thematic",
            "decision_number": "03-KH/CB",
            "decision_date": "02/03/2026",
            "members": [world.member.pk, world.leader.pk],
            "on_directive_05": "on",
            "content": "Thực hiện Chỉ thị 05",
            "period_start": "01/01/2025",
            "period_end": "31/12/2025",
            "carried_out_by": "Chi ủy",
            "version": 1,
        },
    )
    case = Case.objects.get(decision_number="03-KH/CB")
    assert response["Location"] == case.get_absolute_url()
    client.post(case_url("case_start", world, pk=case.pk), {"day": "03/03/2026"})
    client.post(
        case_url("case_conclude", world, pk=case.pk),
        {"findings": "Thực hiện tốt", "conclusion": "good", "end_on": "20/03/2026", "version": 2},
    )
    case.refresh_from_db()
    assert (case.state, case.start_on, case.end_on) == (
        CaseState.CONCLUDED,
        date(2026, 3, 3),
        date(2026, 3, 20),
    )


def test_a_supervision_without_its_kind_is_refused_with_a_message(world, login):
    response = login(world.secretary).post(
        case_url("case_create", world),
        {
            "kind": "supervision",
            "decision_number": "04-KH/CB",
            "decision_date": "02/03/2026",
            "members": [world.member.pk],
            "content": "x",
            "period_start": "01/01/2025",
            "period_end": "31/12/2025",
            "carried_out_by": "Chi ủy",
            "version": 1,
        },
    )
    assert response.status_code == 200
    assert "supervision_kind" in response.context["form"].errors


def test_figures_count_distinct_members_not_cases(world, login):
    started = {"state": CaseState.IN_PROGRESS}
    make_case(
        world.cell,
        [world.member, world.leader],
        kind="supervision",
        decision_date=date(2018, 5, 1),
        **started,
    )
    make_case(world.cell, [world.member], kind="supervision", decision_date=date(2019, 5, 1), **started)
    make_case(
        world.cell, [world.member], kind="inspection", decision_date=date(2019, 6, 1), state="concluded"
    )
    make_case(
        world.cell,
        [world.deputy],
        kind="inspection",
        decision_date=date(2019, 7, 1),
        on_directive_05=False,
        **started,
    )
    make_case(world.cell, [world.deputy], kind="inspection", decision_date=date(2022, 1, 1), **started)
    # Planned and never started: not carried out, so not counted.
    make_case(world.cell, [world.other_group_member], kind="supervision", decision_date=date(2019, 3, 1))
    page = login(world.secretary).get(case_url("case_list", world) + "?start=2016&end=2021")
    figures = page.context["figures"]
    assert (figures["members_supervised"], figures["supervisions"]) == (2, 2)
    assert (figures["members_inspected"], figures["inspections"]) == (1, 1)
    assert {value: count for value, _label, count in figures["by_conclusion"]}["good"] == 1
    only_2019 = {row["year"]: row for row in page.context["by_year"]}[2019]
    assert (only_2019["members_supervised"], only_2019["members_inspected"]) == (1, 1)
    html = page.content.decode()
    assert '<div class="display-6" data-figure="members-supervised">2</div>' in html
    assert '<div class="display-6" data-figure="members-inspected">1</div>' in html


def test_case_list_makes_the_same_number_of_queries_for_few_and_many_cases(world, login):
    client = login(world.secretary)
    make_case(world.cell, [world.member])
    client.get(case_url("case_list", world))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(case_url("case_list", world)).status_code == 200
        return len(queries)

    few = count()
    for _ in range(10):
        make_case(world.cell, [make_member(world.cell), world.member], state="concluded")
    assert count() == few


def case_form_data(world, **extra):
    return {
        "kind": "supervision",
        "supervision_kind": "thematic",
        "decision_number": "03-KH/CB",
        "decision_date": "02/03/2026",
        "members": [world.member.pk],
        "on_directive_05": "on",
        "content": "Thực hiện Chỉ thị 05",
        "period_start": "01/01/2025",
        "period_end": "31/12/2025",
        "carried_out_by": "Chi ủy",
        "version": 1,
        **extra,
    }


@pytest.mark.parametrize("kind", ["case", "programme"])
def test_a_save_on_an_older_copy_is_refused_and_keeps_what_was_typed(world, kind):
    if kind == "case":
        record = make_case(world.cell, [world.member])
        url, data = case_url("case_update", world, pk=record.pk), case_form_data(world)
    else:
        record = ProgrammeFactory(cell=world.cell)
        url = case_url("programme_update", world, pk=record.pk)
        data = {"year": 2026, "number": "01-CTr/CB", "adopted_on": "", "content": ""}
    refused_then_saved(
        url=url,
        data=data,
        first=world.secretary,
        second=world.committee_member,
        model=type(record),
        field="content",
        theirs="Nội dung bí thư sửa trên máy tính",
        mine="Nội dung chi ủy viên gõ trên điện thoại",
    )
    assert type(record).objects.get(pk=record.pk).content == "Nội dung chi ủy viên gõ trên điện thoại"


def test_a_conclusion_written_while_the_case_changed_is_refused_and_keeps_what_was_typed(world):
    case = make_case(world.cell, [world.member], state=CaseState.IN_PROGRESS)
    conclude_url = case_url("case_conclude", world, pk=case.pk)
    phone, desktop = signed_in(world.committee_member), signed_in(world.secretary)
    seen = phone.get(conclude_url).context["form"]["version"].value()
    desktop.post(
        case_url("case_update", world, pk=case.pk),
        case_form_data(world, content="Nội dung đã bổ sung", version=case.version),
    )
    typed = {"findings": "Đảng viên gương mẫu, học tập đầy đủ", "conclusion": "good", "end_on": "20/03/2026"}

    refused = phone.post(conclude_url, {**typed, "version": seen})

    assert refused.status_code == 200
    form = refused.context["form"]
    assert form["findings"].value() == typed["findings"]
    assert typed["findings"] in refused.content.decode()
    with translation.override("vi"):
        label = str(Case._meta.get_field("content").verbose_name)
    assert any(label in line and "Nội dung đã bổ sung" in line for line in form.non_field_errors())
    assert Case.objects.get(pk=case.pk).state == CaseState.IN_PROGRESS
    again = phone.post(conclude_url, {**typed, "version": form["version"].value()})
    assert again.status_code == 302
    concluded = Case.objects.get(pk=case.pk)
    assert (concluded.state, concluded.findings, concluded.content) == (
        CaseState.CONCLUDED,
        typed["findings"],
        "Nội dung đã bổ sung",
    )


def test_a_case_saved_once_writes_one_history_entry_that_holds_its_members(world, login):
    client = login(world.secretary)
    client.post(case_url("case_create", world), case_form_data(world))
    case = Case.objects.get(decision_number="03-KH/CB")
    assert case.history.count() == 1
    assert list(case.history.get().members.values_list("member_id", flat=True)) == [world.member.pk]

    client.post(
        case_url("case_update", world, pk=case.pk),
        case_form_data(world, members=[world.member.pk, world.leader.pk], version=case.version),
    )

    assert case.history.count() == 2
    latest = client.get(case.get_absolute_url()).context["history"][0]
    with translation.override("vi"):
        label = str(Case._meta.get_field("members").verbose_name)
    changed = {str(change["field"]): change for change in latest["changes"]}
    assert list(changed) == [label]
    assert str(world.leader) in changed[label]["new"]
    assert str(world.leader) not in changed[label]["old"]


def started_case(world, **fields):
    case = make_case(world.cell, [world.member], state=CaseState.PLANNED, **fields)
    services.case_start(actor=world.secretary.user, case=case, start_on=date(2026, 3, 10))
    case.refresh_from_db()
    return case


def test_start_form_labels_its_date_and_the_typed_date_replaces_the_planned_one(world, login):
    case = make_case(world.cell, [world.member], state=CaseState.PLANNED, start_on=date(2026, 3, 1))
    client = login(world.secretary)
    page = client.get(case.get_absolute_url()).content.decode()
    assert '<label class="col-form-label nowrap" for="id_day">Ngày bắt đầu</label>' in page
    client.post(case_url("case_start", world, pk=case.pk), {"day": "10/03/2026"})
    case.refresh_from_db()
    assert (case.state, case.start_on) == (CaseState.IN_PROGRESS, date(2026, 3, 10))


def test_a_case_cannot_start_in_the_future(world):
    case = make_case(world.cell, [world.member], state=CaseState.PLANNED)
    with pytest.raises(ValidationError, match="tương lai|future"):
        services.case_start(
            actor=world.secretary.user, case=case, start_on=date.today().replace(year=date.today().year + 1)
        )
    case.refresh_from_db()
    assert case.state == CaseState.PLANNED


@pytest.mark.parametrize(
    ("end_on", "message"),
    [("09/03/2026", "trước ngày bắt đầu (10/03/2026)"), ("31/12/2099", "tương lai")],
)
def test_a_conclusion_before_the_start_or_in_the_future_is_refused_on_the_form(world, login, end_on, message):
    case = started_case(world)
    response = login(world.secretary).post(
        case_url("case_conclude", world, pk=case.pk),
        {"findings": "Thực hiện tốt", "conclusion": "good", "end_on": end_on, "version": case.version},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS


def test_conclusion_form_accepts_its_own_default_date_when_the_planned_end_came_before_the_start(
    world, login
):
    case = started_case(world, end_on=date(2026, 3, 5))
    client = login(world.secretary)
    form = client.get(case_url("case_conclude", world, pk=case.pk)).context["form"]
    default = form["end_on"].value()
    default = default() if callable(default) else default
    response = client.post(
        case_url("case_conclude", world, pk=case.pk),
        {
            "findings": "Thực hiện tốt",
            "conclusion": "good",
            "end_on": default.strftime("%d/%m/%Y"),
            "version": case.version,
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.end_on) == (CaseState.CONCLUDED, default)
