"""The pledge form as a member meets it (issue 29, items 11 and 12): only the first item asks to
be written, an item is added without a save, the reflection's file is offered where it is, the
swap of Monday turns starts with "— Chọn —", and an edit refused because of one's own save in
another tab says so instead of blaming someone else."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Pledge
from tests.factories import make_monday_session, make_pledge
from tests.query_counts import post_queries

pytestmark = pytest.mark.django_db

ASTERISK = '<span class="asteriskField">*</span>'


def edit_url(pledge):
    return reverse("plans:pledge_edit", kwargs={"slug": pledge.member.cell.slug, "pk": pledge.pk})


def item_blocks(page: str) -> list[str]:
    """The items shown on the form, without the template that a script copies."""
    shown = page.split('id="pledge-item-template"')[0]
    return shown.split('class="card card-body mb-3 pledge-item"')[1:]


def posted_items(pledge, actions: list[str], **extra) -> dict:
    data = {
        "version": pledge.version,
        "items-TOTAL_FORMS": len(actions),
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 20,
        "reflection_text": "Bài thu hoạch đang viết",
        **extra,
    }
    for index, action in enumerate(actions):
        if action:
            data |= {
                f"items-{index}-action": action,
                f"items-{index}-aspect": "ethics",
                f"items-{index}-target": "Mỗi tháng một lần",
                f"items-{index}-timeframe": "Cả năm",
            }
    return data


def test_only_the_first_blank_item_is_marked_required(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=0)
    page = login(plan_world.owner).get(edit_url(pledge)).content.decode()
    first, second, third = (block.split("</fieldset>")[0] for block in item_blocks(page))
    assert first.count(ASTERISK) == 4
    assert (second.count(ASTERISK), third.count(ASTERISK)) == (0, 0)


def test_the_aspect_of_an_item_starts_with_choose_an_aspect(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=0)
    page = login(plan_world.owner).get(edit_url(pledge)).content.decode()
    first = item_blocks(page)[0]
    select = first.split('<select name="items-0-aspect"')[1].split("</select>")[0]
    options = re.findall(r'<option value="(\w*)"[^>]*>([^<]*)</option>', select)
    assert options == [
        ("", "— Chọn khía cạnh —"),
        ("thought", "Tư tưởng"),
        ("ethics", "Đạo đức"),
        ("style", "Phong cách"),
    ]


def test_an_item_field_left_empty_is_marked_invalid_and_described_by_its_error(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=0)
    data = posted_items(pledge, ["Đọc sách về Bác", ""]) | {"items-1-action": "Giúp đỡ đồng nghiệp"}
    page = login(plan_world.owner).post(edit_url(pledge), data).content.decode()
    target = re.search(r'<input type="text" name="items-1-target"[^>]*>', page).group(0)
    assert 'class="form-control is-invalid"' in target
    assert 'aria-invalid="true"' in target
    assert 'aria-describedby="id_items-1-target_error"' in target
    assert '<div id="id_items-1-target_error" class="invalid-feedback">' in page
    timeframe = re.search(r'<input type="text" name="items-1-timeframe"[^>]*>', page).group(0)
    assert 'aria-describedby="id_items-1-timeframe_helptext id_items-1-timeframe_error"' in timeframe


def test_an_extra_item_written_in_part_asks_for_its_other_fields_and_saves_nothing(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=0)
    data = posted_items(pledge, ["Đọc sách về Bác", ""]) | {"items-1-action": "Giúp đỡ đồng nghiệp"}
    response = login(plan_world.owner).post(edit_url(pledge), data)
    assert response.status_code == 200
    second = item_blocks(response.content.decode())[1]
    assert second.count("Trường này là bắt buộc.") == 3
    assert not pledge.items.exists()


def test_add_an_item_without_a_script_gives_the_typed_items_back_with_a_blank_one_and_saves_nothing(
    plan_world, login
):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=0)
    data = posted_items(pledge, ["Việc một", "Việc hai", "Việc ba"], add_item="1")
    response = login(plan_world.owner).post(edit_url(pledge), data)
    assert response.status_code == 200
    page = response.content.decode()
    blocks = item_blocks(page)
    assert len(blocks) == 4
    assert all(action in page for action in ("Việc một", "Việc hai", "Việc ba", "Bài thu hoạch đang viết"))
    assert "Việc đăng ký 4" in blocks[3] and "Trường này là bắt buộc." not in page
    saved = Pledge.objects.get(pk=pledge.pk)
    assert (saved.version, saved.items.count(), saved.reflection_text) == (pledge.version, 0, "")


def test_a_fourth_item_added_on_the_form_is_saved_with_the_others(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=0)
    data = posted_items(pledge, ["Việc một", "Việc hai", "Việc ba", "Việc bốn"], save="1")
    response = login(plan_world.owner).post(edit_url(pledge), data)
    assert response.status_code == 302
    assert list(pledge.items.values_list("action", flat=True)) == [
        "Việc một",
        "Việc hai",
        "Việc ba",
        "Việc bốn",
    ]


def test_the_form_offers_an_item_more_and_the_reflection_hint_says_where_its_file_goes(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=0)
    page = login(plan_world.owner).get(edit_url(pledge)).content.decode()
    assert 'name="add_item"' in page and 'id="pledge-item-template"' in page
    assert "Lưu lại để có thêm một ô trống" not in page
    assert "trên trang của bản đăng ký, mục “Bài thu hoạch”" in page


def test_enter_in_a_field_saves_the_draft_rather_than_adding_an_item(plan_world, login):
    # A form's first submit button is the one the Enter key presses.
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=0)
    page = login(plan_world.owner).get(edit_url(pledge)).content.decode()
    form = page[page.index('id="pledge-form"') :]
    first_button = re.search(r'<button type="submit" name="(\w+)"', form)
    assert first_button.group(1) == "save"


def test_the_reflection_upload_is_optional_and_attaching_without_a_file_says_so(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year)
    client = login(plan_world.owner)
    page = client.get(pledge.get_absolute_url()).content.decode()
    upload = page.split('enctype="multipart/form-data"')[1].split("</form>")[0]
    assert ASTERISK not in upload
    url = reverse("plans:pledge_reflection", kwargs={"slug": pledge.member.cell.slug, "pk": pledge.pk})
    response = client.post(url, {"version": pledge.version}, follow=True)
    assert "Đề nghị chọn tệp để đính kèm." in response.content.decode()
    pdf = SimpleUploadedFile("thu-hoach.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(url, {"version": pledge.version, "file": pdf})
    assert Pledge.objects.get(pk=pledge.pk).reflection_file


def test_the_swap_form_starts_with_choose_not_dashes(plan_world, login):
    make_monday_session(plan_world.cell, plan_world.group1, date(2026, 12, 14))
    url = reverse("plans:monday_swap", kwargs={"slug": plan_world.cell.slug})
    page = login(plan_world.secretary).get(f"{url}?year=2026").content.decode()
    assert page.count('<option value="" selected>— Chọn —</option>') == 2
    assert "---------" not in page


OWN_SAVE = "Đồng chí đã sửa ở một cửa sổ khác"
SOMEONE_ELSE = "Người khác đã lưu hồ sơ này"


def test_an_edit_refused_by_ones_own_save_in_another_tab_says_so(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=0)
    client = login(plan_world.owner)
    assert client.post(edit_url(pledge), posted_items(pledge, ["Bản ở thẻ thứ nhất"])).status_code == 302
    refused = client.post(edit_url(pledge), posted_items(pledge, ["Bản ở thẻ thứ hai"]))
    errors = refused.context["form"].non_field_errors()
    assert errors[0].startswith(OWN_SAVE)
    assert list(pledge.items.values_list("action", flat=True)) == ["Bản ở thẻ thứ nhất"]


def test_an_edit_refused_by_another_persons_save_names_someone_else(plan_world, client):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=0)
    client.force_login(plan_world.secretary.user)
    assert client.post(edit_url(pledge), posted_items(pledge, ["Bản của Bí thư"])).status_code == 302
    client.force_login(plan_world.owner.user)
    refused = client.post(edit_url(pledge), posted_items(pledge, ["Bản của đảng viên"]))
    assert refused.context["form"].non_field_errors()[0].startswith(SOMEONE_ELSE)


def test_a_button_pressed_on_a_copy_older_than_ones_own_save_says_so(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=0)
    client = login(plan_world.owner)
    assert client.post(edit_url(pledge), posted_items(pledge, ["Việc một"])).status_code == 302
    submit = reverse("plans:pledge_submit", kwargs={"slug": pledge.member.cell.slug, "pk": pledge.pk})
    page = client.post(submit, {"version": pledge.version}, follow=True).content.decode()
    assert OWN_SAVE in page
    assert Pledge.objects.get(pk=pledge.pk).state == pledge.state


# What a draft's save costs (issue 30): the session, the user with the member's own cell, the
# pledge and its items read for the page and locked again by the service, the update and its
# history entry. Neither the cell's figures stamp nor the constraints that the database enforces
# (19 queries before).
DRAFT_SAVE_QUERIES = 11


def test_a_draft_saved_makes_a_fixed_number_of_queries(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, items=2)
    data = posted_items(pledge, []) | {"items-TOTAL_FORMS": 2, "items-INITIAL_FORMS": 2}
    for index, item in enumerate(pledge.items.order_by("order")):
        data |= {f"items-{index}-{field}": getattr(item, field) for field in ("action", "aspect", "target")}
        data |= {f"items-{index}-id": item.pk, f"items-{index}-timeframe": item.timeframe}

    client = login(plan_world.owner)
    # The member opens the form first, as on a phone: the sign-in's session is written then.
    assert client.get(edit_url(pledge)).status_code == 200

    response, queries = post_queries(client, edit_url(pledge), data)

    assert response.status_code == 302
    assert Pledge.objects.get().reflection_text == "Bài thu hoạch đang viết"
    assert queries == DRAFT_SAVE_QUERIES


def evaluate(client, pledge, **sent):
    url = reverse("plans:pledge_evaluate", kwargs={"slug": pledge.member.cell.slug, "pk": pledge.pk})
    return client.post(url, {"version": pledge.version, "rating": "good", "comment": "", **sent})


@pytest.mark.parametrize("score", [150, 2**63], ids=["above 100", "past the column's range"])
def test_a_score_above_100_is_refused_on_the_form_with_the_constraint_s_words(plan_world, login, score):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, "self_assessed")

    response = evaluate(login(plan_world.secretary), pledge, score=score)

    assert response.status_code == 200
    assert "Điểm tối đa là 100." in response.content.decode()
    assert Pledge.objects.get().state == "self_assessed"


def test_a_score_within_the_rating_s_band_is_saved(plan_world, login):
    pledge = make_pledge(plan_world.owner, plan_world.study_year, "self_assessed")

    response = evaluate(login(plan_world.secretary), pledge, score=80)

    assert response.status_code == 302
    assert Pledge.objects.values_list("state", "rating", "score").get() == ("evaluated", "good", 80)
