"""Every form and every upload refuses bad input with a message, never a crash (issue 6).

Each page that takes a POST with data people type is posted random and hostile values drawn
by hypothesis: very long text, control characters, NFD text, emoji, SQL- and HTML-like
strings, impossible dates, out-of-range numbers, ids that do not exist and ids of another
cell's records. The answer is 200 (the form again, with an error shown), 302 or 400, never a
crash; whatever was accepted is clean text, and nothing of the other cell is attached or
changed. Each example runs in a savepoint that is rolled back, so every example starts from
the same records.
"""

import html
import io
import re
import unicodedata
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from cell05.fields import NFCMixin
from cell05.uploads import DOCUMENT_KINDS, detect_kind
from members.models import Member, PartyGroup
from oversight.models import Case, Praise, Programme, RewardProposal
from plans.choices import (
    PledgeState,
    StudyForm,
)
from plans.models import CellDocument, MondaySession, Pledge, PledgeItem, Story, StudySession
from reports.choices import ReportKind
from reports.models import Report
from reports.services.editing import report_create
from tests.bad_input_files import (
    SURELY_BAD_ROWS,
    UPLOAD_PAGES,
    csv_content,
    fifty_megabytes,
    import_rows,
    members_now,
    post_upload,
    stored_upload,
)
from tests.bad_input_pages import AUTH_PAGES, ITEMS, MEMBER, PAGES, PROPOSAL, REPORT, Page
from tests.bad_input_values import (
    CONTROL,
    EXAMPLES,
    EXECUTABLE,
    PDF,
    VIETNAMESE,
    Field,
    build_upload,
    file_contents,
    file_names,
)
from tests.factories import (
    PraiseFactory,
    ProgrammeFactory,
    RewardProposalFactory,
    StudySessionFactory,
    make_case,
    make_document,
    make_member,
    make_monday_session,
    make_pledge,
    make_story,
    make_study_year,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    """The world, with one record of each kind that the pages change, and the other cell's
    counterparts whose ids the hostile values borrow."""
    w = world
    w.no_account = make_member(w.cell, w.group2, full_name="Lò Văn Chưa")
    w.left_member = make_member(
        w.cell, w.group2, full_name="Mã Văn Đi", left_on=date(2020, 1, 1), left_reason="other"
    )
    w.other_cell_member.card_number = "79200001"
    w.other_cell_member.save()
    study_year = make_study_year(w.cell, 2026)
    other_year = make_study_year(w.other_cell, 2026)
    w.draft_pledge = make_pledge(w.member, study_year)
    w.draft_item = w.draft_pledge.items.first()
    w.submitted_pledge = make_pledge(w.other_group_member, study_year, PledgeState.SUBMITTED)
    w.approved_pledge = make_pledge(w.deputy, study_year, PledgeState.APPROVED)
    w.assessed_pledge = make_pledge(w.committee_member, study_year, PledgeState.SELF_ASSESSED)
    w.other_pledge = make_pledge(w.other_cell_member, other_year, PledgeState.SUBMITTED)
    w.other_item = w.other_pledge.items.first()
    w.document = make_document(w.cell, issued_on=date(2021, 3, 1), on_directive_05=False)
    w.study_session = StudySessionFactory(study_year=study_year, form=StudyForm.CELL_MEETING)
    w.story = make_story(w.cell, "Chiếc đồng hồ")
    w.other_story = make_story(w.other_cell, "Chuyện thôn khác")
    w.monday_session = make_monday_session(w.cell, w.group1, date(2021, 3, 8))
    w.monday_session2 = make_monday_session(w.cell, w.group2, date(2021, 3, 15))
    w.held_session = make_monday_session(w.cell, w.group1, date(2021, 3, 1), state="held", reader=w.member)
    w.other_monday_session = make_monday_session(w.other_cell, w.other_group, date(2021, 3, 22))
    w.programme = ProgrammeFactory(cell=w.cell)
    w.other_programme = ProgrammeFactory(cell=w.other_cell)
    w.planned_case = make_case(w.cell, [w.member])
    w.running_case = make_case(w.cell, [w.member], state="in_progress", start_on=date(2026, 3, 1))
    w.concluded_case = make_case(
        w.cell,
        [w.member],
        state="concluded",
        conclusion="shortcomings",
        remedy="Bổ sung",
        start_on=date(2026, 1, 5),
        end_on=date(2026, 2, 5),
    )
    make_case(w.other_cell, [w.other_cell_member])
    w.praise = PraiseFactory(cell=w.cell, member=w.member)
    w.proposal = RewardProposalFactory(cell=w.cell, member=w.member)
    w.report = report_create(
        actor=w.secretary.user,
        cell=w.cell,
        data={
            "kind": ReportKind.FIVE_YEAR,
            "start_year": 2021,
            "end_year": 2025,
            "number": 12,
            "title": "Sơ kết",
            "place": "Ba Đình",
            "report_date": date(2025, 12, 15),
            "recipients": "- Lưu Chi bộ.",
            "signer": w.secretary,
            "signer_title": "BÍ THƯ",
        },
    )
    return w


# What must hold after every request, whatever was posted


def other_cell_state(world) -> list:
    cell = world.other_cell
    return [
        list(Member.objects.filter(cell=cell).order_by("pk").values()),
        list(PartyGroup.objects.filter(cell=cell).order_by("pk").values()),
        list(Pledge.objects.filter(member__cell=cell).order_by("pk").values()),
        list(PledgeItem.objects.filter(pledge__member__cell=cell).order_by("pk").values()),
        list(Story.objects.filter(cell=cell).order_by("pk").values()),
        list(MondaySession.objects.filter(cell=cell).order_by("pk").values()),
        list(Programme.objects.filter(cell=cell).order_by("pk").values()),
        list(
            Case.objects.filter(cell=cell)
            .order_by("pk")
            .values("pk", "state", "programme", "decision_number")
        ),
    ]


def crossings() -> list[str]:
    """Every link from a record of one cell to a record of another."""
    found = []
    links = [
        (Member, "cell", ["group__cell"]),
        (PartyGroup, "cell", ["leader__cell"]),
        (StudySession, "study_year__cell", ["attendees__cell"]),
        (Case, "cell", ["members__cell", "programme__cell"]),
        (Praise, "cell", ["member__cell"]),
        (RewardProposal, "cell", ["member__cell", "group__cell"]),
        (MondaySession, "cell", ["group__cell", "reader__cell", "story__cell"]),
        (Report, "cell", ["signer__cell"]),
        (Pledge, "member__cell", ["reviewed_by__cell", "evaluated_by__cell"]),
        (PledgeItem, "pledge__member__cell", []),
    ]
    for model, own, others in links:
        for other in others:
            for row in model.objects.values_list("pk", own, other):
                if row[2] is not None and row[1] != row[2]:
                    found.append(f"{model.__name__} #{row[0]}: {other}")
    return found


TEXT_MODELS = [Member, PartyGroup, StudySession, Case, Praise, RewardProposal, MondaySession, Report, Pledge]
TEXT_MODELS += [PledgeItem, Story, Programme, CellDocument]


def unclean_texts() -> list[str]:
    """Stored text with control characters, or not in NFC."""
    found = []
    for model in TEXT_MODELS:
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, NFCMixin)]
        names += [
            name
            for name in ("card_number", "file_name", "reflection_file_name", "attachment_name")
            if name in {f.name for f in model._meta.concrete_fields}
        ]
        for row in model.objects.values_list("pk", *names):
            for name, value in zip(names, row[1:], strict=True):
                if CONTROL.search(value) or unicodedata.normalize("NFC", value) != value:
                    found.append(f"{model.__name__} #{row[0]}.{name} = {value[:40]!r}")
    return found


def shown_errors(response) -> list[str]:
    """The errors of the page's form, formset and section texts."""
    messages = []
    for key in ("form", "formset", "sections"):
        if response.context is None or key not in response.context:
            continue
        form = response.context[key]
        if not getattr(form, "is_bound", False):
            continue
        if hasattr(form, "non_form_errors"):  # a formset
            messages += list(form.non_form_errors())
            messages += [m for errors in form.errors for ms in errors.values() for m in ms]
        else:
            messages += [m for ms in form.errors.values() for m in ms]
    return list(dict.fromkeys(messages))


def assert_refused_with_a_message(response):
    errors = shown_errors(response)
    assert errors, "a form posted back with 200 must say what is wrong"
    page = response.content.decode()
    assert any(html.escape(message) in page or message in page for message in errors), errors
    for message in errors:
        assert VIETNAMESE.search(message), f"not in Vietnamese: {message!r}"


def post_values(world, fields: dict, data) -> tuple[dict, dict]:
    """Draw the posted values: either one field hostile and the others good (so that the value
    reaches the service and the database), or every field drawn at random."""
    one_bad = data.draw(st.booleans(), label="one field hostile")
    names = list(fields)
    hostile = {data.draw(st.sampled_from(names), label="hostile field")} if one_bad else set(names)
    posted, files = {}, {}
    for name, spec in fields.items():
        if name not in hostile:
            value = spec.good
        elif one_bad:
            value = data.draw(spec.hostile(world), label=name)
        else:
            value = data.draw(st.one_of(st.just(spec.good), spec.hostile(world)), label=name)
        value = spec.resolve(world, value)
        if isinstance(value, tuple) and value[0] == "upload":
            files[name] = build_upload(value[1], value[2])
        elif value is not None:
            posted[name] = value
    return posted, files


def item_fields(page: Page, world) -> dict:
    """The self-assessment page has a result and a note field per item of the pledge."""
    if "result_ITEM" not in page.fields:
        return page.fields
    fields = {name: spec for name, spec in page.fields.items() if "ITEM" not in name}
    for item in world.approved_pledge.items.all():
        fields[f"result_{item.pk}"] = page.fields["result_ITEM"]
        fields[f"note_{item.pk}"] = page.fields["note_ITEM"]
    return fields


def check_answer(response, world, before, *, login_page=False):
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 302 and not login_page:
        assert not response["Location"].startswith(reverse("login")), "the persona was signed out"
    if response.status_code == 200:
        assert_refused_with_a_message(response)
    assert crossings() == []
    assert unclean_texts() == []
    assert other_cell_state(world) == before


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
@EXAMPLES
@given(data=st.data())
def test_every_form_refuses_hostile_input_without_crashing(records, page, data):
    world = records
    fields = item_fields(page, world)
    posted, files = post_values(world, fields, data)
    before = other_cell_state(world)
    client = Client()
    with transaction.atomic():
        client.force_login(getattr(world, page.persona).user)
        response = client.post(page.address(world), {**posted, **files})
        check_answer(response, world, before)
        transaction.set_rollback(True)


@pytest.mark.parametrize("name,url,persona,fields", AUTH_PAGES, ids=[page[0] for page in AUTH_PAGES])
@EXAMPLES
@given(data=st.data())
def test_sign_in_and_password_change_refuse_hostile_input(records, name, url, persona, fields, data):
    world = records
    posted, _files = post_values(world, fields, data)
    before = other_cell_state(world)
    client = Client()
    with transaction.atomic():
        if persona:
            client.force_login(getattr(world, persona).user)
        response = client.post(reverse(url), posted)
        check_answer(response, world, before, login_page=persona is None)
        transaction.set_rollback(True)


@pytest.mark.parametrize("page", UPLOAD_PAGES)
@pytest.mark.parametrize(
    "upload,message",
    [
        (lambda: build_upload(EXECUTABLE, "x.pdf"), "Loại tệp này không được chấp nhận"),
        (lambda: build_upload(EXECUTABLE, "Biên bản.docx"), "Loại tệp này không được chấp nhận"),
        (lambda: build_upload(b"", "x.pdf"), "Tập tin được gửi là rỗng."),
        (lambda: fifty_megabytes("lớn.pdf"), "Tệp lớn hơn 10 MB."),
    ],
    ids=["executable named .pdf", "executable named .docx", "zero bytes", "50 MB"],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_stored(records, page, upload, message):
    response = post_upload(records, page, upload())
    assert response.status_code == 200
    assert message in response.content.decode()
    stored, name = stored_upload(records, page)
    assert (bool(stored), name) == (False, "")


STORED_NAME = re.compile(r"^[a-z]+/[0-9a-f]{32}\.[a-z0-9]{1,8}$")


@pytest.mark.parametrize("page", UPLOAD_PAGES)
@pytest.mark.parametrize(
    "name,kept",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("a" * 300 + ".pdf", "a" * 200),
        ("bad\x00name.pdf", None),
        ("Bài thu hoạch\u202efdp.exe", None),
        ("..\\..\\windows\\x.pdf", None),
    ],
    ids=["path", "300 characters", "NUL", "right-to-left override", "backslashes"],
)
def test_a_hostile_file_name_is_never_used_as_a_path(records, page, name, kept):
    response = post_upload(records, page, build_upload(PDF, name))
    assert response.status_code == 200
    stored, original = stored_upload(records, page)
    if not stored:  # refused: the page says why
        assert shown_errors(response) or list(response.context["messages"])
        return
    assert STORED_NAME.match(stored.name), stored.name
    assert stored.storage.exists(stored.name)
    assert len(original) <= 200
    assert not CONTROL.search(original) and "/" not in original and "\\" not in original
    if kept is not None:
        assert original == kept


@EXAMPLES
@given(content=file_contents, name=file_names)
def test_random_files_and_names_are_refused_or_kept_under_a_generated_name(records, content, name):
    with transaction.atomic():
        response = post_upload(records, "case attachment", build_upload(content, name))
        assert response.status_code == 200
        stored, original = stored_upload(records, "case attachment")
        if stored:
            assert detect_kind(io.BytesIO(content)) in DOCUMENT_KINDS
            assert STORED_NAME.match(stored.name), stored.name
            assert len(original) <= 200 and not CONTROL.search(original) and "/" not in original
        else:
            assert [m for m in response.context["messages"] if m.level_tag == "error"]
        transaction.set_rollback(True)


# The member import: a file with any bad row saves nothing (issue 2)


@EXAMPLES
@given(
    rows=st.lists(import_rows, max_size=4),
    bad=st.lists(st.sampled_from(SURELY_BAD_ROWS), min_size=1, max_size=2),
    raw=st.one_of(st.none(), st.binary(max_size=500)),
    position=st.integers(min_value=0, max_value=4),
)
def test_an_import_with_a_bad_row_lists_it_and_saves_nothing(records, rows, bad, raw, position):
    world = records
    rows = rows[:position] + bad + rows[position:]
    content = raw if raw is not None else csv_content(rows)
    before = members_now()
    url = reverse("members:member_import", kwargs={"slug": world.cell.slug})
    client = Client()
    with transaction.atomic():
        client.force_login(world.secretary.user)
        preview = client.post(
            url, {"file": SimpleUploadedFile("dang-vien.csv", content, content_type="text/csv")}
        )
        assert preview.status_code == 200
        if "problems" in preview.context:
            assert preview.context["problems"], "a file with a bad row must list its problems"
            assert all(problem["message"] for problem in preview.context["problems"])
        else:
            assert_refused_with_a_message(preview)
        assert members_now() == before
        confirmed = client.post(reverse("members:member_import_confirm", kwargs={"slug": world.cell.slug}))
        assert confirmed.status_code == 302
        assert confirmed["Location"] == url
        assert members_now() == before
        transaction.set_rollback(True)


# The crashes hypothesis found, kept as plain cases so that each stays fixed on every run


def test_a_user_name_longer_than_any_account_is_refused_at_sign_in(records):
    response = Client().post(reverse("login"), {"username": "x" * 10_000, "password": "a-long-test-password"})
    assert response.status_code == 200
    assert "tối đa 150" in response.content.decode()


def test_an_id_larger_than_the_database_holds_is_refused_in_a_list_of_records(records, login):
    response = login(records.secretary).post(
        reverse("plans:year_bulk_approve", kwargs={"slug": records.cell.slug, "year": 2026}),
        {"pledges": [str(2**63)]},
    )
    assert response.status_code == 302
    assert Pledge.objects.get(pk=records.submitted_pledge.pk).state == PledgeState.SUBMITTED


@pytest.mark.parametrize("start_year", ["0", "32768", str(2**63)])
def test_a_report_edit_with_an_impossible_year_shows_the_form_again(records, login, start_year):
    data = {name: Field(spec.good).resolve(records, spec.good) for name, spec in REPORT.items()}
    response = login(records.secretary).post(
        reverse("reports:report_edit", kwargs={"slug": records.cell.slug, "pk": records.report.pk}),
        {**data, "start_year": start_year},
    )
    assert response.status_code == 200
    assert "start_year" in response.context["form"].errors
    assert Report.objects.get(pk=records.report.pk).start_year == 2021


def test_a_proposal_with_a_decision_but_no_valid_date_of_proposal_is_refused(records, login):
    data = {name: Field(spec.good).resolve(records, spec.good) for name, spec in PROPOSAL.items()}
    response = login(records.secretary).post(
        reverse("oversight:proposal_create", kwargs={"slug": records.cell.slug}),
        {**data, "proposed_on": "31/02/2021", "decision_date": "01/05/2021", "version": 1},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["proposed_on"] == ["Nhập một ngày hợp lệ."]


def test_control_characters_in_a_party_card_number_are_refused(records, login):
    data = {name: Field(spec.good).resolve(records, spec.good) for name, spec in MEMBER.items()}
    response = login(records.secretary).post(
        reverse("members:member_create", kwargs={"slug": records.cell.slug}),
        {**data, "card_number": "791\x1b[2J"},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["card_number"]
    assert not Member.objects.filter(full_name="Lò Văn Mới").exists()


def test_a_pledge_item_that_grows_past_its_limit_when_composed_is_refused_on_its_field(records, login):
    data = {name: Field(spec.good).resolve(records, spec.good) for name, spec in ITEMS.items()}
    response = login(records.member).post(
        reverse("plans:pledge_edit", kwargs={"slug": records.cell.slug, "pk": records.draft_pledge.pk}),
        {**data, "version": records.draft_pledge.version, "items-0-target": "\u0958" * 300},
    )
    assert response.status_code == 200
    assert list(response.context["formset"].errors[0]) == ["target"]


def test_a_tampered_pledge_version_is_said_on_the_page(records, login):
    data = {name: Field(spec.good).resolve(records, spec.good) for name, spec in ITEMS.items()}
    response = login(records.member).post(
        reverse("plans:pledge_edit", kwargs={"slug": records.cell.slug, "pk": records.draft_pledge.pk}),
        {**data, "version": "-1"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Nội dung trang đã cũ; đề nghị đồng chí thực hiện lại."
    ]
    assert "Nội dung trang đã cũ" in response.content.decode()
