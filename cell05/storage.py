"""The bucket that holds cell05's files when DJANGO_FILE_STORAGE is s3 (django-storages)."""

from storages.backends.s3 import S3Storage

from cell05.uploads import CONTENT_TYPES, UNKNOWN_CONTENT_TYPE, detect_kind


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
