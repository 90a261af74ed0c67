"""What a report cites from the register: only the documents that carry out Directive 05 or
Kết luận 01, each as the register holds it."""

import re
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from plans.models import CellDocument
from reports.services.editing import report_create
from tests.factories import make_document, report_header

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())


def new_report(world):
    return report_create(actor=world.secretary.user, cell=world.cell, data=report_header(world.secretary))


def test_a_document_not_on_the_directive_is_not_cited_and_stays_in_the_register(world, login):
    make_document(
        world.cell, number="03-KH/CB", issued_on=date(2021, 8, 16), title="Kế hoạch thực hiện Kết luận 01"
    )
    make_document(
        world.cell,
        number="09-KH/CB",
        issued_on=date(2024, 11, 20),
        title="Kế hoạch tổ chức Hội nghị tổng kết năm 2024",
        on_directive_05=False,
    )
    make_document(
        world.cell,
        kind="decision",
        direction="received",
        number="125-QĐ/HU",
        issued_on=date(2022, 6, 10),
        issuer="Ban Thường vụ Huyện ủy",
        title="Quyết định kiện toàn Ban Chỉ huy phòng, chống thiên tai",
        on_directive_05=False,
    )
    client = login(world.secretary)

    preview = page_text(client.get(new_report(world).get_absolute_url()))

    assert "kịp thời ban hành Kế hoạch số 03-KH/CB, ngày 16/8/2021 để triển khai" in preview
    assert "09-KH/CB" not in preview
    assert "125-QĐ/HU" not in preview
    register = page_text(client.get(reverse("plans:document_list", kwargs={"slug": world.cell.slug})))
    assert "09-KH/CB" in register and "125-QĐ/HU" in register
    assert "Kế hoạch tổ chức Hội nghị tổng kết năm 2024 Chi bộ Không" in register


def test_the_regulations_subject_is_read_from_the_register(world, login):
    regulation = make_document(
        world.cell,
        kind="regulation",
        number="02-QĐ/CB",
        issued_on=date(2021, 9, 20),
        title="Quy định về chuẩn mực đạo đức của cán bộ, đảng viên, công chức khối Đảng",
    )
    report = new_report(world)
    client = login(world.secretary)
    assert (
        "Chi bộ đã xây dựng Quy định số 02-QĐ/CB về chuẩn mực đạo đức của cán bộ, đảng viên, công chức khối "
        "Đảng." in page_text(client.get(report.get_absolute_url()))
    )

    regulation.title = "Quy định về nêu gương của cán bộ, đảng viên"
    regulation.save()

    preview = page_text(client.get(report.get_absolute_url()))
    assert "Chi bộ đã xây dựng Quy định số 02-QĐ/CB về nêu gương của cán bộ, đảng viên." in preview
    assert "chuẩn mực đạo đức" not in preview


def test_a_guidance_not_on_the_directive_is_not_the_one_the_report_answers(world, login):
    make_document(
        world.cell,
        kind="guidance",
        direction="received",
        number="20-HD/BTGHU",
        issued_on=date(2025, 10, 1),
        issuer="Ban Tuyên giáo Huyện ủy",
        title="Hướng dẫn sơ kết thực hiện Kết luận số 01-KL/TW",
    )
    make_document(
        world.cell,
        kind="guidance",
        direction="received",
        number="31-HD/BTCHU",
        issued_on=date(2025, 11, 1),
        issuer="Ban Tổ chức Huyện ủy",
        title="Hướng dẫn kiểm điểm, đánh giá, xếp loại tổ chức đảng năm 2025",
        on_directive_05=False,
    )

    preview = page_text(login(world.secretary).get(new_report(world).get_absolute_url()))

    assert "Thực hiện Hướng dẫn số 20-HD/BTGHU, ngày 01/10/2025 của Ban Tuyên giáo Huyện ủy" in preview
    assert "31-HD/BTCHU" not in preview


@pytest.mark.django_db(transaction=True)
def test_documents_registered_before_stay_cited_and_a_typed_subject_leaves_the_draft(world, login):
    make_document(
        world.cell,
        kind="regulation",
        number="02-QĐ/CB",
        issued_on=date(2021, 9, 20),
        title="Quy định về chuẩn mực đạo đức của cán bộ, đảng viên, công chức khối Đảng",
    )
    report = new_report(world)
    typed = (
        "Trước đó, Chi bộ đã xây dựng {quy_dinh_chi_bo} về chuẩn mực đạo đức của cán bộ, đảng viên học tập "
        "và làm theo tấm gương đạo đức Hồ Chí Minh."
    )
    report.sections.filter(pk=report.sections.first().pk).update(text=typed)
    executor = MigrationExecutor(connection)
    executor.migrate([("plans", "0007_calendar_secret_hash"), ("reports", "0011_report_causes_lessons")])

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert CellDocument.objects.get(number="02-QĐ/CB").on_directive_05
    preview = page_text(login(world.secretary).get(report.get_absolute_url()))
    assert (
        "Trước đó, Chi bộ đã xây dựng Quy định số 02-QĐ/CB về chuẩn mực đạo đức của cán bộ, đảng viên, công "
        "chức khối Đảng." in preview
    )
    assert "làm theo tấm gương đạo đức" not in preview
