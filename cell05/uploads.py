"""Uploaded files are checked by what their bytes are, not by what their names say."""

import io
import logging
import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

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


KINDS = {
    "pdf": (_is_pdf, "PDF"),
    "docx": (_is_ooxml("word/document.xml"), "Word (.docx)"),
    "xlsx": (_is_ooxml("xl/workbook.xml"), "Excel (.xlsx)"),
    "doc": (_is_ole, "Word 97–2003 (.doc)"),
    "png": (_is_png, "PNG"),
    "jpeg": (_is_jpeg, "JPEG"),
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
    if kind not in kinds:
        allowed = ", ".join(KINDS[k][1] for k in kinds)
        raise ValidationError(
            _("This file type is not accepted. Accepted: %(allowed)s.") % {"allowed": allowed}
        )
    return kind


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "png": "image/png",
    "jpeg": "image/jpeg",
}


def file_response(field_file, name: str):
    """An uploaded file, sent as a download under its original name (quoted by Django), with
    the content type its bytes show, after the view has checked that the person may read the
    record it belongs to. Uploads are never served as static files."""
    if not field_file:
        raise Http404
    try:
        opened = field_file.open("rb")
    except FileNotFoundError:
        # The record names a file the storage has lost (e.g. a server whose media folder is
        # not the shared one): the person gets "not found", the log says which file.
        logger.error("stored file missing: %s", field_file.name)
        raise Http404 from None
    content_type = CONTENT_TYPES.get(detect_kind(opened), "application/octet-stream")
    return FileResponse(
        opened,
        as_attachment=True,
        filename=name or field_file.name.rsplit("/", 1)[-1],
        content_type=content_type,
    )


def upload_path(instance, filename: str) -> str:
    """Files are kept under a random name: the original name is stored apart and never trusted."""
    extension = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"{instance._meta.model_name}/{uuid.uuid4().hex}.{extension}"
