"""The one settings module of cell05, read from the environment.

Every variable is optional except DJANGO_SECRET_KEY when debug is off. A value that
cannot be understood stops the start-up with an error that names the variable.
"""

import ipaddress
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """A strict boolean: anything but a clear yes or no is an error."""
    raw = env.str(name, default="").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env.str(name, default="")
    if not raw.strip():
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name} must be a comma-separated list without empty items.")
    return items


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Addresses or networks ("127.0.0.1, 10.0.0.0/24"), each a network of one or more addresses."""
    try:
        return [ipaddress.ip_network(item, strict=False) for item in env_list(name, default=[])]
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must list IP addresses or networks: {error}") from None


_DATABASE_ENGINES = {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}


def _env_url(name: str, default: str, *, parse, key: str, allowed: set[str], what: str, schemes: str) -> dict:
    url = env.str(name, default="") or default
    try:
        config = parse(url)
    except Exception as error:  # django-environ raises several kinds on a bad URL
        raise ImproperlyConfigured(f"{name} is not a {what} URL: {error}") from None
    if config.get(key) not in allowed:
        raise ImproperlyConfigured(f"{name} must start with {schemes}, not {url.split(':', 1)[0]!r}.")
    return config


def env_database(name: str, default: str) -> dict:
    config = _env_url(
        name,
        default,
        parse=environ.Env.db_url_config,
        key="ENGINE",
        allowed=_DATABASE_ENGINES,
        what="database",
        schemes="sqlite:/// or postgres://",
    )
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} does not name a database.")
    return config


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 - debug only

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Django's widget templates, for the form renderer below, which reads the project's templates.
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "simple_history",
    "csp",
    "import_export",
    # The kernel's background jobs, which the domain apps use; it imports none of them. Above
    # django_tasks_db, whose `db_worker` command it replaces with one that outlives the database.
    "jobs",
    "django_tasks",
    "django_tasks_db",
    "storages",
    "members",
    "plans",
    "oversight",
    # The counting engine, which reads the records of the apps listed before it, for the reports.
    "figures",
    "reports",
    # The kernel's notifications, in the app and by e-mail, which the domain apps send and whose
    # daily reminders they register; it imports none of them.
    "notifications",
    # The home page and the work waiting for each role, above the domain apps; none imports it.
    "home",
    # Above the domain apps: back-up, restore and the demo cell; no domain app imports it.
    "operations",
    # Development tooling (benchmark, load run, province data set) that the product never
    # imports; installed for its commands and the province job (tests/test_layout.py).
    "devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "cell05.middleware.SessionLifetimeMiddleware",
    "cell05.middleware.PrivatePagesMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "cell05.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
            ],
            # The kernel's tags: cell05 is not an app, so its library is named here.
            "libraries": {"badges": "cell05.badges"},
            # `{% url %}` remembered per process (cell05/reversing.py): it replaces Django's tag.
            "builtins": ["cell05.reversing"],
        },
    },
]

WSGI_APPLICATION = "cell05.wsgi.application"

DATABASES = {
    "default": env_database("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'cell05.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite as a server's database: a transaction takes the write lock when it begins, so two
    # requests never both read and then fail to write ("database is locked"); a writer waits up
    # to 20 s for another; readers go on beside a writer (WAL), and a commit does not wait for
    # the disk twice (NORMAL is durable in WAL mode but for a power cut at the last commit).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }


def without_parallel_query(database: dict) -> dict:
    """The application's queries each read one cell or one committee by its indexes, in a few
    milliseconds: on PostgreSQL a parallel worker or a JIT compilation costs more than it saves
    and takes a core from the other requests (issue 17: +17% requests/s without parallel workers)."""
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        settings_of_session = "-c max_parallel_workers_per_gather=0 -c jit=off"
        options["options"] = " ".join(filter(None, [options.get("options", ""), settings_of_session]))
    return database


without_parallel_query(DATABASES["default"])
# A request that opens its own PostgreSQL connection spends more on it (a server process
# forked, authentication) than on a member's page: connections are kept for a minute, and
# checked before a request reuses one, so that a restarted database costs no failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A streaming replica of PostgreSQL takes the superior committee's reads over many cells
# (cell05.routers); everything else, and every write, goes to the primary.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = without_parallel_query(env_database("DATABASE_REPLICA_URL", default=""))
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["cell05.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, reading the user with the membership (members/backends.py).
    "members.backends.MemberBackend",
]

# New passwords with Argon2id (cell05/hashers.py says why); a password kept with PBKDF2 is
# still accepted and kept again with Argon2id at the member's next sign-in.
PASSWORD_HASHERS = [
    "cell05.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Wrong passwords: lock the (username, address) pair, never the user alone, so that an
# attacker cannot lock a real member out from elsewhere; the lock lifts by itself.
AXES_FAILURE_LIMIT = env_int("DJANGO_AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("DJANGO_AXES_ENABLED", default=True)
# Behind reverse proxies (docs/deployment.md's nginx), the client's address is read from X-Forwarded-For
# as the proxies set it; otherwise every sign-in would seem to come from the proxy. The header is
# believed only from these addresses or networks: anybody else can write it.
TRUSTED_PROXIES = env_networks("DJANGO_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "cell05.middleware.client_address"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["cell05.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))


def env_file_storage(name: str) -> dict:
    """Where uploads and the results of jobs live: a folder (MEDIA_ROOT, which several servers
    share as a network disk) or an S3-compatible bucket through django-storages."""
    kind = env.str(name, default="filesystem").strip().lower()
    if kind == "filesystem":
        # Each file written aside and moved into place whole (cell05/storage.py).
        return {"BACKEND": "cell05.storage.AtomicFileSystemStorage"}
    if kind == "s3":
        bucket = env.str("DJANGO_S3_BUCKET", default="")
        if not bucket:
            raise ImproperlyConfigured(f"DJANGO_S3_BUCKET must be set when {name} is s3.")
        return {
            # Objects typed by their bytes and stored as attachments (cell05/storage.py).
            "BACKEND": "cell05.storage.CheckedS3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": env.str("DJANGO_S3_ENDPOINT_URL", default="") or None,
                "region_name": env.str("DJANGO_S3_REGION", default="") or None,
                "location": env.str("DJANGO_S3_PREFIX", default=""),
                # Files are private: only cell05's views, after their checks, hand them out.
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
    raise ImproperlyConfigured(f"{name} must be filesystem or s3, not {kind!r}.")


STORAGES = {
    "default": env_file_storage("DJANGO_FILE_STORAGE"),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests render pages without running collectstatic first.
WHITENOISE_MANIFEST_STRICT = False

_CACHE_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.db.DatabaseCache",
    "django.core.cache.backends.redis.RedisCache",
}


def env_cache(name: str, default: str) -> dict:
    return _env_url(
        name,
        default,
        parse=environ.Env.cache_url_config,
        key="BACKEND",
        allowed=_CACHE_BACKENDS,
        what="cache",
        schemes="locmemcache://, dbcache:// or redis://",
    )


# One machine: memory. Several: the database (`dbcache://cell05_cache`, after
# `manage.py createcachetable`) or Redis, so that every server sees the same entries.
CACHES = {"default": env_cache("DJANGO_CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache":
    # Room for the pages' content beside the figures (Django's default keeps 300 entries).
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 1000)
elif CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A server that cannot reach Redis serves its pages uncached, without waiting long for it.
    CACHES["default"]["BACKEND"] = "cell05.cache_backends.TolerantRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update({"socket_connect_timeout": 0.5, "socket_timeout": 0.5})
# The content of the pages people reload kept in the cache (cell05.page_cache).
PAGE_CONTENT_CACHE = True
# Sessions are rows of the database, which every application server reads.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Long work (PDFs over many cells, back-ups, imports) runs in `manage.py db_worker`, which takes
# its jobs from a table of the database: nothing to install besides the database, and a queued
# job outlives a restart of the worker (jobs.runner).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A running job writes a heartbeat this often, however long its current step; one silent for
# JOB_STALLED_SECONDS has lost its worker: it is run again (jobs.worker), or may be retried.
JOB_HEARTBEAT_SECONDS = env_int("DJANGO_JOB_HEARTBEAT_SECONDS", default=10)
JOB_STALLED_SECONDS = env_int("DJANGO_JOB_STALLED_SECONDS", default=60)
# The file a finished job made is kept this long; then `manage.py clean_files` removes it.
JOB_RESULT_DAYS = env_int("DJANGO_JOB_RESULT_DAYS", default=30)

_EMAIL_BACKENDS = {
    "django.core.mail.backends.smtp.EmailBackend",
    "django.core.mail.backends.console.EmailBackend",
}


def env_email(name: str, default: str) -> dict:
    return _env_url(
        name,
        default,
        parse=environ.Env.email_url_config,
        key="EMAIL_BACKEND",
        allowed=_EMAIL_BACKENDS,
        what="mail",
        schemes="smtp://, smtp+tls://, smtp+ssl:// or consolemail://",
    )


# Notifications by e-mail (notifications.services): an SMTP server of the Party's network, e.g.
# smtp+tls://user:password@mail.tinh.internal:587; under debug the messages are printed on the
# console; by default, as Django's, a server on this machine.
_email = env_email("DJANGO_EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
# Each step of talking to the mail server (connecting, each command) waits this long at most:
# a relay that hangs costs the worker no more per run (notifications.outbox).
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", default=10)
# A sent e-mail is kept in the outbox this long, then the worker's daily run removes it; one that
# could not be sent stays until the administrator deals with it.
SENT_EMAIL_DAYS = env_int("DJANGO_SENT_EMAIL_DAYS", default=90)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="cell05 <cell05@localhost>")
# The address of the site as members open it, for the links in e-mails.
SITE_URL = env.str("DJANGO_SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

# Which forms Django's templates lay out and which crispy-forms does: cell05/forms.py.
FORM_RENDERER = "cell05.forms.BootstrapRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# A session ends after 30 minutes idle (the cookie's age, renewed by a request at most once a
# minute, so that a page view writes nothing) and in any case 12 hours after signing in
# (cell05.middleware.SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_RENEW_SECONDS = 60
SESSION_ABSOLUTE_AGE = env_int("DJANGO_SESSION_MAX_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Every script, style, font and image comes from cell05 itself; no inline script runs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

if not DEBUG:
    # Behind a TLS proxy (see docs/deployment.md), which sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "cell05": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
        # A server error's traceback goes to the server's output (journald, the container's log)
        # also with debug off, where Django would only mail it to ADMINS.
        "django": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
