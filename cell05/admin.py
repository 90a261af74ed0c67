"""What every admin page of cell05 shares."""

from django.db import models


class StoredFilesHidden:
    """Admin pages neither link nor take a stored file. A link would be the storage's own URL
    (on S3 a presigned link past cell05's checks) and an upload here would skip the check of its
    bytes: files come in through the app's forms and go out through its checking views."""

    def _file_fields(self) -> list[str]:
        return [field.name for field in self.model._meta.fields if isinstance(field, models.FileField)]

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or []), *self._file_fields()]

    def get_readonly_fields(self, request, obj=None):
        files = self._file_fields()
        return [name for name in super().get_readonly_fields(request, obj) if name not in files]
