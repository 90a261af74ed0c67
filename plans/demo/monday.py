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

# The story library: well-known stories and teachings of Hồ Chí Minh, each summed up briefly.
COLLECTION = "Tuyển tập “Những mẩu chuyện về tấm gương đạo đức Hồ Chí Minh”"
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
        "tắt quạt. Bác dạy tiết kiệm không phải là bủn xỉn: tiết kiệm sức lao động, thời gian và tiền của "
        "của dân, của nước để dành cho những việc ích nước, lợi dân.",
    ),
    (
        "Cần, kiệm, liêm, chính, chí công vô tư",
        StoryKind.TEACHING,
        "Tác phẩm “Cần, kiệm, liêm, chính” (1949)",
        "Bác dạy: trời có bốn mùa, đất có bốn phương, người có bốn đức cần, kiệm, liêm, chính; thiếu một đức "
        "thì không thành người. Người cán bộ phải chí công vô tư, đặt lợi ích của Đảng, của nhân dân lên "
        "trên hết, “lo trước thiên hạ, vui sau thiên hạ”.",
    ),
    (
        "Lời Bác dạy về tự phê bình và phê bình",
        StoryKind.TEACHING,
        "Tác phẩm “Sửa đổi lối làm việc” (1947)",
        "Bác ví tự phê bình và phê bình như việc rửa mặt hằng ngày: phải làm thường xuyên, thật thà, không "
        "nể nang, không thêm bớt. Phê bình việc làm chứ không phê bình người; có khuyết điểm thì sửa, có "
        "thành tích thì phát huy, để cùng nhau tiến bộ.",
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
        "Việc gì có lợi cho dân, ta phải hết sức làm",
        StoryKind.TEACHING,
        "Thư gửi Ủy ban nhân dân các kỳ, tỉnh, huyện và làng (1945)",
        "Bác căn dặn: các cơ quan của Chính phủ là công bộc của dân. Việc gì có lợi cho dân, ta phải hết sức "
        "làm; việc gì có hại đến dân, ta phải hết sức tránh. Cán bộ phải gần dân, trọng dân, không được "
        "cậy thế, hách dịch.",
    ),
    (
        "Dân vận khéo thì việc gì cũng thành công",
        StoryKind.ARTICLE,
        "Bài báo “Dân vận” (1949)",
        "Bác viết: dân vận là vận động tất cả lực lượng của mỗi người dân, không để sót một người nào. "
        "Người làm dân vận phải óc nghĩ, mắt trông, tai nghe, chân đi, miệng nói, tay làm. Dân vận kém thì "
        "việc gì cũng kém; dân vận khéo thì việc gì cũng thành công.",
    ),
    (
        "Nói đi đôi với làm",
        StoryKind.TEACHING,
        "Lời Bác nói chuyện với cán bộ",
        "Bác nhắc nhiều lần: nói phải đi đôi với làm; một tấm gương sống còn có giá trị hơn một trăm bài "
        "diễn văn tuyên truyền. Người cán bộ, đảng viên muốn người khác làm theo thì trước hết mình phải "
        "gương mẫu làm trước.",
    ),
    (
        "Tết trồng cây",
        StoryKind.ARTICLE,
        "Bài “Tết trồng cây” (1959)",
        "Bác phát động Tết trồng cây và tự mình trồng cây mỗi dịp xuân về. Lời Bác “Vì lợi ích mười năm thì "
        "phải trồng cây, vì lợi ích trăm năm thì phải trồng người” nhắc chúng ta chăm lo cả môi trường sống "
        "lẫn việc giáo dục, bồi dưỡng con người.",
    ),
    (
        "Đoàn kết trong Di chúc của Bác",
        StoryKind.TEACHING,
        "Di chúc của Chủ tịch Hồ Chí Minh",
        "Trong Di chúc, Bác căn dặn: “Đoàn kết là một truyền thống cực kỳ quý báu của Đảng và của dân ta. "
        "Các đồng chí từ Trung ương đến các chi bộ cần phải giữ gìn sự đoàn kết nhất trí của Đảng như giữ "
        "gìn con ngươi của mắt mình.”",
    ),
    (
        "Nâng cao đạo đức cách mạng, quét sạch chủ nghĩa cá nhân",
        StoryKind.ARTICLE,
        "Báo Nhân Dân, ngày 3/2/1969",
        "Bài viết nhân kỷ niệm 39 năm thành lập Đảng: chủ nghĩa cá nhân là một thứ vi trùng rất độc, đẻ ra "
        "quan liêu, tham ô, lãng phí, chia rẽ. Mỗi đảng viên phải thường xuyên tu dưỡng đạo đức cách mạng, "
        "đặt lợi ích của Đảng và nhân dân lên trên lợi ích riêng.",
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
                _hold(session, members, stories, read)
        bulk_create_with_history(sessions, MondaySession, default_change_reason="demo.loaded")


def _hold(session: MondaySession, members: list[Member], stories: list[Story], read: dict) -> None:
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
