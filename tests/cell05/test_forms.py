"""The sign-in page laid out by Django's own form templates (cell05/forms.py) with the markup
crispy-forms gave it: Bootstrap's classes, the asterisk of a required field, and an error tied
to its field for a screen reader."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def tag(page: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    return re.search(rf'<[^<>]* id="{element_id}"[^<>]*>', page).group(0)


def test_the_sign_in_page_shows_bootstrap_fields_marked_required(client):
    page = client.get(reverse("login")).content.decode()
    label = 'class="form-label requiredField">Tên đăng nhập<span class="asteriskField">*</span></label>'
    assert label in page
    assert 'class="form-control"' in tag(page, "id_username")
    assert 'class="form-control"' in tag(page, "id_password")
    assert "is-invalid" not in page


def test_a_sign_in_without_a_user_name_marks_the_field_invalid_and_reads_its_error_to_it(client):
    page = client.post(reverse("login"), {"username": "", "password": "x"}).content.decode()
    field = tag(page, "id_username")
    assert 'class="form-control is-invalid"' in field
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_username_error"' in field
    assert (
        '<div id="id_username_error" class="invalid-feedback">'
        '<p id="error_1_id_username"><strong>Trường này là bắt buộc.</strong></p></div>'
    ) in page
    assert "is-invalid" not in tag(page, "id_password")


def test_a_wrong_password_is_said_above_the_fields_in_the_glossary_s_words_and_they_stay_unmarked(client):
    make_user("bithu")
    page = client.post(reverse("login"), {"username": "bithu", "password": "wrong"}).content.decode()
    alert = re.search(r'<div class="alert alert-block alert-danger"><ul class="m-0">(.*?)</ul>', page, re.S)
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in alert.group(1)
    assert "Vui lòng" not in page
    assert "is-invalid" not in page
