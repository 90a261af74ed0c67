"""The one exporter of cell05: HTML (a rendered template) to PDF bytes, with WeasyPrint.

WeasyPrint fetches every stylesheet, font and image the HTML names. A printed document holds
members' personal records, and its HTML is built from what users typed, so the fetcher below
reads only the project's own static files: no file on the server outside them, no request to
any other host (which would leak the document's existence, or reach an internal service).
"""

import mimetypes
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from cell05.downloads import attachment_header, download_name

# A host that cannot exist (RFC 2606): documents resolve relative URLs against it, and only
# URLs under its static prefix are served, from disk, never over the network.
ORIGIN = "https://cell05.invalid/"


class ForbiddenURL(ValueError):
    """A URL the exporter refuses. WeasyPrint catches it, logs a warning and skips the resource."""


def static_base_url() -> str:
    """The base URL of printed documents: where `{% static %}` URLs point, e.g.
    https://cell05.invalid/static/ (STATIC_URL may be absolute, e.g. on a CDN)."""
    return urljoin(ORIGIN, settings.STATIC_URL)


def find_static_file(name: str) -> str | None:
    """The path on disk of a static file, or None. The finders read the source folders; the
    storage holds what collectstatic wrote, which is where hashed names ("print.1a2b3c.css",
    from `{% static %}` under the manifest storage in production) are found."""
    found = finders.find(name)
    if found:
        return found
    try:
        if staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
    except NotImplementedError:  # a remote storage has no local path: nothing to serve
        pass
    return None


class StaticFilesFetcher(URLFetcher):
    """WeasyPrint 70's fetcher (a class; the fetch() method is what it calls), narrowed to
    data: URLs and the project's static files."""

    def __init__(self):
        # Should anything reach the parent's urllib machinery, only data: is allowed there.
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        prefix = static_base_url()
        address = urlsplit(url)._replace(query="", fragment="").geturl()
        if not address.startswith(prefix):
            raise ForbiddenURL(f"not a static file of cell05: {url}")
        name = unquote(address.removeprefix(prefix))
        if not name or PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
            raise ForbiddenURL(f"not a static file of cell05: {url}")
        path = find_static_file(name)
        if path is None:
            raise ForbiddenURL(f"no such static file: {url}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if content_type.startswith("text/"):
            content_type += "; charset=utf-8"
        with open(path, "rb") as file:
            body = file.read()
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document whose stylesheets, fonts and images are static files."""
    document = HTML(string=html, base_url=static_base_url(), url_fetcher=StaticFilesFetcher())
    return document.write_pdf()


def print_html(template_name: str, context: dict, request=None) -> str:
    """The HTML of a printed document (usually a template that extends reports/print_base.html).
    Documents for the Party are written in Vietnamese, whatever language the person reads the
    site in."""
    with translation.override("vi"):
        return render_to_string(template_name, context, request=request)


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """The PDF of a template, in Vietnamese (`print_html`)."""
    return html_to_pdf(print_html(template_name, context, request=request))


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """An HTTP response that shows the PDF in the browser, saved as e.g. "Bản đăng ký Nguyễn Thị
    Đào 2021.pdf" (with an ASCII name for old browsers)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = attachment_header(download_name(filename, "pdf"), inline=True)
    return response
