"""The files that tests/test_bad_input.py uploads (posted as a hostile browser would) and the
rows of the member import it sends.
"""

import io

from django.test import Client
from django.urls import reverse
from hypothesis import strategies as st

from members.models import Member
from members.resources import COLUMNS
from oversight.models import Case
from plans.models import CellDocument, Pledge
from tests.bad_input_pages import DOCUMENT
from tests.bad_input_values import Field, NamedFile, dates, texts

# Uploads

UPLOAD_PAGES = {
    "document": ("plans:document_create", None, "secretary"),
    "reflection": ("plans:pledge_reflection", "draft_pledge", "member"),
    "case attachment": ("oversight:case_attach", "running_case", "secretary"),
}


def upload_post(world, page: str, upload) -> dict:
    if page == "document":
        fields = {name: Field(spec.good).resolve(world, spec.good) for name, spec in DOCUMENT.items()}
        fields = {**{k: v for k, v in fields.items() if v is not None}, "version": 1}
        return {**fields, "number": "99-KH/CB", "file": upload}
    if page == "reflection":
        return {"version": world.draft_pledge.version, "file": upload}
    return {"file": upload}


def stored_upload(world, page: str):
    """The stored file of the page's record and its original name as kept."""
    if page == "document":
        document = CellDocument.objects.filter(cell=world.cell, number="99-KH/CB").first()
        return (document.file, document.file_name) if document else (None, "")
    if page == "reflection":
        pledge = Pledge.objects.get(pk=world.draft_pledge.pk)
        return pledge.reflection_file, pledge.reflection_file_name
    case = Case.objects.get(pk=world.running_case.pk)
    return case.attachment, case.attachment_name


def multipart(data: dict) -> tuple[bytes, str]:
    """The body of a form post, with each file's name exactly as given: the test client would
    strip a path from it, a hostile browser does not."""
    boundary = "----cell05-boundary-7MA4YWxkTrZu0gW"
    parts = []
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            if hasattr(one, "read"):
                one.seek(0)
                header = (
                    f'Content-Disposition: form-data; name="{name}"; filename="{one.name}"\r\n'
                    "Content-Type: application/pdf"
                )
                content = one.read()
            else:
                header, content = f'Content-Disposition: form-data; name="{name}"', str(one).encode()
            parts.append(f"--{boundary}\r\n{header}\r\n\r\n".encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def post_upload(world, page: str, upload):
    url, record, persona = UPLOAD_PAGES[page]
    kwargs = {"slug": world.cell.slug, **({"pk": getattr(world, record).pk} if record else {})}
    client = Client()
    client.force_login(getattr(world, persona).user)
    body, content_type = multipart(upload_post(world, page, upload))
    response = client.post(reverse(url, kwargs=kwargs), body, content_type=content_type)
    if response.status_code == 302:
        response = client.get(response["Location"])
    return response


def fifty_megabytes(name):
    return NamedFile(b"%PDF-" + b"0" * (50 * 1024 * 1024), name)


import_cells = {
    "Họ và tên": st.one_of(st.just("Lò Văn Nhập"), texts),
    "Giới tính": st.one_of(st.sampled_from(["Nam", "Nữ", "nu", "male", "Khác", ""]), texts),
    "Ngày sinh": st.one_of(st.just("01/01/1990"), dates),
    "Ngày vào Đảng": st.one_of(st.just("19/05/2015"), dates),
    "Ngày chính thức": st.one_of(st.just("19/05/2016"), dates),
    "Số thẻ đảng viên": st.one_of(st.sampled_from(["79100100", "79200001", ""]), texts),
    "Chức vụ": texts,
    "Nơi công tác": texts,
    "Tổ đảng": st.one_of(
        st.sampled_from(["Tổ đảng số 1", "to dang so 2", "Tổ đảng số 1 ", "Tổ không có"]), texts
    ),
    "Chức vụ trong chi bộ": st.one_of(st.sampled_from(["Đảng viên", "Bí thư", ""]), texts),
    "Trạng thái": st.one_of(st.sampled_from(["Chính thức", "Dự bị", ""]), texts),
    "Ngày chuyển đến chi bộ": st.one_of(st.just(""), dates),
}
import_rows = st.fixed_dictionaries(import_cells)
# Rows that are wrong whatever else the file holds.
SURELY_BAD_ROWS = [
    {"Họ và tên": "Sai Ngày", "Giới tính": "Nam", "Ngày sinh": "31/02/1990"},
    {"Họ và tên": "Tổ Lạ", "Giới tính": "Nữ", "Tổ đảng": "Tổ không có"},
    {
        "Họ và tên": "Thẻ Mượn",
        "Giới tính": "Nam",
        "Số thẻ đảng viên": "79200001",
        "Ngày chính thức": "01/01/2010",
    },
    {"Họ và tên": "\x1b[2J", "Giới tính": "Nam", "Ngày chính thức": "01/01/2010"},
    {"Họ và tên": "Thẻ\x00Rỗng", "Giới tính": "Nam", "Ngày chính thức": "01/01/2010"},
    {"Họ và tên": "", "Giới tính": "Nam"},
]


def csv_content(rows: list[dict]) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS.values()))
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def members_now() -> list:
    return list(Member.objects.order_by("pk").values())
