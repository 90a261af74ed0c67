"""The demo cell's story library and its Monday sessions of 2017–2025 and of the year under
way, every past session held. Loading twice changes nothing."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from members.models import Cell, Member
from plans.choices import MondayState, StoryKind
from plans.demo.years import in_cell
from plans.models import MondayDayOff, MondaySession, Story
from plans.selectors.monday import months_before
from plans.services.monday import rota_plan

# The story library: well-known stories of Hồ Chí Minh, told briefly, and his teachings quoted
# word for word with the work, its date, and the volume and page of Hồ Chí Minh Toàn tập
# (3rd edition, Nhà xuất bản Chính trị quốc gia, Hà Nội, 2011).
COLLECTION = "Sách “Những mẩu chuyện về tấm gương đạo đức Hồ Chí Minh”"


def _works(work: str, volume: int, pages: str) -> str:
    return f"{work}; Hồ Chí Minh: Toàn tập, Nxb. Chính trị quốc gia, Hà Nội, 2011, t.{volume}, tr.{pages}"


TESTAMENT = "Di chúc của Chủ tịch Hồ Chí Minh (bản viết năm 1965)"
STORIES = [
    (
        "Chiếc đồng hồ",
        StoryKind.STORY,
        COLLECTION,
        "Trong một hội nghị cán bộ, có người so bì việc to việc nhỏ. Bác lấy chiếc đồng hồ ra hỏi: kim giờ, "
        "kim phút, bánh xe, cái chuông, bộ phận nào cũng muốn làm việc của bộ phận khác thì đồng hồ còn chạy "
        "được không? Cũng như vậy, trong công tác cách mạng, việc nào cũng cần, cương vị nào cũng quan "
        "trọng; ai cũng làm tốt phần việc được giao thì công việc chung mới thành công.",
    ),
    (
        "Bác Hồ với việc tiết kiệm",
        StoryKind.ARTICLE,
        COLLECTION,
        "Bác tiết kiệm từng tờ giấy, từng que diêm, từng bát cơm; ra khỏi phòng là tắt đèn, đi làm việc là "
        "tắt quạt. Với Bác, tiết kiệm là quý trọng sức lao động, thời gian và tiền của của dân, của nước, để "
        "dành cho những việc ích nước, lợi dân.",
    ),
    (
        "Cần, kiệm, liêm, chính, chí công vô tư",
        StoryKind.TEACHING,
        _works("“Cần, kiệm, liêm, chính” (tháng 6/1949)", 6, "117"),
        "Bác viết: “Trời có bốn mùa: Xuân, Hạ, Thu, Đông. Đất có bốn phương: Đông, Tây, Nam, Bắc. Người có "
        "bốn đức: Cần, Kiệm, Liêm, Chính. Thiếu một mùa, thì không thành trời. Thiếu một phương, thì không "
        "thành đất. Thiếu một đức, thì không thành người.”",
    ),
    (
        "Cán bộ là cái gốc của mọi công việc",
        StoryKind.TEACHING,
        _works("“Sửa đổi lối làm việc” (tháng 10/1947)", 5, "280, 309"),
        "Bác viết: “Muôn việc thành công hoặc thất bại, đều do cán bộ tốt hoặc kém.” Và: “Cán bộ là cái gốc "
        "của mọi công việc. Vì vậy, huấn luyện cán bộ là công việc gốc của Đảng.”",
    ),
    (
        "Đôi dép cao su",
        StoryKind.STORY,
        COLLECTION,
        "Đôi dép cắt từ lốp ô tô cũ theo Bác suốt những năm kháng chiến và cả khi Bác tiếp khách quốc tế. "
        "Quai tuột, Bác nhờ anh em đóng thêm đinh chứ không chịu đổi đôi mới. Đôi dép là bài học về lối sống "
        "giản dị, quý trọng của công.",
    ),
    (
        "Bát chè sẻ đôi",
        StoryKind.STORY,
        COLLECTION,
        "Trên đường đi chiến dịch, anh cảnh vệ mua được bát chè đậu đen mời Bác. Bác hỏi anh đã có phần "
        "chưa, rồi lấy thêm một cái bát, sẻ đôi bát chè để cùng ăn. Câu chuyện nhắc người cán bộ biết quan "
        "tâm, chia sẻ với đồng chí, đồng đội.",
    ),
    (
        "Quả táo của Bác",
        StoryKind.STORY,
        COLLECTION,
        "Trong một chuyến thăm nước bạn, sau bữa tiệc Bác giữ lại một quả táo. Ra về, thấy một em bé trong "
        "đoàn người đón, Bác trao quả táo cho em. Việc nhỏ ấy cho thấy tình thương và sự chu đáo của Bác với "
        "thiếu nhi và với mọi người.",
    ),
    (
        "Việc gì lợi cho dân, ta phải hết sức làm",
        StoryKind.TEACHING,
        _works("Thư gửi Ủy ban nhân dân các kỳ, tỉnh, huyện và làng (ngày 17/10/1945)", 4, "64–65"),
        "Bác viết: “Chúng ta phải hiểu rằng, các cơ quan của Chính phủ từ toàn quốc cho đến các làng, đều là "
        "công bộc của dân, nghĩa là để gánh vác việc chung cho dân, chứ không phải để đè đầu dân như trong "
        "thời kỳ dưới quyền thống trị của Pháp, Nhật. Việc gì lợi cho dân, ta phải hết sức làm. Việc gì hại "
        "đến dân, ta phải hết sức tránh.”",
    ),
    (
        "Dân vận khéo thì việc gì cũng thành công",
        StoryKind.ARTICLE,
        _works("Bài “Dân vận”, báo Sự thật, số 120, ngày 15/10/1949", 6, "232–234"),
        "Bài báo nói dân vận là gì, ai phụ trách dân vận và dân vận phải thế nào, rồi kết luận: “Dân vận kém "
        "thì việc gì cũng kém. Dân vận khéo thì việc gì cũng thành công.”",
    ),
    (
        "Đảng ta là một Đảng cầm quyền",
        StoryKind.TEACHING,
        _works(TESTAMENT, 15, "611–612"),
        "Trong Di chúc, Bác căn dặn: “Đảng ta là một Đảng cầm quyền. Mỗi đảng viên và cán bộ phải thật sự "
        "thấm nhuần đạo đức cách mạng, thật sự cần kiệm liêm chính, chí công vô tư. Phải giữ gìn Đảng ta "
        "thật trong sạch, phải xứng đáng là người lãnh đạo, là người đầy tớ thật trung thành của nhân dân.”",
    ),
    (
        "Vì lợi ích trăm năm thì phải trồng người",
        StoryKind.TEACHING,
        _works(
            "Bài nói tại lớp học chính trị của giáo viên cấp II, cấp III toàn miền Bắc (ngày 13/9/1958)",
            11,
            "528",
        ),
        "Bác nói: “Vì lợi ích mười năm thì phải trồng cây, vì lợi ích trăm năm thì phải trồng người.” Lời "
        "Bác nhắc chúng ta chăm lo việc giáo dục, bồi dưỡng con người.",
    ),
    (
        "Đoàn kết trong Di chúc của Bác",
        StoryKind.TEACHING,
        _works(TESTAMENT, 15, "611"),
        "Trong Di chúc, Bác căn dặn: “Đoàn kết là một truyền thống cực kỳ quý báu của Đảng và của dân ta. "
        "Các đồng chí từ Trung ương đến các chi bộ cần phải giữ gìn sự đoàn kết nhất trí của Đảng như giữ "
        "gìn con ngươi của mắt mình.”",
    ),
    (
        "Nâng cao đạo đức cách mạng, quét sạch chủ nghĩa cá nhân",
        StoryKind.ARTICLE,
        _works("Báo Nhân Dân, ngày 03/02/1969", 15, "546–549"),
        "Bài viết nhân kỷ niệm 39 năm Ngày thành lập Đảng. Bác đòi hỏi mỗi cán bộ, đảng viên thường xuyên tu "
        "dưỡng đạo đức cách mạng, kiên quyết quét sạch chủ nghĩa cá nhân, đặt lợi ích của Đảng và của nhân "
        "dân lên trên lợi ích riêng.",
    ),
    (
        "Bác Hồ học ngoại ngữ",
        StoryKind.STORY,
        COLLECTION,
        "Những năm bôn ba tìm đường cứu nước, dù làm việc vất vả, ngày nào Bác cũng học thêm vài từ mới: "
        "viết từ lên cánh tay để vừa làm vừa nhẩm. Nhờ kiên trì, Bác sử dụng được nhiều thứ tiếng. Câu "
        "chuyện là bài học về tinh thần tự học suốt đời.",
    ),
    (
        "Ngôi nhà sàn của Bác",
        StoryKind.STORY,
        COLLECTION,
        "Ở Phủ Chủ tịch, Bác không ở tòa nhà lớn mà chọn ngôi nhà sàn gỗ nhỏ bên ao cá, đồ đạc chỉ có bàn "
        "làm việc, giường cá nhân và tủ sách. Nếp sống thanh bạch ấy là tấm gương về sự giản dị, gần gũi với "
        "nhân dân.",
    ),
]
# The stories demo databases loaded before hold with a quotation that was not word for word or
# without its source, by their title then: (title then, source then) → title now. Each is
# rewritten once, if the secretary has not changed its source since.
REWRITTEN_STORIES = {
    ("Bác Hồ với việc tiết kiệm", "Tuyển tập “Những mẩu chuyện về tấm gương đạo đức Hồ Chí Minh”"): (
        "Bác Hồ với việc tiết kiệm"
    ),
    ("Cần, kiệm, liêm, chính, chí công vô tư", "Tác phẩm “Cần, kiệm, liêm, chính” (1949)"): (
        "Cần, kiệm, liêm, chính, chí công vô tư"
    ),
    ("Lời Bác dạy về tự phê bình và phê bình", "Tác phẩm “Sửa đổi lối làm việc” (1947)"): (
        "Cán bộ là cái gốc của mọi công việc"
    ),
    (
        "Việc gì có lợi cho dân, ta phải hết sức làm",
        "Thư gửi Ủy ban nhân dân các kỳ, tỉnh, huyện và làng (1945)",
    ): "Việc gì lợi cho dân, ta phải hết sức làm",
    ("Dân vận khéo thì việc gì cũng thành công", "Bài báo “Dân vận” (1949)"): (
        "Dân vận khéo thì việc gì cũng thành công"
    ),
    ("Nói đi đôi với làm", "Lời Bác nói chuyện với cán bộ"): "Đảng ta là một Đảng cầm quyền",
    ("Tết trồng cây", "Bài “Tết trồng cây” (1959)"): "Vì lợi ích trăm năm thì phải trồng người",
    ("Đoàn kết trong Di chúc của Bác", "Di chúc của Chủ tịch Hồ Chí Minh"): "Đoàn kết trong Di chúc của Bác",
    ("Nâng cao đạo đức cách mạng, quét sạch chủ nghĩa cá nhân", "Báo Nhân Dân, ngày 3/2/1969"): (
        "Nâng cao đạo đức cách mạng, quét sạch chủ nghĩa cá nhân"
    ),
}

# Mondays the demo cell marked off: the social distancing of April 2020 (Chỉ thị 16/CT-TTg).
DAYS_OFF = [
    (date(2020, 4, 6), "Thực hiện giãn cách xã hội theo Chỉ thị số 16/CT-TTg"),
    (date(2020, 4, 13), "Thực hiện giãn cách xã hội theo Chỉ thị số 16/CT-TTg"),
]
MONDAY_YEARS = range(2017, 2026)


@transaction.atomic
def load_monday(cell: Cell) -> None:
    """The story library, the days off, and the Monday rota of 2017–2025 and of the year under
    way (and of the next one from December on), every past session held."""
    _rewrite_stories(cell)
    for title, kind, source, text in STORIES:
        Story.objects.get_or_create(
            cell=cell, title=title, defaults={"kind": kind, "source": source, "text": text}
        )
    for day, reason in DAYS_OFF:
        MondayDayOff.objects.get_or_create(cell=cell, day=day, defaults={"reason": reason})
    today = timezone.localdate()
    years = [*MONDAY_YEARS, today.year] + ([today.year + 1] if today.month == 12 else [])
    stories = list(Story.objects.filter(cell=cell).order_by("pk"))
    members = list(Member.objects.filter(cell=cell).order_by("pk"))
    read = {}  # group id → [(day, story id)] of its held sessions
    for session in MondaySession.objects.filter(cell=cell, story__isnull=False, state=MondayState.HELD):
        read.setdefault(session.group_id, []).append((session.day, session.story_id))
    for year in sorted(set(years)):
        if MondaySession.objects.filter(cell=cell, day__year=year).exists():
            continue
        sessions = rota_plan(cell, year)
        for session in sessions:
            if session.day < today:
                hold(session, members, stories, read)
        bulk_create_with_history(sessions, MondaySession, default_change_reason="demo.loaded")


def _rewrite_stories(cell: Cell) -> None:
    """The stories of a demo loaded before, put right where their source is still the one it gave: the
    Monday sessions that read them keep them, now quoted word for word with their source."""
    now = {title: (kind, source, text) for title, kind, source, text in STORIES}
    for story in Story.objects.filter(cell=cell, title__in={title for title, _ in REWRITTEN_STORIES}):
        title = REWRITTEN_STORIES.get((story.title, story.source))
        if (
            title is None
            or (story.title, story.kind, story.source, story.text) == (title, *now[title])
            or Story.objects.filter(cell=cell, title=title).exclude(pk=story.pk).exists()
        ):
            continue
        story.kind, story.source, story.text = now[title]
        story.title = title
        story._change_reason = "demo.corrected"
        story.save(update_fields=["title", "kind", "source", "text"])


def hold(session: MondaySession, members: list[Member], stories: list[Story], read: dict) -> None:
    """A past session held: a member of the group on duty, in the cell that day, reads a story
    the group has not read in the last 12 months; 20 to 27 people listen."""
    present = [member for member in members if in_cell(member, session.day)]
    group_members = [member for member in present if member.group_id == session.group_id] or present
    history = read.setdefault(session.group_id, [])
    since = months_before(session.day, 12)
    recent = {story_id for day, story_id in history if since <= day < session.day}
    start = (session.day.toordinal() // 7) % len(stories)
    rotated = stories[start:] + stories[:start]
    story = next((story for story in rotated if story.pk not in recent), rotated[0])
    session.state = MondayState.HELD
    session.reader = group_members[len(history) % len(group_members)]
    session.story = story
    session.attendance = 20 + (session.day.toordinal() // 7) % 8
    history.append((session.day, story.pk))
