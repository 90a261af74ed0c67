"""A browser by hand against gunicorn on loopback, for the load run (devtools/load_run.py) and the
two-servers test (tests/test_two_servers.py).

The production settings make the cookies `Secure` and check the Origin of every POST, so the
cookies are kept by hand and every request carries `X-Forwarded-Proto: https`, as from the TLS
proxy, with the Origin and Referer of https://127.0.0.1:PORT. Forms and links are read from the
page with an HTMLParser; files are sent as multipart/form-data.
"""

import http.client
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from email.message import Message
from html.parser import HTMLParser
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent


class Forms(HTMLParser):
    """The forms of a page (action, and each field's value or a select's options) and its links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.links: list[str] = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {"action": attrs.get("action"), "fields": {}, "options": {}, "buttons": []}
            self.forms.append(self._form)
        elif self._form is None or "name" not in attrs and tag != "option":
            return
        elif tag == "input" and attrs.get("type") in ("checkbox", "radio"):
            if "checked" in attrs:
                self._form["fields"][attrs["name"]] = attrs.get("value", "on")
        elif tag == "input" and attrs.get("type") == "submit" or tag == "button":
            self._form["buttons"].append(attrs["name"])
        elif tag == "input":
            self._form["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._form["fields"][self._textarea] = ""
        elif tag == "select":
            self._select = attrs["name"]
            self._form["fields"][self._select] = ""
            self._form["options"][self._select] = []
        elif tag == "option" and self._select:
            self._form["options"][self._select].append(attrs.get("value", ""))
            if "selected" in attrs:
                self._form["fields"][self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def parse(body: str) -> Forms:
    parser = Forms()
    parser.feed(body)
    return parser


def keep_cookies(cookies: dict[str, str], lines: list[str]) -> None:
    """Apply Set-Cookie lines to a browser's cookies: set, replace, or remove when expired."""
    for line in lines:
        try:
            cookie = SimpleCookie(line)
        except CookieError:
            continue
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0" or not morsel.value:
                cookies.pop(name, None)
            else:
                cookies[name] = morsel.value


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type; files as name: (filename, bytes, type)."""
    boundary = "cell05-" + secrets.token_hex(16)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content, content_type) in files.items():
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass
class Answer:
    status: int
    location: str  # the path a redirect leads to, resolved; without one, the path asked for
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def send(
    port: int,
    method: str,
    path: str,
    *,
    cookies: dict[str, str],
    page: str = "/",
    form: dict | None = None,
    files: dict[str, tuple[str, bytes, str]] | None = None,
    timeout: float = 60.0,
    user_agent: str = "cell05-test",
) -> Answer:
    """One request as a browser on https://127.0.0.1:PORT sends it from `page`; the answer's
    cookies are kept in `cookies`. OSError when the server does not answer."""
    origin = f"https://{HOST}:{port}"
    headers = {
        "X-Forwarded-Proto": "https",
        "User-Agent": user_agent,
        "Accept-Language": "vi",
        "Referer": origin + page,
    }
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    body = None
    if files:
        body, headers["Content-Type"] = multipart(form or {}, files)
        headers["Origin"] = origin
    elif form is not None:
        body = urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = origin
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
    finally:
        connection.close()
    keep_cookies(cookies, response.headers.get_all("Set-Cookie") or [])
    location = urlsplit(urljoin(origin + path, response.getheader("Location", ""))).path
    return Answer(response.status, location, response.headers, content)


def p95(values: list[float]) -> float:
    """The nearest-rank 95th percentile (0 of nothing)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else 0.0


# gunicorn on loopback


def production_env(database_url: str, folder: Path, port: int) -> dict:
    """The environment of the README's production settings for a server on https://127.0.0.1:PORT
    (behind a TLS proxy on the same machine), with its static and media folders in `folder`."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}:{port}",
        "DJANGO_TRUSTED_PROXIES": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def start_gunicorn(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    """gunicorn as the README deploys it: sync workers on loopback; its log in `log`."""
    command = [sys.executable, "-m", "gunicorn", "cell05.wsgi", f"--bind={HOST}:{port}"]
    command += [f"--workers={workers}", f"--error-logfile={log}", "--no-control-socket"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def log_problems(log: Path) -> list[str]:
    """The log's errors and warnings, for the caller to show."""
    levels = ("[ERROR]", "[WARNING]", "[CRITICAL]")
    entries = log.read_text(errors="replace").splitlines()
    return [entry for entry in entries if any(level in entry for level in levels)]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def login_page_status(port: int) -> int | None:
    try:
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        connection.request("GET", "/accounts/login/", headers={"X-Forwarded-Proto": "https"})
        status = connection.getresponse().status
        connection.close()
        return status
    except OSError:
        return None


def wait_until_up(server: subprocess.Popen, port: int, log: Path, workers: int, seconds: float = 60) -> None:
    """Until gunicorn answers; then a few requests at once, so that every worker has served
    one (Django loads its URLs and templates at the first request), as on a server that runs."""
    limit = time.monotonic() + seconds
    while login_page_status(port) != 200:
        if server.poll() is not None:
            sys.stderr.write(log.read_text(errors="replace"))
            raise RuntimeError(f"gunicorn stopped with exit code {server.returncode}")
        if time.monotonic() > limit:
            raise RuntimeError(f"gunicorn did not answer within {seconds:g} s")
        time.sleep(0.2)
    warm = [threading.Thread(target=login_page_status, args=(port,)) for _ in range(3 * workers)]
    for thread in warm:
        thread.start()
    for thread in warm:
        thread.join()


def stop(server: subprocess.Popen) -> None:
    """gunicorn's quick shutdown (SIGINT): after the run no request is left worth waiting for."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
