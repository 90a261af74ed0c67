"""What several application servers share: uploads in a shared folder or an S3-compatible
bucket (django-storages), chosen by DJANGO_FILE_STORAGE; and the database, whose replica
takes only the reads that may lag. A file is written whole or not at all (issue 18)."""

import errno
import io
import os
import stat
from datetime import timedelta
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from moto import mock_aws

from cell05.routers import ReplicaRouter, reading_from_replica
from cell05.settings import env_file_storage
from jobs.choices import JobKind, JobState
from members.models import Cell
from plans.models import Pledge
from tests.factories import JobFactory, make_document, make_pledge, make_study_year

PDF = b"%PDF-1.7\n% bai thu hoach\n" + bytes(range(256)) * 64
BUCKET = "cell05-tep"


def reflection_url(name, pledge):
    return reverse(f"plans:{name}", kwargs={"slug": pledge.member.cell.slug, "pk": pledge.pk})


def attach_reflection(client, pledge, name="Bài thu hoạch.pdf", content_type="application/pdf"):
    upload = SimpleUploadedFile(name, PDF, content_type=content_type)
    client.post(reflection_url("pledge_reflection", pledge), {"version": pledge.version, "file": upload})
    return Pledge.objects.get(pk=pledge.pk)


@pytest.fixture
def s3_storage(settings, monkeypatch):
    """A bucket in moto's stand-in for S3, configured the way the environment would."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "ap-southeast-1",
        "DJANGO_S3_BUCKET": BUCKET,
        "DJANGO_S3_REGION": "ap-southeast-1",
        "DJANGO_S3_PREFIX": "cell05",
        "DJANGO_FILE_STORAGE": "s3",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name="ap-southeast-1")
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"}
        )
        settings.STORAGES = {**settings.STORAGES, "default": env_file_storage("DJANGO_FILE_STORAGE")}
        yield client


def test_an_attachment_goes_to_the_bucket_and_is_served_from_it(world, login, s3_storage):
    pledge = make_pledge(world.member, make_study_year(world.cell))
    client = login(world.member)
    stored = attach_reflection(client, pledge)

    keys = [item["Key"] for item in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"cell05/{stored.reflection_file.name}"]
    body = s3_storage.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read()
    assert body == PDF
    response = client.get(reflection_url("pledge_reflection_file", stored))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_a_stored_attachment_is_readable_by_its_owner_only(world, login, s3_storage):
    stored = attach_reflection(login(world.member), make_pledge(world.member, make_study_year(world.cell)))
    acl = s3_storage.get_object_acl(Bucket=BUCKET, Key=f"cell05/{stored.reflection_file.name}")
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]
    assert acl["Grants"][0]["Grantee"]["ID"] == acl["Owner"]["ID"]


def test_a_stored_object_is_typed_by_its_bytes_and_saved_as_an_attachment(world, login, s3_storage):
    pledge = make_pledge(world.member, make_study_year(world.cell))
    stored = attach_reflection(login(world.member), pledge, "Bài thu hoạch.html", "text/html")
    assert stored.reflection_file.name.endswith(".pdf")
    head = s3_storage.head_object(Bucket=BUCKET, Key=f"cell05/{stored.reflection_file.name}")
    assert (head["ContentType"], head["ContentDisposition"]) == ("application/pdf", "attachment")


def test_an_object_of_no_known_kind_is_stored_as_bytes_to_save_not_a_page(s3_storage):
    name = default_storage.save("job/trang.html", ContentFile(b"<html><script>alert(1)</script></html>"))
    head = s3_storage.head_object(Bucket=BUCKET, Key=f"cell05/{name}")
    assert (head["ContentType"], head["ContentDisposition"]) == ("application/octet-stream", "attachment")


def test_the_document_form_never_links_the_bucket(world, login, s3_storage):
    client = login(world.secretary)
    document = make_document(
        world.cell,
        file=SimpleUploadedFile("ke-hoach.pdf", PDF),
        file_name="Kế hoạch.pdf",
    )
    kwargs = {"slug": world.cell.slug, "pk": document.pk}
    page = client.get(reverse("plans:document_update", kwargs=kwargs)).content.decode()
    assert reverse("plans:document_file", kwargs=kwargs) in page
    assert BUCKET not in page and "X-Amz" not in page and "amazonaws" not in page


def test_cleaning_a_bucket_removes_old_job_results_only_and_says_it_walks_nothing(world, s3_storage):
    result = default_storage.save("job/sao-luu.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    job = JobFactory(
        kind=JobKind.CELL_BACKUP,
        cell=world.cell,
        state=JobState.DONE,
        finished_at=timezone.now() - timedelta(days=31),
        result=result,
    )
    default_storage.save("job/.partial-0f3a", ContentFile(b"x" * 10))
    out = io.StringIO()

    call_command("clean_files", stdout=out)

    assert out.getvalue() == (
        "Removed 0 temporary files, 0 files that no record names and 1 job results finished over "
        "30 days ago (22 bytes); the storage is a bucket, whose files are not walked.\n"
    )
    keys = [item["Key"] for item in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == ["cell05/job/.partial-0f3a"]
    job.refresh_from_db()
    assert job.result.name == ""


def test_an_attachment_missing_from_the_storage_is_not_found(world, login, tmp_path, settings):
    pledge = make_pledge(world.member, make_study_year(world.cell))
    client = login(world.member)
    stored = attach_reflection(client, pledge)
    (tmp_path / "media" / stored.reflection_file.name).unlink()
    assert client.get(reflection_url("pledge_reflection_file", stored)).status_code == 404


def test_only_reads_inside_the_replica_block_go_to_a_configured_replica(settings, monkeypatch):
    router = ReplicaRouter()
    assert router.db_for_read(Cell) is None
    with reading_from_replica():
        assert router.db_for_read(Cell) is None  # no replica configured: the primary
        monkeypatch.setitem(settings.DATABASES, "replica", settings.DATABASES["default"])
        assert router.db_for_read(Cell) == "replica"
        assert router.db_for_write(Cell) is None
    assert router.db_for_read(Cell) is None
    assert router.allow_migrate("replica", "members") is False


class BrokenContent(ContentFile):
    """Content whose reading fails after its first chunk, as a write fails on a full disk."""

    def __init__(self, error):
        super().__init__(b"")
        self.error = error

    def chunks(self, chunk_size=None):
        yield PDF
        raise self.error


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), KeyboardInterrupt()])
def test_a_write_that_fails_midway_leaves_no_file_and_raises(settings, error):
    with pytest.raises(type(error)) as raised:
        default_storage.save("job/ket-qua.pdf", BrokenContent(error))

    assert raised.value is error
    assert files_under(Path(settings.MEDIA_ROOT)) == []


def test_a_file_appears_under_its_name_only_once_written_whole(settings):
    media = Path(settings.MEDIA_ROOT)
    seen_while_writing = []

    class Watched(ContentFile):
        def chunks(self, chunk_size=None):
            yield PDF[:100]
            seen_while_writing.extend(files_under(media))
            yield PDF[100:]

    name = default_storage.save("job/ket-qua.pdf", Watched(b""))

    assert name == "job/ket-qua.pdf"
    assert len(seen_while_writing) == 1
    assert seen_while_writing[0].startswith("job/.partial-")
    assert files_under(media) == ["job/ket-qua.pdf"]
    with default_storage.open(name, "rb") as file:
        assert file.read() == PDF


def test_a_second_file_under_a_taken_name_gets_another_with_the_upload_permissions(settings):
    settings.FILE_UPLOAD_PERMISSIONS = 0o640
    first = default_storage.save("job/ket-qua.pdf", ContentFile(b"%PDF-1.7 1"))
    second = default_storage.save("job/ket-qua.pdf", ContentFile(b"%PDF-1.7 2"))

    assert first == "job/ket-qua.pdf"
    assert second != first and second.startswith("job/ket-qua_") and second.endswith(".pdf")
    media = Path(settings.MEDIA_ROOT)
    assert [(media / name).read_bytes() for name in (first, second)] == [b"%PDF-1.7 1", b"%PDF-1.7 2"]
    assert stat.S_IMODE((media / second).stat().st_mode) == 0o640
