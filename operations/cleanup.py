"""What the storage keeps that nobody needs (`manage.py clean_files`): the temporary files of
writes that a killed process never finished, the files that no record names, and the results
of background jobs past their retention (DJANGO_JOB_RESULT_DAYS).

A file younger than an hour is kept, whatever it is: it may be an upload whose record is not yet
saved. The previews of member imports are left to their own purge (members.import_file).
"""

import os
import stat
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import models
from django.utils import timezone

from cell05.storage import TEMPORARY_PREFIX
from jobs.models import Job
from members.import_file import PREVIEW_FOLDER
from operations.backup import history_model_of

MIN_AGE = timedelta(hours=1)


@dataclass
class Cleaned:
    temporary: int = 0
    unreferenced: int = 0
    results: int = 0
    size: int = 0


def referenced_names() -> set[str]:
    """Every stored file a row names: the FileFields of every installed model, and the same
    fields of their history (django-simple-history keeps them as text), whose older versions
    a back-up carries."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.local_fields:
            if not isinstance(field, models.FileField):
                continue
            for holder in filter(None, (model, history_model_of(model))):
                names.update(
                    holder._base_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                    .distinct()
                    .iterator()
                )
    return names


def _old_files(root: Path, cutoff: float):
    """(storage name, size) of every regular file under the root older than the cutoff, but the
    member-import previews."""
    for folder, subfolders, files in os.walk(root):
        if Path(folder) == root and PREVIEW_FOLDER in subfolders:
            subfolders.remove(PREVIEW_FOLDER)
        for file in files:
            path = Path(folder, file)
            info = path.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                yield path.relative_to(root).as_posix(), info.st_size


def _clean_folder(root: Path, cleaned: Cleaned, dry_run: bool) -> None:
    referenced = referenced_names()
    for name, size in _old_files(root, (timezone.now() - MIN_AGE).timestamp()):
        if Path(name).name.startswith(TEMPORARY_PREFIX):
            cleaned.temporary += 1
        elif name not in referenced:
            cleaned.unreferenced += 1
        else:
            continue
        cleaned.size += size
        if not dry_run:
            (root / name).unlink(missing_ok=True)


def _expire_job_results(cleaned: Cleaned, dry_run: bool) -> None:
    cutoff = timezone.now() - timedelta(days=settings.JOB_RESULT_DAYS)
    for pk, name in Job.objects.filter(finished_at__lt=cutoff).exclude(result="").values_list("pk", "result"):
        try:
            size = default_storage.size(name)
        except FileNotFoundError:
            size = 0
        if not dry_run:
            # The field first, claimed on its value: a second run at once does nothing twice, and
            # a file that outlives a failed delete is no longer named, so the next run takes it.
            if not Job.objects.filter(pk=pk, result=name).update(result=""):
                continue
            default_storage.delete(name)
        cleaned.results += 1
        cleaned.size += size


def clean_files(*, dry_run: bool = False) -> tuple[Cleaned, bool]:
    """Remove (or, on a dry run, count) what nobody needs; what was removed, and whether the
    storage is a folder (a bucket has no leftovers of writes, and is not walked)."""
    cleaned = Cleaned()
    _expire_job_results(cleaned, dry_run)
    is_folder = isinstance(default_storage, FileSystemStorage)
    if is_folder and Path(default_storage.location).is_dir():
        _clean_folder(Path(default_storage.location), cleaned, dry_run)
    return cleaned, is_folder
