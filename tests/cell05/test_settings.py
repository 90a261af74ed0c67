"""Settings come from the environment; a bad value stops the start-up and names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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
        ("DJANGO_EMAIL_URL", "memorymail://"),
        ("DJANGO_EMAIL_URL", "pop3://mail.example.vn"),
        ("DJANGO_EMAIL_TIMEOUT", "ten seconds"),
        ("DJANGO_SENT_EMAIL_DAYS", "a season"),
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


def mail_settings(env):
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS, "
        "s.DEFAULT_FROM_EMAIL)"
    )
    result = manage("shell", "-c", code, env={"DJANGO_SECRET_KEY": REAL_KEY, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n")[-2]


def test_mail_goes_to_the_console_under_debug_and_to_the_smtp_server_of_the_environment():
    assert mail_settings({"DJANGO_DEBUG": "true"}).startswith(
        "django.core.mail.backends.console.EmailBackend"
    )
    assert mail_settings(
        {
            "DJANGO_EMAIL_URL": "smtp+tls://cell05:secret@mail.tinh.internal:587",
            "DJANGO_DEFAULT_FROM_EMAIL": "cell05@tinh.internal",
        }
    ) == (
        "django.core.mail.backends.smtp.EmailBackend mail.tinh.internal 587 cell05 True cell05@tinh.internal"
    )


def test_the_mail_server_timeout_and_the_days_sent_emails_are_kept_come_from_the_environment():
    code = "from django.conf import settings as s; print(s.EMAIL_TIMEOUT, s.SENT_EMAIL_DAYS)"

    def read(env):
        result = manage("shell", "-c", code, env={"DJANGO_SECRET_KEY": REAL_KEY, **env})
        assert result.returncode == 0, result.stderr
        return result.stdout.split("\n")[-2]

    assert read({}) == "10 90"
    assert read({"DJANGO_EMAIL_TIMEOUT": "3", "DJANGO_SENT_EMAIL_DAYS": "30"}) == "3 30"


@pytest.mark.django_db
def test_the_web_connections_to_postgresql_start_no_parallel_worker_and_no_jit():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a setting of PostgreSQL sessions")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        workers = cursor.fetchone()[0]
        cursor.execute("SHOW jit")
        assert (workers, cursor.fetchone()[0]) == ("0", "off")
