"""Errors speak the interface's language, in the site's frame, with a way back home."""

import errno
import logging

import pytest
from django.contrib.sessions.models import Session
from django.contrib.staticfiles import finders
from django.db import DatabaseError, OperationalError, connection
from django.test import Client, RequestFactory, override_settings
from django.urls import get_resolver, reverse
from django.utils import translation

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


def in_vietnamese(message: str) -> str:
    with translation.override("vi"):
        return translation.gettext(message)


NO_SPACE = "The server has no space left"
NO_SPACE_EXPLAINED = (
    "The server has no space left on its disk to save the file or the change you sent: nothing was "
    "saved. Tell the administrator, who must free space on the server; then send it again."
)


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_a_full_disk_is_answered_that_nothing_was_saved_and_is_logged_with_its_traceback(
    login, world, caplog
):
    client = login(world.member)
    client.raise_request_exception = False

    response = client.get("/disk-full/")

    page = response.content.decode()
    assert response.status_code == 507
    assert '<html lang="vi">' in page
    assert in_vietnamese(NO_SPACE) in page and in_vietnamese(NO_SPACE_EXPLAINED) in page
    assert "No space left on device" not in page
    assert way_home(page)
    [record] = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert record.name == "django.request"
    assert record.exc_info[1].errno == errno.ENOSPC


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_a_full_disk_is_answered_in_english_to_who_reads_in_english(client):
    client.raise_request_exception = False
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    page = client.get("/disk-full/").content.decode()

    assert NO_SPACE_EXPLAINED in page


def refuse_session_writes(monkeypatch, *, database_stays_down=False):
    """The database refuses to save the session (a full disk); with `database_stays_down`, it
    answers no query after that."""
    database = {"down": False}

    def refuse(self, *args, **kwargs):
        database["down"] = database_stays_down
        raise DatabaseError("database or disk is full")

    def answer(execute, sql, params, many, context):
        if database["down"]:
            raise OperationalError("the database is unusable")
        return execute(sql, params, many, context)

    monkeypatch.setattr(Session, "save", refuse)
    return connection.execute_wrapper(answer)


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_a_session_that_cannot_be_saved_gets_the_request_refused_page_and_is_logged_with_why(
    login, world, monkeypatch, caplog
):
    client = login(world.member)
    client.raise_request_exception = False

    with refuse_session_writes(monkeypatch):
        response = client.get("/remember/")

    page = response.content.decode()
    assert response.status_code == 400
    assert "Không đọc được yêu cầu" in page
    assert way_home(page)
    [record] = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert record.name == "cell05.errors"
    assert record.getMessage() == "The session of /remember/ could not be saved: database or disk is full"
    assert record.exc_info is not None


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_a_session_lost_with_the_database_gets_the_request_refused_page_without_a_query(
    login, world, monkeypatch
):
    client = login(world.member)
    client.raise_request_exception = False

    with refuse_session_writes(monkeypatch, database_stays_down=True):
        response = client.get("/remember/")

    assert response.status_code == 400
    assert "Không đọc được yêu cầu" in response.content.decode()


def test_a_page_while_the_database_cannot_be_reached_says_to_send_again_in_a_moment(login, world):
    client = login(world.member)
    client.raise_request_exception = False

    def unreachable(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(unreachable):
        response = client.get(reverse("home"))

    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Tạm thời không kết nối được cơ sở dữ liệu" in page
    assert "Server Error (500)" not in page
    assert way_home(page)


def test_a_server_error_answered_while_no_language_is_active_is_in_vietnamese(world):
    server_error = get_resolver().resolve_error_handler(500)
    translation.deactivate_all()

    page = server_error(RequestFactory().get("/")).content.decode()

    assert "Lỗi ở máy chủ" in page


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
