"""Errors speak the interface's language, in the site's frame, with a way back home."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def way_home(page: str) -> bool:
    return f'href="{reverse("home")}"' in page and "Về trang chủ" in page


def test_unknown_address_says_page_not_found_in_vietnamese(login, world):
    response = login(world.member).get("/khong-co-trang-nay/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page
    assert "Not Found" not in page
    assert way_home(page)
    # The frame keeps the signed-in person's menu.
    assert 'id="account-menu"' in page


def test_unknown_address_in_english_interface_says_page_not_found(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/no-such-page/").content.decode()
    assert "Page not found" in page
    assert "Back to the home page" in page


def test_page_beyond_a_members_role_is_refused_in_vietnamese_with_a_way_back(login, world):
    response = login(world.member).get(reverse("reports:cell_activity", args=[world.cell.slug]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Đồng chí không được mở trang này" in page
    assert "403 Forbidden" not in page
    assert way_home(page)


def test_request_for_an_unknown_host_is_answered_in_vietnamese(client):
    response = client.get("/", HTTP_HOST="ten-mien-la.example")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Không đọc được yêu cầu" in page
    assert way_home(page)


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_server_error_is_answered_in_vietnamese_without_the_details(client):
    client.raise_request_exception = False
    response = client.get("/fail/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi ở máy chủ" in page
    assert "a failure the page must not show" not in page
    assert way_home(page)


def test_form_sent_without_its_token_says_the_form_has_expired(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in page
    assert "CSRF verification failed" not in page
    assert way_home(page)


def test_every_page_names_the_site_icon(client):
    page = client.get(reverse("login")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    assert finders.find("favicon.svg")
