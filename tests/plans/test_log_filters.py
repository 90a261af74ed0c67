"""The secret of a calendar address never reaches a log (issue 29, item 6): a phone polls the
feed every hour, and gunicorn's and Django's logs would otherwise keep every member's address."""

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from gunicorn.config import Config
from gunicorn.glogging import Logger

from plans.services.calendar import calendar_address_renew

pytestmark = pytest.mark.django_db


@pytest.fixture
def address(world):
    token, secret, _created = calendar_address_renew(actor=world.member.user, cell=world.cell)
    return SimpleNamespace(
        key=token.key,
        secret=secret,
        path=reverse("plans:calendar_feed", kwargs={"key": token.key, "secret": secret}),
    )


def test_gunicorns_access_log_keeps_the_poll_without_the_secret(address, tmp_path):
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": address.path,
        "PATH_INFO": address.path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.7",
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])

    Logger(config).access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=12))

    line = (tmp_path / "access.log").read_text()
    assert f'"GET /cells/calendar/{address.key}/…secret….ics HTTP/1.1" 200 1234' in line
    assert address.secret not in line


def test_djangos_request_log_names_a_wrong_address_without_its_secret(address, client):
    records = []
    handler = logging.Handler(level=logging.WARNING)
    handler.emit = lambda record: records.append(logging.Formatter().format(record))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    # setLevel, not the attribute: it clears the logger's cached answers, which an earlier request
    # of the same process may have left at "WARNING is off" (the settings log django.* from ERROR).
    level = logger.level
    logger.setLevel(logging.WARNING)
    wrong = address.path.replace(address.secret, address.secret[::-1])
    try:
        assert client.get(wrong).status_code == 404
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)

    assert records == [f"Not Found: /cells/calendar/{address.key}/…secret….ics"]
