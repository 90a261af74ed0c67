"""The demo cell's Directive 05 years, 2016–2021, as in the source document: each year's
theme and key contents, the three documents it names, study sessions, and a pledge from
every member every year, assessed and rated. Loading twice changes nothing."""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from members.choices import CellRole
from members.models import Cell, Member
from plans.choices import Aspect, DocumentDirection, DocumentKind, ItemResult, PledgeState, Rating, StudyForm
from plans.models import CellDocument, KeyContent, Pledge, PledgeItem, StudySession, StudyYear

THEMES = {
    2016: "Những nội dung cơ bản của tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    2017: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý thức tôn trọng Nhân dân, "
    "phát huy dân chủ, chăm lo đời sống Nhân dân",
    2018: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng phong cách, "
    "tác phong công tác của người đứng đầu, của cán bộ, đảng viên",
    2019: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về nêu cao tinh thần trách nhiệm, "
    "chống chủ nghĩa cá nhân, nói đi đôi với làm",
    2020: "Tăng cường khối đại đoàn kết toàn dân tộc, xây dựng Đảng và hệ thống chính trị trong sạch, "
    "vững mạnh theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    2021: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và "
    "khát vọng phát triển đất nước phồn vinh, hạnh phúc",
}

CURRENT_THEME = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát vọng "
    "phát triển đất nước phồn vinh, hạnh phúc (tiếp tục thực hiện Kết luận số 01-KL/TW)"
)

# The key and breakthrough contents of the source document, spread over the years.
KEY_CONTENTS = [
    "Đổi mới nội dung, phương thức, nâng cao chất lượng, hiệu quả lãnh đạo, chỉ đạo của Chi bộ và lãnh đạo "
    "các cơ quan, tổ chức trong khối",
    "Tăng cường công tác giáo dục chính trị, tư tưởng, nâng cao đạo đức, lối sống của cán bộ, đảng viên, "
    "công chức, người lao động",
    "Đổi mới tác phong, lề lối làm việc theo hướng gần dân, sát dân, trọng dân, lắng nghe nhân dân, thực "
    "hiện “nói đi đôi với làm”, “phụng sự Tổ quốc, phục vụ nhân dân”",
    "Xây dựng đội ngũ cán bộ, nhất là lãnh đạo các cơ quan, tổ chức đáp ứng yêu cầu nhiệm vụ trong tình "
    "hình mới",
    "Nâng cao chất lượng công tác tham mưu cho Thường trực và Ban Thường vụ Huyện ủy",
    "Xây dựng phong cách làm việc dân chủ, quần chúng, sâu sát, khoa học, năng động, sáng tạo, nêu gương, "
    "nhất là ở người đứng đầu cơ quan, đơn vị",
    "Thực hiện tốt công tác văn bản đi, đến trên mạng thông tin diện rộng của Đảng và công tác lưu trữ tài "
    "liệu một cách khoa học",
    "Chú trọng đảm bảo an ninh, an toàn trong cơ quan",
]
KEY_CONTENTS_BY_YEAR = {
    2016: [0, 1],
    2017: [0, 2, 4],
    2018: [3, 5],
    2019: [2, 6],
    2020: [1, 7],
    2021: [0, 5, 6],
}

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
]

ITEMS = {
    Aspect.THOUGHT: [
        ("Nghiên cứu, học tập chuyên đề của năm và viết bài thu hoạch", "Bài thu hoạch đạt yêu cầu", "Quý I"),
        (
            "Đọc và ghi chép các bài viết, lời dạy của Bác trong sinh hoạt sáng thứ Hai",
            "Mỗi tháng ít nhất 2 bài",
            "Cả năm",
        ),
        ("Tham gia đầy đủ các buổi học tập, quán triệt nghị quyết, chỉ thị", "Dự 100% các buổi", "Cả năm"),
    ],
    Aspect.ETHICS: [
        (
            "Giữ gìn đạo đức, lối sống giản dị, trung thực, gương mẫu nơi cư trú",
            "Không vi phạm; được nơi cư trú nhận xét tốt",
            "Cả năm",
        ),
        (
            "Thực hành tiết kiệm, chống lãng phí trong sử dụng tài sản cơ quan",
            "Giảm 10% văn phòng phẩm, điện",
            "Cả năm",
        ),
        ("Đoàn kết, giúp đỡ đồng nghiệp hoàn thành nhiệm vụ", "Không để xảy ra mất đoàn kết", "Cả năm"),
    ],
    Aspect.STYLE: [
        (
            "Giải quyết công việc đúng hạn, nói đi đôi với làm",
            "100% văn bản được giao xử lý đúng hạn",
            "Hằng tháng",
        ),
        ("Làm việc khoa học, có kế hoạch tuần, tháng", "Có kế hoạch công tác hằng tuần", "Hằng tuần"),
        ("Gần gũi, lắng nghe ý kiến của cán bộ và nhân dân", "Tham gia đầy đủ các đợt đi cơ sở", "Cả năm"),
    ],
}


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


@transaction.atomic
def load_plans(cell: Cell) -> None:
    for kind, direction, number, issued_on, issuer, title in DOCUMENTS:
        CellDocument.objects.get_or_create(
            cell=cell,
            number=number,
            issued_on=issued_on,
            defaults={"kind": kind, "direction": direction, "issuer": issuer, "title": title},
        )
    members = list(Member.objects.filter(cell=cell).select_related("group__leader").order_by("pk"))
    secretary = next(member for member in members if member.role == CellRole.SECRETARY)
    for year, theme in THEMES.items():
        study_year, created = StudyYear.objects.get_or_create(
            cell=cell, year=year, defaults={"theme": theme, "pledge_deadline": date(year, 3, 31)}
        )
        if created:
            KeyContent.objects.bulk_create(
                KeyContent(study_year=study_year, order=order, text=KEY_CONTENTS[index])
                for order, index in enumerate(KEY_CONTENTS_BY_YEAR[year], start=1)
            )
            session = StudySession.objects.create(
                study_year=study_year,
                held_on=date(year, 2, 20),
                form=StudyForm.CONFERENCE,
                content=f"Hội nghị học tập, quán triệt chuyên đề năm {year}: {theme}",
            )
            session.attendees.set(members[year % 3 :])
        _load_pledges(study_year, members, secretary)
    # The year under way, open for pledges, so that the demo shows the whole cycle.
    today = timezone.localdate()
    StudyYear.objects.get_or_create(
        cell=cell,
        year=today.year,
        defaults={"theme": CURRENT_THEME, "pledge_deadline": date(today.year, 12, 31)},
    )


def _load_pledges(study_year: StudyYear, members: list[Member], secretary: Member) -> None:
    year = study_year.year
    have = set(Pledge.objects.filter(study_year=study_year).values_list("member_id", flat=True))
    missing = [member for member in members if member.pk not in have]
    pledges = []
    for member in missing:
        number = member.pk + year
        rating = [Rating.EXCELLENT, Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.FULFILLED][number % 5]
        reviewer = member.group.leader if member.group and member.group.leader != member else secretary
        pledges.append(
            Pledge(
                member=member,
                study_year=study_year,
                state=PledgeState.EVALUATED,
                submitted_at=_moment(date(year, 3, 1 + number % 25)),
                reviewed_at=_moment(date(year, 4, 5)),
                reviewed_by=reviewer,
                self_assessment="Đã thực hiện nghiêm túc các nội dung đã đăng ký.",
                self_assessed_at=_moment(date(year, 12, 10)),
                rating=rating,
                evaluation_comment="Chi bộ thống nhất với tự đánh giá của đồng chí.",
                evaluated_at=_moment(date(year, 12, 20)),
                evaluated_by=secretary if member != secretary else None,
                reflection_text=f"Bài thu hoạch chuyên đề năm {year}.",
            )
        )
    created = bulk_create_with_history(pledges, Pledge, default_change_reason="demo.loaded")
    items = []
    for pledge in created:
        for order, aspect in enumerate((Aspect.THOUGHT, Aspect.ETHICS, Aspect.STYLE), start=1):
            action, target, timeframe = ITEMS[aspect][(pledge.member_id + year + order) % 3]
            items.append(
                PledgeItem(
                    pledge=pledge,
                    order=order,
                    action=action,
                    aspect=aspect,
                    target=target,
                    timeframe=timeframe,
                    result=ItemResult.DONE if (pledge.member_id + order) % 7 else ItemResult.PARTLY,
                )
            )
    bulk_create_with_history(items, PledgeItem, default_change_reason="demo.loaded")
