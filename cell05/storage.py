"""The storages of cell05's files: a folder (DJANGO_FILE_STORAGE filesystem, the default) or a
bucket when DJANGO_FILE_STORAGE is s3 (django-storages)."""

import os
import posixpath
import uuid
from pathlib import Path

from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

from cell05.uploads import CONTENT_TYPES, UNKNOWN_CONTENT_TYPE, detect_kind

# The name a file has while it is written; what a killed process leaves under it, `manage.py
# clean_files` removes.
TEMPORARY_PREFIX = ".partial-"


class AtomicFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that writes a file under a temporary name beside it and moves it into
    place once complete: a full disk or any other error leaves no partial file, under either
    name, and a reader never sees half a file."""

    def _save(self, name, content):
        temporary = posixpath.join(posixpath.dirname(name), f"{TEMPORARY_PREFIX}{uuid.uuid4().hex}")
        try:
            # Django's own writing: directories, permissions, group, uploads moved from /tmp.
            temporary = super()._save(temporary, content)
            # A name taken meanwhile gets Django's other name, checked just before the move (which
            # would replace): the names of uploads and results are random (upload_path), so no
            # other writer takes the name in between.
            full_path = self.path(self.get_available_name(name))
            os.replace(self.path(temporary), full_path)
        except BaseException:
            Path(self.path(temporary)).unlink(missing_ok=True)
            raise
        return os.path.relpath(full_path, self.location).replace("\\", "/")


class CheckedS3Storage(S3Storage):
    """S3Storage whose objects carry the content type their bytes show, not the one their name
    or the browser claims, and `attachment`: were a bucket URL ever to reach a browser, an
    uploaded page would be saved, never shown. cell05 itself serves files only through the
    views that check who reads them."""

    def _get_write_parameters(self, name, content=None):
        # The one place where S3Storage has both the name and the bytes (django-storages 1.14).
        params = super()._get_write_parameters(name, content)
        kind = detect_kind(content) if content is not None else None
        params["ContentType"] = CONTENT_TYPES.get(kind, UNKNOWN_CONTENT_TYPE)
        params["ContentDisposition"] = "attachment"
        params.pop("ContentEncoding", None)  # guessed from the name; the bytes are kept as they are
        return params
