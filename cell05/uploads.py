"""Uploaded files are checked by what their bytes are, not by what their names say."""

import io
import logging
import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

from cell05.downloads import attachment_header, download_name
from cell05.text import nfc

logger = logging.getLogger("cell05.uploads")

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _is_pdf(head: bytes, file) -> bool:
    return head.startswith(b"%PDF-")


def _is_ooxml(part: str):
    def check(head: bytes, file) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        file.seek(0)
        try:
            with zipfile.ZipFile(io.BytesIO(file.read())) as archive:
                return part in archive.namelist()
        except zipfile.BadZipFile:
            return False

    return check


def _is_ole(head: bytes, file) -> bool:
    return head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def _is_png(head: bytes, file) -> bool:
    return head.startswith(b"\x89PNG\r\n\x1a\n")


def _is_jpeg(head: bytes, file) -> bool:
    return head.startswith(b"\xff\xd8\xff")


def _is_zip(head: bytes, file) -> bool:
    return head.startswith(b"PK\x03\x04")


KINDS = {
    "pdf": (_is_pdf, "PDF"),
    "docx": (_is_ooxml("word/document.xml"), "Word (.docx)"),
    "xlsx": (_is_ooxml("xl/workbook.xml"), "Excel (.xlsx)"),
    "doc": (_is_ole, "Word 97–2003 (.doc)"),
    "png": (_is_png, "PNG"),
    "jpeg": (_is_jpeg, "JPEG"),
    # Never accepted as an upload: the cell's back-up, which the worker makes. After docx and
    # xlsx, which are zips too.
    "zip": (_is_zip, "ZIP"),
}
DOCUMENT_KINDS = ("pdf", "docx", "doc", "xlsx", "png", "jpeg")
REFLECTION_KINDS = ("pdf", "docx")


def detect_kind(file) -> str | None:
    file.seek(0)
    head = file.read(16)
    try:
        for kind, (check, _label) in KINDS.items():
            if check(head, file):
                return kind
        return None
    finally:
        file.seek(0)


def validate_upload(file, kinds=DOCUMENT_KINDS, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """Refuse a file that is too large or not one of the kinds; return its kind."""
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": max_bytes // (1024 * 1024)}, code="too_large"
        )
    kind = detect_kind(file)
    if kind is None or kind not in kinds:
        allowed = ", ".join(KINDS[k][1] for k in kinds)
        raise ValidationError(
            _("This file type is not accepted. Accepted: %(allowed)s.") % {"allowed": allowed}
        )
    return kind


CONTENT_TYPES: dict[str | None, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "zip": "application/zip",
}
UNKNOWN_CONTENT_TYPE = "application/octet-stream"
EXTENSIONS: dict[str | None, str] = {kind: "jpg" if kind == "jpeg" else kind for kind in KINDS}


def take_upload(upload, kinds=DOCUMENT_KINDS) -> str:
    """Check a new upload (a service does not count on its form) and rename it after its kind,
    so that it is stored with the extension of what it is; return its original name, composed
    (NFC), to keep beside it."""
    kind = validate_upload(upload, kinds)
    original = nfc(upload.name)[:200]
    upload.name = f"upload.{EXTENSIONS[kind]}"
    return original


def file_response(field_file, name: str):
    """A stored file, sent as a download after the view has checked that the person may read
    the record it belongs to (files are never served from a media URL or the bucket), with the
    content type its bytes show, under its original name with the extension of what it is: a
    "report.html" that is a PDF downloads as "report.pdf"."""
    if not field_file:
        raise Http404
    try:
        opened = field_file.open("rb")
    except FileNotFoundError:
        # The record names a file the storage has lost (e.g. a server whose media folder is
        # not the shared one): the person gets "not found", the log says which file.
        logger.error("stored file missing: %s", field_file.name)
        raise Http404 from None
    kind = detect_kind(opened)
    response = FileResponse(opened, content_type=CONTENT_TYPES.get(kind, UNKNOWN_CONTENT_TYPE))
    response["Content-Disposition"] = attachment_header(download_name(name, EXTENSIONS.get(kind, "bin")))
    return response


def upload_path(instance, filename: str) -> str:
    """Files are kept under a random name, with the extension of their kind (take_upload
    renames uploads after it): the original name is stored apart and never trusted."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in EXTENSIONS.values():
        extension = "bin"
    return f"{instance._meta.model_name}/{uuid.uuid4().hex}.{extension}"
