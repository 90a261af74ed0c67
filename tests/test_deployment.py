"""The systemd units shipped in operations/systemd run what exists, and start the servers again
whatever ends them."""

import configparser
import importlib
from pathlib import Path

import pytest
from django.core.management import get_commands

UNITS = Path(__file__).resolve().parent.parent / "operations" / "systemd"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read(UNITS / name, encoding="utf-8")
    return parser


@pytest.mark.parametrize("name", ["cell05-web.service", "cell05-worker.service"])
def test_the_web_server_and_the_worker_are_started_again_whatever_ends_them(name):
    service = unit(name)["Service"]
    assert service["Restart"] == "always"
    assert int(service["RestartSec"]) <= 5


@pytest.mark.parametrize("name", sorted(path.name for path in UNITS.glob("*.service")))
def test_each_unit_runs_a_command_that_exists(name):
    command = unit(name)["Service"]["ExecStart"].split()
    if "manage.py" in command:
        assert command[command.index("manage.py") + 1] in get_commands()
    else:
        assert command[0].endswith("/gunicorn")
        importlib.import_module(command[1].removesuffix(":application"))


def test_the_clean_up_timer_starts_the_clean_up_service():
    assert unit("cell05-clean.timer")["Timer"]["OnCalendar"]
    assert (UNITS / "cell05-clean.service").is_file()
