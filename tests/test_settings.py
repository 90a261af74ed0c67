"""Settings come from the environment; a bad value stops the start-up and names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_KEY = "k7#Vq2!xR9@mZ4$wL8^pT1&nC6*bY3(hF5)jD0_sG2+eA9=uQ7"


def manage(*args, env=None):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://root@localhost/cell05"),
        ("DATABASE_URL", "not a url"),
        ("DJANGO_ALLOWED_HOSTS", "cell05.vn,,"),
        ("DJANGO_HSTS_SECONDS", "a year"),
        ("DJANGO_FILE_STORAGE", "ftp"),
        ("DJANGO_CACHE_URL", "memcache://127.0.0.1:11211"),
        ("DJANGO_CACHE_URL", "not a url"),
        ("DATABASE_REPLICA_URL", "mysql://root@localhost/cell05"),
        ("DJANGO_TRUSTED_PROXIES", "nginx.local"),
    ],
)
def test_bad_environment_value_stops_start_up_naming_the_variable(variable, value):
    result = manage("check", env={"DJANGO_SECRET_KEY": REAL_KEY, variable: value})
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {variable}" in result.stderr


def test_s3_storage_without_a_bucket_is_an_error():
    result = manage("check", env={"DJANGO_SECRET_KEY": REAL_KEY, "DJANGO_FILE_STORAGE": "s3"})
    assert result.returncode != 0
    assert "DJANGO_S3_BUCKET must be set when DJANGO_FILE_STORAGE is s3" in result.stderr


def test_missing_secret_key_with_debug_off_is_an_error():
    result = manage("check", env={"DJANGO_DEBUG": "false"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SECRET_KEY": REAL_KEY,
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "cell05.example.vn",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
