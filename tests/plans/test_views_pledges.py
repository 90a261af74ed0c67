"""The pledge pages: who sees what, writing, submitting, reviewing, assessing and printing a
pledge (plans/views/pledges.py).
"""

import html
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from plans.choices import PledgeState
from plans.models import Pledge, PledgeItem
from plans.services import pledges as pledge_services
from tests.factories import make_pledge
from tests.plans import helpers
from tests.plans.helpers import year_url
from tests.two_editors import refused_then_saved, signed_in

pytestmark = pytest.mark.django_db

# The personas of the pledge's workflow, and somebody signed out.
PERSONAS = [*helpers.PERSONAS, "anonymous"]


def client_as(world, client, persona):
    if persona != "anonymous":
        person = getattr(world, persona)
        client.force_login(getattr(person, "user", person))
    return client


def pledge_url(name, pledge):
    return reverse(f"plans:{name}", kwargs={"slug": pledge.member.cell.slug, "pk": pledge.pk})


# The expected answer of each pledge page for each persona; 302 is the sign-in redirect for
# the anonymous visitor and the redirect back to the pledge after a POST action.
PAGE_TABLE = {
    ("pledge_detail", "get", PledgeState.DRAFT): [200, 404, 200, 404, 200, 200, 200, 404, 302],
    ("pledge_pdf", "get", PledgeState.SUBMITTED): [200, 404, 200, 404, 200, 200, 200, 404, 302],
    ("pledge_edit", "get", PledgeState.DRAFT): [200, 404, 403, 404, 200, 200, 403, 404, 302],
    ("pledge_assess", "get", PledgeState.APPROVED): [200, 404, 403, 404, 200, 200, 403, 404, 302],
    ("pledge_evaluate", "get", PledgeState.SELF_ASSESSED): [403, 404, 403, 404, 200, 200, 403, 404, 302],
    ("pledge_submit", "post", PledgeState.DRAFT): [302, 404, 403, 404, 302, 302, 403, 404, 302],
    ("pledge_approve", "post", PledgeState.SUBMITTED): [403, 404, 302, 404, 302, 302, 403, 404, 302],
    ("pledge_return", "post", PledgeState.SUBMITTED): [403, 404, 302, 404, 302, 302, 403, 404, 302],
}
CASES = [
    (page, method, state, persona, status)
    for (page, method, state), statuses in PAGE_TABLE.items()
    for persona, status in zip(PERSONAS, statuses, strict=True)
]


@pytest.mark.parametrize(("page", "method", "state", "persona", "status"), CASES)
def test_pledge_pages_answer_each_role_exactly(plan_world, client, page, method, state, persona, status):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, state)
    client = client_as(plan_world, client, persona)
    if method == "get":
        response = client.get(pledge_url(page, pledge))
    else:
        response = client.post(pledge_url(page, pledge), {"version": pledge.version, "comment": "Sửa lại"})
    assert response.status_code == status
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    elif status == 302:
        assert response["Location"] == pledge.get_absolute_url()
        assert Pledge.objects.get(pk=pledge.pk).state != state
    elif method == "post":
        assert Pledge.objects.get(pk=pledge.pk).state == state


def edit_data(pledge, items, version=None, submit=False):
    data = {
        "version": pledge.version if version is None else version,
        "reflection_text": "",
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
    }
    for index, (item_id, action) in enumerate(items):
        if not action:
            continue  # a blank form of the page posts nothing
        data.update(
            {
                f"items-{index}-id": item_id or "",
                f"items-{index}-action": action,
                f"items-{index}-aspect": "ethics",
                f"items-{index}-target": "Mỗi tháng một lần",
                f"items-{index}-timeframe": "Cả năm",
            }
        )
    if submit:
        data["submit"] = "1"
    return data


def test_member_writes_items_and_submits_the_pledge(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=0)
    client = login(plan_world.owner)
    response = client.post(
        pledge_url("pledge_edit", pledge),
        edit_data(
            pledge, [(None, "Đọc sách về Bác"), (None, "Giúp đỡ đồng nghiệp"), (None, "")], submit=True
        ),
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.SUBMITTED
    assert list(pledge.items.values_list("action", flat=True)) == ["Đọc sách về Bác", "Giúp đỡ đồng nghiệp"]


def test_save_and_submit_refused_keeps_neither_the_save_nor_the_submission(plan_world, login, monkeypatch):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=0)

    def refuse(**kwargs):
        raise ValidationError("Hạn nộp đã qua.")

    monkeypatch.setattr(pledge_services, "pledge_submit", refuse)
    response = login(plan_world.owner).post(
        pledge_url("pledge_edit", pledge), edit_data(pledge, [(None, "Đọc sách về Bác")], submit=True)
    )
    assert response.status_code == 200
    assert "Hạn nộp đã qua." in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.DRAFT
    assert not pledge.items.exists()
    assert "Đọc sách về Bác" in response.content.decode()


def test_an_edit_on_an_older_copy_is_refused_and_keeps_the_typed_items_and_reflection(plan_world):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=1)
    item = pledge.items.get()
    url = pledge_url("pledge_edit", pledge)
    phone, desktop = signed_in(plan_world.owner), signed_in(plan_world.secretary)
    seen = phone.get(url).context["form"]["version"].value()
    theirs = edit_data(pledge, [(item.pk, "Bản của bí thư")]) | {"reflection_text": "Bí thư ghi"}
    assert desktop.post(url, theirs).status_code == 302
    mine = edit_data(pledge, [(item.pk, "Bản của tôi"), (None, "Việc tôi thêm")], version=seen)
    mine["reflection_text"] = "Bài học tôi gõ trên điện thoại"

    refused = phone.post(url, mine)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Bản của tôi" in page and "Việc tôi thêm" in page and "Bài học tôi gõ trên điện thoại" in page
    assert [form["action"].value() for form in refused.context["formset"]] == ["Bản của tôi", "Việc tôi thêm"]
    errors = refused.context["form"].non_field_errors()
    with translation.override("vi"):
        reflection = str(Pledge._meta.get_field("reflection_text").verbose_name)
        action = str(PledgeItem._meta.get_field("action").verbose_name)
    assert any(reflection in line and "Bí thư ghi" in line for line in errors), errors
    assert any(action in line and "Bản của bí thư" in line for line in errors), errors
    assert pledge.items.get().action == "Bản của bí thư"
    mine["version"] = refused.context["form"]["version"].value()
    assert phone.post(url, mine).status_code == 302
    assert list(pledge.items.values_list("action", flat=True)) == ["Bản của tôi", "Việc tôi thêm"]
    assert Pledge.objects.get(pk=pledge.pk).reflection_text == "Bài học tôi gõ trên điện thoại"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_saved_pledge_form_sent_again_is_answered_already_saved_and_not_saved_twice(plan_world):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=1)
    item = pledge.items.get()
    url = pledge_url("pledge_edit", pledge)
    sent = edit_data(pledge, [(item.pk, "Việc đã sửa"), (None, "Việc thêm mới")]) | {
        "reflection_text": "Bài học",
        "items-INITIAL_FORMS": 1,  # the page showed the one item
    }
    # The first answer is lost (the server was cut off after the commit), its cookies with it.
    assert signed_in(plan_world.owner).post(url, sent).status_code == 302
    version = Pledge.objects.get(pk=pledge.pk).version

    # The browser sends the form again, with the version it was saved from.
    again = signed_in(plan_world.owner).post(url, sent, follow=True)

    assert again.redirect_chain == [(url, 302)]
    with translation.override("vi"):
        assert messages_of(again) == [translation.gettext("This change was already saved.")]
    pledge = Pledge.objects.get(pk=pledge.pk)
    assert pledge.version == version
    assert list(pledge.items.values_list("action", flat=True)) == ["Việc đã sửa", "Việc thêm mới"]
    assert pledge.history.filter(history_change_reason="pledge.edited").count() == 1
    assert PledgeItem.history.filter(action="Việc thêm mới", history_type="+").count() == 1


def test_a_save_and_submit_sent_again_is_answered_already_submitted(plan_world):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=0)
    sent = edit_data(pledge, [(None, "Đọc sách về Bác")], submit=True)
    assert signed_in(plan_world.owner).post(pledge_url("pledge_edit", pledge), sent).status_code == 302
    version = Pledge.objects.get(pk=pledge.pk).version

    again = signed_in(plan_world.owner).post(pledge_url("pledge_edit", pledge), sent, follow=True)

    assert again.redirect_chain == [(pledge.get_absolute_url(), 302)]
    with translation.override("vi"):
        assert messages_of(again) == [translation.gettext("Your pledge was already submitted.")]
    pledge = Pledge.objects.get(pk=pledge.pk)
    assert (pledge.state, pledge.version) == (PledgeState.SUBMITTED, version)
    assert pledge.history.filter(history_change_reason="pledge.submitted").count() == 1
    assert list(pledge.items.values_list("action", flat=True)) == ["Đọc sách về Bác"]


def test_an_old_copy_that_differs_from_the_saved_pledge_is_still_refused_as_changed_meanwhile(
    plan_world, login
):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=1)
    item = pledge.items.get()
    client = login(plan_world.owner)
    url = pledge_url("pledge_edit", pledge)
    assert client.post(url, edit_data(pledge, [(item.pk, "Bản thứ nhất")])).status_code == 302

    refused = client.post(url, edit_data(pledge, [(item.pk, "Bản thứ hai")]))

    assert refused.status_code == 200
    errors = refused.context["form"].non_field_errors()
    with translation.override("vi"):
        # The other save was the member's own, in another tab.
        assert errors[0] == translation.gettext(
            "You saved this record in another window while you were working on it here, so this "
            "change was not saved. What you typed here is kept below; what you saved there is "
            "listed here. Check it, then save again to keep this version."
        )
    assert pledge.items.get().action == "Bản thứ nhất"


def test_save_and_submit_that_fails_while_submitting_saves_nothing(plan_world, login, monkeypatch):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=1)
    item = pledge.items.get()

    def crash(pledge):
        raise RuntimeError("the worker was killed while submitting")

    monkeypatch.setattr(pledge_services.notices, "pledge_submitted", crash)
    client = login(plan_world.owner)
    client.raise_request_exception = False
    response = client.post(
        pledge_url("pledge_edit", pledge),
        edit_data(pledge, [(item.pk, "Việc đã sửa"), (None, "Việc thêm mới")], submit=True),
    )

    assert response.status_code == 500
    pledge = Pledge.objects.get(pk=pledge.pk)
    assert (pledge.state, pledge.version) == (PledgeState.DRAFT, 1)
    assert list(pledge.items.values_list("action", flat=True)) == ["Việc làm theo số 1"]
    assert not pledge.history.filter(history_change_reason="pledge.edited").exists()


def assess_data(pledge):
    return {f"result_{item.pk}": "done" for item in pledge.items.all()}


@pytest.mark.parametrize(
    ("page", "state", "first", "field", "form_field", "data"),
    [
        ("pledge_assess", PledgeState.APPROVED, "owner", "self_assessment", "summary", assess_data),
        (
            "pledge_evaluate",
            PledgeState.SELF_ASSESSED,
            "committee_member",
            "evaluation_comment",
            "comment",
            lambda pledge: {"rating": "good", "score": 80},
        ),
    ],
)
def test_an_assessment_on_an_older_copy_is_refused_and_keeps_what_was_typed(
    plan_world, page, state, first, field, form_field, data
):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, state)
    refused_then_saved(
        url=pledge_url(page, pledge),
        data=data(pledge),
        first=getattr(plan_world, first),
        second=plan_world.secretary,
        model=Pledge,
        field=field,
        form_field=form_field,
        theirs="Viết trên máy tính",
        mine="Gõ trên điện thoại",
    )
    assert getattr(Pledge.objects.get(pk=pledge.pk), field) == "Gõ trên điện thoại"


def test_a_return_refused_because_the_pledge_changed_keeps_the_comment(plan_world):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.SUBMITTED)
    seen = pledge.version
    upload = SimpleUploadedFile("thu-hoach.pdf", b"%PDF-1.4 reflection", content_type="application/pdf")
    signed_in(plan_world.owner).post(
        pledge_url("pledge_reflection", pledge), {"version": seen, "file": upload}
    )
    leader = signed_in(plan_world.leader)
    typed = {"comment": "Chỉ tiêu chưa đo được", "version": seen}

    refused = leader.post(pledge_url("pledge_return", pledge), typed)

    assert refused.status_code == 200
    form = refused.context["return_form"]
    assert form["comment"].value() == "Chỉ tiêu chưa đo được"
    assert "Chỉ tiêu chưa đo được" in refused.content.decode()
    with translation.override("vi"):
        label = str(Pledge._meta.get_field("reflection_file").verbose_name)
    assert any(label in line for line in form.non_field_errors()), form.non_field_errors()
    # The file is said to be there; its stored name, random, is not shown.
    stored_name = Pledge.objects.get(pk=pledge.pk).reflection_file.name
    assert stored_name not in refused.content.decode()
    assert Pledge.objects.get(pk=pledge.pk).state == PledgeState.SUBMITTED
    again = leader.post(pledge_url("pledge_return", pledge), typed | {"version": form["version"].value()})
    assert again.status_code == 302
    assert Pledge.objects.get(pk=pledge.pk).return_comment == "Chỉ tiêu chưa đo được"


def test_pledge_history_shows_the_secretary_who_changed_which_item(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=1)
    item = pledge.items.get()
    login(plan_world.owner).post(
        pledge_url("pledge_edit", pledge), edit_data(pledge, [(item.pk, "Việc đã sửa")])
    )
    history = login(plan_world.secretary).get(pledge_url("pledge_detail", pledge)).context["history"]
    change = next(row for row in history if row["changes"] and row["subject"] == "Việc đã sửa")
    assert change["who"] == plan_world.owner.user
    assert [
        (c["old"], c["new"]) for c in change["changes"] if str(c["field"]) == "việc đăng ký làm theo"
    ] == [("Việc làm theo số 1", "Việc đã sửa")]
    owner_view = login(plan_world.owner).get(pledge_url("pledge_detail", pledge))
    assert owner_view.context["history"] == []


def test_returned_pledge_shows_the_comment_to_the_member(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.SUBMITTED)
    login(plan_world.leader).post(
        pledge_url("pledge_return", pledge), {"version": pledge.version, "comment": "Chỉ tiêu chưa đo được"}
    )
    page = login(plan_world.owner).get(pledge_url("pledge_detail", pledge)).content.decode()
    assert "Chỉ tiêu chưa đo được" in page


def test_reflection_that_is_not_a_pdf_or_docx_is_refused(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year)
    fake = SimpleUploadedFile(
        "thu-hoach.pdf", b"MZ\x90\x00\x03 an executable", content_type="application/pdf"
    )
    response = login(plan_world.owner).post(
        pledge_url("pledge_reflection", pledge), {"version": pledge.version, "file": fake}, follow=True
    )
    assert "Loại tệp này không được chấp nhận" in response.content.decode()
    assert not Pledge.objects.get(pk=pledge.pk).reflection_file


def test_reflection_pdf_is_kept_and_served_only_to_who_may_read_the_pledge(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year)
    upload = SimpleUploadedFile(
        "Bài thu hoạch.pdf", b"%PDF-1.4 a real enough pdf", content_type="application/pdf"
    )
    login(plan_world.owner).post(
        pledge_url("pledge_reflection", pledge), {"version": pledge.version, "file": upload}
    )
    assert Pledge.objects.get(pk=pledge.pk).reflection_file_name == "Bài thu hoạch.pdf"
    own = login(plan_world.owner).get(pledge_url("pledge_reflection_file", pledge))
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == b"%PDF-1.4 a real enough pdf"
    assert login(plan_world.other_member).get(pledge_url("pledge_reflection_file", pledge)).status_code == 404


def test_pledge_pdf_holds_the_member_the_theme_and_the_items(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.APPROVED)
    response = login(plan_world.owner).get(pledge_url("pledge_pdf", pledge))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert len(reader.pages) == 1
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "BẢN ĐĂNG KÝ",
        "Nguyễn Thị Đào",
        "Chuyên đề năm 2026",
        "Việc làm theo số 3",
    ):
        assert expected in text


def test_member_home_shows_the_own_pledge_first_with_the_next_step(plan_world, login):
    plan_world.study_year.pledge_deadline = date(2026, 12, 31)
    plan_world.study_year.save()
    page = login(plan_world.owner).get(reverse("home"))
    assert page.status_code == 200
    assert page.context["next_step"]["code"] == "write"
    assert "31/12/2026" in page.content.decode()
    make_pledge(plan_world.owner, plan_world.study_year, PledgeState.SUBMITTED)
    page = login(plan_world.owner).get(reverse("home"))
    assert page.context["next_step"]["code"] == "wait_review"


def test_editing_one_item_keeps_the_others_and_removes_only_the_marked_one(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=3)
    first, second, third = pledge.items.all()
    data = edit_data(
        pledge, [(first.pk, first.action), (second.pk, "Việc thứ hai đã sửa"), (third.pk, third.action)]
    )
    data["items-INITIAL_FORMS"] = 3
    data["items-2-DELETE"] = "on"
    response = login(plan_world.owner).post(pledge_url("pledge_edit", pledge), data)
    assert response.status_code == 302
    assert list(pledge.items.values_list("action", flat=True)) == [
        "Việc làm theo số 1",
        "Việc thứ hai đã sửa",
    ]


def test_evaluation_form_starts_with_no_rating_chosen(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.SELF_ASSESSED)
    page = login(plan_world.secretary).get(pledge_url("pledge_evaluate", pledge)).content.decode()
    assert '<option value="" selected>— Chọn —</option>' in page
    assert "selected>Hoàn thành xuất sắc" not in page


def test_evaluation_without_a_rating_is_refused_and_rates_nobody(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.SELF_ASSESSED)
    response = login(plan_world.secretary).post(
        pledge_url("pledge_evaluate", pledge),
        {"version": pledge.version, "rating": "", "score": ""},
    )
    assert response.status_code == 200
    pledge.refresh_from_db()
    assert (pledge.state, pledge.rating) == (PledgeState.SELF_ASSESSED, "")


def test_a_returned_pledge_says_so_with_the_reviewer_and_the_reason_wherever_it_is_listed(plan_world, login):
    from plans.services.pledges import pledge_return

    pledge = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.SUBMITTED)
    pledge_return(
        actor=plan_world.leader.user, pledge=pledge, comment="Chỉ tiêu cần đo được", version=pledge.version
    )
    note = f"ý kiến của đồng chí {plan_world.leader.full_name}: “Chỉ tiêu cần đo được”"
    pages = {
        "year page": (plan_world.secretary, year_url("year_detail", plan_world)),
        "pledge page": (plan_world.owner, pledge.get_absolute_url()),
        "member's home": (plan_world.owner, reverse("home")),
        "leader's home": (plan_world.leader, reverse("home")),
    }
    for where, (person, url) in pages.items():
        page = login(person).get(url).content.decode()
        assert "Bị trả lại" in page and note in page, where


def test_the_pledge_cycles_confirmations_are_in_vietnamese(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year)
    submitted = login(plan_world.owner).post(
        pledge_url("pledge_submit", pledge), {"version": pledge.version}, follow=True
    )
    pledge.refresh_from_db()
    approved = login(plan_world.secretary).post(
        pledge_url("pledge_approve", pledge), {"version": pledge.version}, follow=True
    )

    assert "Đã gửi bản đăng ký." in submitted.content.decode()
    assert "Đã duyệt bản đăng ký." in approved.content.decode()


def test_the_self_assessment_names_each_item_once_and_asks_for_its_result(plan_world):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, PledgeState.APPROVED)
    actions = list(pledge.items.values_list("action", flat=True))

    page = html.unescape(
        signed_in(plan_world.owner).get(pledge_url("pledge_assess", pledge)).content.decode()
    )

    assert [page.count(action) for action in actions] == [1] * len(actions)
    assert page.count("Kết quả thực hiện") == len(actions)
