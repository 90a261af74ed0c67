"""The demo cell's register of documents: those the source names and those of Kết luận
01-KL/TW, the guidance of the superior committee that each report answers, and a few of other
work that the reports do not cite. Loading twice changes nothing."""

from datetime import date

from django.utils import timezone

from members.models import Cell
from plans.choices import DocumentDirection, DocumentKind
from plans.models import CellDocument

DOCUMENTS = [
    (
        DocumentKind.DIRECTIVE,
        DocumentDirection.RECEIVED,
        "05-CT/TW",
        date(2016, 5, 15),
        "Bộ Chính trị",
        "Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    ),
    (
        DocumentKind.PLAN,
        DocumentDirection.RECEIVED,
        "46-KH/HU",
        date(2016, 12, 8),
        "Ban Thường vụ Huyện ủy",
        "Kế hoạch về “Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”",
    ),
    (
        DocumentKind.PLAN,
        DocumentDirection.ISSUED,
        "06-KH/CB",
        date(2017, 1, 16),
        "Chi bộ Khối Đảng",
        "Kế hoạch thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị và Kế hoạch số 46-KH/HU của Ban Thường vụ "
        "Huyện ủy",
    ),
    (
        DocumentKind.REGULATION,
        DocumentDirection.ISSUED,
        "02-QĐ/CB",
        date(2017, 3, 20),
        "Chi bộ Khối Đảng",
        "Quy định về chuẩn mực đạo đức của cán bộ, đảng viên, công chức khối Đảng học tập và làm theo tấm "
        "gương đạo đức Hồ Chí Minh",
    ),
    (
        DocumentKind.CONCLUSION,
        DocumentDirection.RECEIVED,
        "01-KL/TW",
        date(2021, 5, 18),
        "Bộ Chính trị",
        "Kết luận về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị khóa XII về “Đẩy mạnh học tập "
        "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”",
    ),
    (
        DocumentKind.PLAN,
        DocumentDirection.RECEIVED,
        "27-KH/HU",
        date(2021, 7, 12),
        "Ban Thường vụ Huyện ủy",
        "Kế hoạch thực hiện Kết luận số 01-KL/TW của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW "
        "về “Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”",
    ),
    (
        DocumentKind.PLAN,
        DocumentDirection.ISSUED,
        "14-KH/CB",
        date(2021, 8, 16),
        "Chi bộ Khối Đảng",
        "Kế hoạch thực hiện Kết luận số 01-KL/TW của Bộ Chính trị và Kế hoạch số 27-KH/HU của Ban Thường vụ "
        "Huyện ủy về tiếp tục đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, giai "
        "đoạn 2021 - 2025",
    ),
    *(
        (DocumentKind.GUIDANCE, DocumentDirection.RECEIVED, number, issued_on, issuer, title)
        for number, issued_on, issuer, title in (
            (
                "08-HD/BTGHU",
                date(2021, 3, 5),
                "Ban Tuyên giáo Huyện ủy",
                "Hướng dẫn sơ kết 05 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập "
                "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            ),
            *(
                (
                    number,
                    issued_on,
                    "Ban Tuyên giáo Huyện ủy",
                    "Hướng dẫn báo cáo kết quả học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí "
                    f"Minh năm {issued_on.year}",
                )
                for number, issued_on in (
                    ("27-HD/BTGHU", date(2022, 11, 15)),
                    ("41-HD/BTGHU", date(2023, 11, 14)),
                    ("56-HD/BTGHU", date(2024, 11, 12)),
                )
            ),
            # The districts were dissolved on 01/07/2025 and the province's Commission for
            # Propaganda and Mass Mobilisation (merged in 2025) guides the cells since: the
            # guidance of the end of 2025 and of the ten-year review is its.
            (
                "07-HD/BTGDVTU",
                date(2025, 11, 18),
                "Ban Tuyên giáo và Dân vận Tỉnh ủy Nghệ An",
                "Hướng dẫn báo cáo kết quả học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
                "năm 2025",
            ),
            (
                "15-HD/BTGDVTU",
                date(2026, 2, 24),
                "Ban Tuyên giáo và Dân vận Tỉnh ủy Nghệ An",
                "Hướng dẫn tổng kết 10 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị (khóa XII) về đẩy "
                "mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            ),
        )
    ),
]

# The register also keeps the documents of other work, which the reports do not cite.
OTHER_DOCUMENTS = [
    (
        DocumentKind.DECISION,
        DocumentDirection.RECEIVED,
        "125-QĐ/HU",
        date(2019, 6, 10),
        "Ban Thường vụ Huyện ủy",
        "Quyết định kiện toàn Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn các cơ quan khối Đảng "
        "huyện",
    ),
    (
        DocumentKind.PLAN,
        DocumentDirection.ISSUED,
        "07-KH/CB",
        date(2020, 11, 20),
        "Chi bộ Khối Đảng",
        "Kế hoạch tổ chức Hội nghị tổng kết công tác xây dựng Đảng năm 2020",
    ),
]


def load_documents(cell: Cell) -> None:
    """Register the documents issued by today, each once."""
    today = timezone.localdate()
    registered = [(document, True) for document in DOCUMENTS] + [
        (document, False) for document in OTHER_DOCUMENTS
    ]
    for (kind, direction, number, issued_on, issuer, title), on_directive_05 in registered:
        if issued_on > today:
            continue
        CellDocument.objects.get_or_create(
            cell=cell,
            number=number,
            issued_on=issued_on,
            defaults={
                "kind": kind,
                "direction": direction,
                "issuer": issuer,
                "title": title,
                "on_directive_05": on_directive_05,
            },
        )
