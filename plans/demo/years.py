"""The demo cell's Directive 05 years: 2016–2021 as in the source document, 2022–2025 under
Kết luận số 01-KL/TW (18/05/2021), which carries the Directive on, and the year under way.
Each year's theme and key contents, study sessions with who attended, and a pledge of every
member of the year with its items, submitted, approved, self-assessed and evaluated on dates
within the year, after the register of documents (plans/demo/documents.py). Loading twice
changes nothing; a demo loaded before is put right where it was wrong and unchanged since."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from members.choices import CellRole
from members.models import Cell, Member
from plans.choices import Aspect, ItemResult, PledgeState, Rating, StudyForm
from plans.demo.documents import load_documents
from plans.models import KeyContent, Pledge, PledgeItem, StudySession, StudyYear

# The yearly themes (chuyên đề) the Central Propaganda Commission (Ban Tuyên giáo Trung ương)
# set under Chỉ thị 05-CT/TW; 2016 studied the Directive with the basic contents of Hồ Chí
# Minh's thought, ethics and style.
THEMES = {
    2016: "Những nội dung cơ bản của tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    2017: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phòng, chống suy thoái tư tưởng "
    "chính trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hóa” trong nội bộ",
    2018: "Xây dựng phong cách, tác phong công tác của người đứng đầu, của cán bộ, đảng viên trong học tập "
    "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    2019: "Xây dựng ý thức tôn trọng Nhân dân, phát huy dân chủ, chăm lo đời sống Nhân dân theo tư tưởng, "
    "đạo đức, phong cách Hồ Chí Minh",
    2020: "Tăng cường khối đại đoàn kết toàn dân tộc, xây dựng Đảng và hệ thống chính trị trong sạch, "
    "vững mạnh theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
}
# Kết luận 01-KL/TW (18/05/2021) set one theme for the whole term 2021–2026. The yearly themes
# after 2021 are each province's, which the demo does not make up: its cell studies the
# whole-term theme every year, and the year's focus shows in its key contents. A year after
# 2026 keeps it until the secretary enters the theme of the new term.
WHOLE_TERM_THEME = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát vọng "
    "phát triển đất nước phồn vinh, hạnh phúc"
)
THEMES |= dict.fromkeys(range(2021, 2026), WHOLE_TERM_THEME)
# Themes that demo databases loaded before were given wrongly (the 2019 one is of 2014–2015,
# under Chỉ thị 03-CT/TW; those of 2022–2025 were no one's): corrected once, if unchanged.
WRONG_THEMES = {
    2017: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý thức tôn trọng Nhân dân, "
    "phát huy dân chủ, chăm lo đời sống Nhân dân",
    2018: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng phong cách, "
    "tác phong công tác của người đứng đầu, của cán bộ, đảng viên",
    2019: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về nêu cao tinh thần trách nhiệm, "
    "chống chủ nghĩa cá nhân, nói đi đôi với làm",
    2022: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng Đảng và hệ thống chính "
    "trị trong sạch, vững mạnh; xây dựng đội ngũ cán bộ, đảng viên tiên phong, gương mẫu, đủ phẩm chất, "
    "năng lực và uy tín ngang tầm nhiệm vụ",
    2023: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phát huy dân chủ, tăng cường kỷ "
    "luật, kỷ cương; nêu cao trách nhiệm nêu gương của cán bộ, đảng viên, nhất là người đứng đầu",
    2024: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần đổi mới, sáng tạo, dám "
    "nghĩ, dám làm, dám chịu trách nhiệm vì lợi ích chung",
    2025: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng tổ chức bộ máy tinh "
    "gọn, hoạt động hiệu lực, hiệu quả; phát huy sức mạnh đại đoàn kết toàn dân tộc, vững bước vào kỷ "
    "nguyên vươn mình của dân tộc",
}
# The theme older demos gave the year under way, whichever it was.
WRONG_CURRENT_THEME = f"{WHOLE_TERM_THEME} (tiếp tục thực hiện Kết luận số 01-KL/TW)"


def theme_of(year: int) -> str:
    return THEMES.get(year, WHOLE_TERM_THEME)


def is_wrong_theme(year: int, theme: str) -> bool:
    return theme in (WRONG_THEMES.get(year), WRONG_CURRENT_THEME)


# The day the cell studied the year's theme; its members file their pledges after it, by the
# deadline the cell set then, within the first quarter as cells do.
CONFERENCES = {year: date(year, 2, 20) for year in range(2016, 2022)} | {
    2022: date(2022, 3, 8),
    2023: date(2023, 2, 21),
    2024: date(2024, 3, 5),
    2025: date(2025, 2, 25),
}
PLEDGE_DEADLINES = {
    2016: date(2016, 3, 15),
    2017: date(2017, 3, 15),
    2018: date(2018, 3, 20),
    2019: date(2019, 3, 15),
    2020: date(2020, 3, 13),
    2021: date(2021, 3, 19),
    2022: date(2022, 3, 31),
    2023: date(2023, 3, 17),
    2024: date(2024, 3, 29),
    2025: date(2025, 3, 21),
}
# The deadline older demos gave the year under way: put right once, if unchanged.
WRONG_DEADLINE = (12, 31)


def conference_of(year: int) -> date:
    return CONFERENCES.get(year, date(year, 2, 20))


def pledge_deadline_of(year: int) -> date:
    """The year's deadline; for a year the demo does not list, the third Friday of March."""
    if year in PLEDGE_DEADLINES:
        return PLEDGE_DEADLINES[year]
    first = date(year, 3, 1)
    return first + timedelta(days=(4 - first.weekday()) % 7 + 14)


# The key and breakthrough contents of the source document (the first eight), then those the
# cell chose under Kết luận 01-KL/TW, spread over the years.
KEY_CONTENTS = [
    "Đổi mới nội dung, phương thức, nâng cao chất lượng, hiệu quả lãnh đạo, chỉ đạo của Chi bộ và lãnh đạo "
    "các cơ quan, tổ chức trong khối",
    "Tăng cường công tác giáo dục chính trị, tư tưởng, nâng cao đạo đức, lối sống của cán bộ, đảng viên, "
    "công chức, người lao động",
    "Đổi mới tác phong, lề lối làm việc theo hướng gần dân, sát dân, trọng dân, lắng nghe Nhân dân, thực "
    "hiện “nói đi đôi với làm”, “phụng sự Tổ quốc, phục vụ Nhân dân”",
    "Xây dựng đội ngũ cán bộ, nhất là lãnh đạo các cơ quan, tổ chức đáp ứng yêu cầu nhiệm vụ trong tình "
    "hình mới",
    "Nâng cao chất lượng công tác tham mưu cho Thường trực và Ban Thường vụ Huyện ủy",
    "Xây dựng phong cách làm việc dân chủ, quần chúng, sâu sát, khoa học, năng động, sáng tạo, nêu gương, "
    "nhất là ở người đứng đầu cơ quan, đơn vị",
    "Thực hiện tốt công tác văn bản đi, đến trên mạng thông tin diện rộng của Đảng và công tác lưu trữ tài "
    "liệu một cách khoa học",
    "Chú trọng bảo đảm an ninh, an toàn trong cơ quan",
    "Gắn học tập và làm theo Bác với thực hiện Kết luận số 21-KL/TW của Ban Chấp hành Trung ương Đảng về "
    "đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
    "Thực hiện Quy định số 55-QĐ/TW của Bộ Chính trị về một số việc cần làm ngay để tăng cường vai trò "
    "nêu gương của cán bộ, đảng viên",
    "Ứng dụng công nghệ thông tin, chuyển đổi số trong công tác văn phòng, tham mưu của các cơ quan trong "
    "khối",
    "Học tập, thực hiện Quy định số 144-QĐ/TW của Bộ Chính trị về chuẩn mực đạo đức cách mạng của cán bộ, "
    "đảng viên trong giai đoạn mới",
    "Giữ vững đoàn kết, ổn định tư tưởng của cán bộ, đảng viên trong sắp xếp tổ chức bộ máy của hệ thống "
    "chính trị tinh gọn, hoạt động hiệu lực, hiệu quả",
]
KEY_CONTENTS_BY_YEAR = {
    2016: [0, 1],
    2017: [0, 2, 4],
    2018: [3, 5],
    2019: [2, 6],
    2020: [1, 7],
    2021: [0, 5, 6],
    2022: [8, 3, 0],
    2023: [9, 5, 2],
    2024: [11, 10, 4],
    2025: [12, 1, 7],
}

# (date held, form, content) of the study sessions of the years after 2021; before, one
# conference on 20 February. Hồ Chí Minh was born on 19/05/1890.
STUDY_SESSIONS = {
    year: [
        (conference, StudyForm.CONFERENCE, f"Hội nghị học tập, quán triệt chuyên đề năm {year}"),
        (
            birthday,
            StudyForm.THEMATIC_MEETING,
            f"Sinh hoạt chuyên đề kỷ niệm {year - 1890} năm Ngày sinh Chủ tịch Hồ Chí Minh; các tổ đảng "
            "trao đổi kết quả thực hiện bản đăng ký học tập và làm theo 6 tháng đầu năm",
        ),
    ]
    for year, conference, birthday in (
        (year, CONFERENCES[year], birthday)
        for year, birthday in (
            (2022, date(2022, 5, 19)),
            (2023, date(2023, 5, 19)),
            (2024, date(2024, 5, 17)),
            (2025, date(2025, 5, 19)),
        )
    )
}

ITEMS = {
    Aspect.THOUGHT: [
        ("Nghiên cứu, học tập chuyên đề của năm và viết bài thu hoạch", "Bài thu hoạch đạt yêu cầu", "Quý I"),
        (
            "Đọc và ghi chép các bài viết, lời dạy của Bác trong buổi sinh hoạt thứ Hai",
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
        ("Gần gũi, lắng nghe ý kiến của cán bộ và Nhân dân", "Tham gia đầy đủ các đợt đi cơ sở", "Cả năm"),
    ],
}
# What members also pledged from 2022, under the yearly themes of Kết luận 01-KL/TW.
LATER_ITEMS = {
    Aspect.THOUGHT: (
        "Tìm hiểu, vận dụng tinh thần tự lực, tự cường trong tư tưởng Hồ Chí Minh vào nhiệm vụ được giao",
        "Có ít nhất 1 bài viết tham gia cuộc thi, diễn đàn của huyện",
        "Cả năm",
    ),
    Aspect.ETHICS: (
        "Nêu gương trong thực hiện các quy định về những điều đảng viên không được làm",
        "Không vi phạm; được tổ đảng nhận xét tốt",
        "Cả năm",
    ),
    Aspect.STYLE: (
        "Dám nghĩ, dám làm, đề xuất cách làm mới trong công việc chuyên môn",
        "Ít nhất 1 sáng kiến, đề xuất được cơ quan ghi nhận",
        "Quý III",
    ),
}


# The accounts without a pledge of the year under way: the demo begins one with them.
OPEN_ACCOUNTS = {f"dangvien{number:02d}" for number in range(1, 6)}


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def in_cell(member: Member, day: date) -> bool:
    return (member.joined_on is None or member.joined_on <= day) and (
        member.left_on is None or member.left_on > day
    )


@transaction.atomic
def load_plans(cell: Cell) -> None:
    today = timezone.localdate()
    load_documents(cell)
    members = list(Member.objects.filter(cell=cell).select_related("group__leader", "user").order_by("pk"))
    secretary = next(
        member for member in members if member.role == CellRole.SECRETARY and member.left_on is None
    )
    for year in THEMES:
        study_year, created = study_year_of(cell, year)
        if created:
            KeyContent.objects.bulk_create(
                KeyContent(study_year=study_year, order=order, text=KEY_CONTENTS[index])
                for order, index in enumerate(KEY_CONTENTS_BY_YEAR[year], start=1)
            )
            load_sessions(study_year, members)
        load_pledges(study_year, members, secretary)
    # The year under way: the members filed their pledges by the deadline and their leaders
    # approved them, but for the accounts the demo begins a pledge with, so that it shows the
    # whole cycle.
    current, _ = study_year_of(cell, today.year)
    filed = [member for member in members if member.user is None or member.user.username not in OPEN_ACCOUNTS]
    load_pledges(current, filed, secretary)


def study_year_of(cell: Cell, year: int) -> tuple[StudyYear, bool]:
    """The cell's study year, made with its theme and deadline, or put right where a demo
    loaded before gave it a wrong theme or the deadline of 31/12."""
    study_year, created = StudyYear.objects.get_or_create(
        cell=cell, year=year, defaults={"theme": theme_of(year), "pledge_deadline": pledge_deadline_of(year)}
    )
    deadline = study_year.pledge_deadline
    wrong = []
    if is_wrong_theme(year, study_year.theme):
        study_year.theme = theme_of(year)
        wrong.append("theme")
    if deadline is not None and (deadline.month, deadline.day) == WRONG_DEADLINE:
        study_year.pledge_deadline = pledge_deadline_of(year)
        wrong.append("pledge_deadline")
    if wrong:
        study_year._change_reason = "demo.corrected"
        study_year.save(update_fields=wrong)
    return study_year, created


def load_sessions(study_year: StudyYear, members: list[Member]) -> None:
    """The year's study sessions, attended by the members then in the cell but a few."""
    year = study_year.year
    planned = STUDY_SESSIONS.get(year) or [
        (conference_of(year), StudyForm.CONFERENCE, f"Hội nghị học tập, quán triệt chuyên đề năm {year}")
    ]
    for number, (held_on, form, content) in enumerate(planned):
        if form == StudyForm.CONFERENCE:
            content = f"{content}: {study_year.theme}"
        session = StudySession.objects.create(
            study_year=study_year, held_on=held_on, form=form, content=content
        )
        present = [member for member in members if in_cell(member, held_on)]
        session.attendees.set(present[(year + number) % 3 :])


def _pledge_dates(member: Member, year: int) -> tuple[date, date] | None:
    """When the member filed and when the group leader approved the year's pledge: between the
    year's study and its deadline, approved within the week after it; None for a member who
    was not in the cell in time to file one, or had left before it was due."""
    joined = member.joined_on if member.joined_on and member.joined_on.year == year else None
    if (member.joined_on and member.joined_on > date(year, 11, 30)) or (
        member.left_on and member.left_on <= date(year, 4, 30)
    ):
        return None
    if joined:  # a newcomer files within two weeks of joining
        submitted = joined + timedelta(days=14)
        return submitted, submitted + timedelta(days=7)
    studied, deadline = conference_of(year), pledge_deadline_of(year)
    submitted = studied + timedelta(days=1 + (member.pk + year) % (deadline - studied).days)
    return submitted, deadline + timedelta(days=5)


def _score(rating: str, number: int) -> int:
    """A score of Quy định 366-QĐ/TW (0–100) within the rating's band."""
    low, spread = {Rating.EXCELLENT: (90, 7), Rating.GOOD: (72, 17), Rating.FULFILLED: (55, 14)}[rating]
    return low + number % spread


def load_pledges(study_year: StudyYear, members: list[Member], secretary: Member) -> None:
    """A pledge of every member of the year: evaluated at the year's end, or approved only
    for a member who moved away during the year."""
    year = study_year.year
    today = timezone.localdate()
    have = set(Pledge.objects.filter(study_year=study_year).values_list("member_id", flat=True))
    pledges = []
    for member in members:
        dates = _pledge_dates(member, year)
        if member.pk in have or dates is None or dates[0] >= today:
            continue
        submitted, reviewed = dates
        number = member.pk + year
        rating = [Rating.EXCELLENT, Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.FULFILLED][number % 5]
        reviewer = member.group.leader if member.group and member.group.leader != member else secretary
        stays = member.left_on is None or member.left_on > date(year, 12, 31)
        evaluated = stays and date(year, 12, 20) < today
        pledge = Pledge(
            member=member,
            study_year=study_year,
            state=PledgeState.EVALUATED if evaluated else PledgeState.APPROVED,
            submitted_at=_moment(submitted),
            reviewed_at=_moment(reviewed),
            reviewed_by=reviewer,
            reflection_text=f"Bài thu hoạch chuyên đề năm {year}.",
        )
        if evaluated:
            pledge.self_assessment = "Đã thực hiện nghiêm túc các nội dung đã đăng ký."
            pledge.self_assessed_at = _moment(date(year, 12, 10))
            pledge.rating = rating
            # Quy định 366-QĐ/TW (30/08/2025) scores the evaluations from 2025 on.
            pledge.score = _score(rating, number) if year >= 2025 else None
            pledge.evaluation_comment = "Chi bộ thống nhất với tự đánh giá của đồng chí."
            pledge.evaluated_at = _moment(date(year, 12, 20))
            pledge.evaluated_by = secretary if member != secretary else None
        pledges.append(pledge)
    created = bulk_create_with_history(pledges, Pledge, default_change_reason="demo.loaded")
    items = []
    for pledge in created:
        offered = {
            aspect: [*choices, LATER_ITEMS[aspect]] if year >= 2022 else choices
            for aspect, choices in ITEMS.items()
        }
        for order, aspect in enumerate((Aspect.THOUGHT, Aspect.ETHICS, Aspect.STYLE), start=1):
            choices = offered[aspect]
            action, target, timeframe = choices[(pledge.member_id + year + order) % len(choices)]
            done = pledge.state == PledgeState.EVALUATED
            items.append(
                PledgeItem(
                    pledge=pledge,
                    order=order,
                    action=action,
                    aspect=aspect,
                    target=target,
                    timeframe=timeframe,
                    result=(ItemResult.DONE if (pledge.member_id + order) % 7 else ItemResult.PARTLY)
                    if done
                    else "",
                )
            )
    bulk_create_with_history(items, PledgeItem, default_change_reason="demo.loaded")
