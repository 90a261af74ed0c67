"""`loaddemo`: the cell of the source document, its years, documents and pledges, and the years
after 2021 (plans/demo/).
"""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from cell05.periods import Period
from members.choices import CellRole, LeftReason
from members.demo import term_of
from members.models import Cell, CellMove, Member, PartyGroup, SuperiorCommittee
from members.selectors import committee_of
from oversight.choices import CaseState, ProposalOutcome
from oversight.models import Case, Praise, Programme, RewardProposal
from plans.choices import DocumentDirection, DocumentKind, MondayState, PledgeState, StudyForm
from plans.demo.years import WHOLE_TERM_THEME, WRONG_CURRENT_THEME, WRONG_THEMES
from plans.models import (
    CellDocument,
    MondayDayOff,
    MondaySession,
    Pledge,
    PledgeItem,
    Story,
    StudySession,
    StudyYear,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(SuperiorCommittee.objects.values_list("name", "kind", "code", "place", "staff__username")),
        list(Cell.objects.values_list("slug", "name", "code", "place", "committee__name")),
        list(
            CellMove.objects.values_list(
                "cell__slug", "from_committee__name", "to_committee__name", "moved_on"
            )
        ),
        list(PartyGroup.objects.values_list("name", "order", "leader__user__username")),
        list(
            Member.objects.values_list(
                "full_name", "card_number", "group__order", "role", "user__username", "joined_on", "left_on"
            )
        ),
        list(get_user_model().objects.order_by("username").values_list("username", "is_active")),
        list(StudyYear.objects.values_list("year", "theme", "pledge_deadline")),
        list(CellDocument.objects.values_list("number", "issued_on", "kind", "issuer", "title")),
        list(StudySession.objects.values_list("held_on", "attendees")),
        list(
            Pledge.objects.values_list(
                "member_id", "study_year__year", "state", "rating", "score", "submitted_at", "evaluated_at"
            )
        ),
        PledgeItem.objects.count(),
        list(Story.objects.values_list("title", "kind", "source", "text")),
        list(Programme.objects.values_list("year", "number")),
        list(Case.objects.values_list("decision_number", "kind", "state", "members", "start_on", "end_on")),
        list(Praise.objects.values_list("member_id", "praised_on")),
        list(RewardProposal.objects.values_list("number", "target", "outcome", "decision_date")),
        list(MondayDayOff.objects.values_list("day", "reason")),
        list(
            MondaySession.objects.order_by("day").values_list(
                "day", "group__order", "state", "reader_id", "story_id", "attendance"
            )
        ),
    )


def test_loaddemo_loads_the_cell_of_the_source_document(demo, django_user_model):
    cell = Cell.objects.get(slug="khoi-dang")
    assert cell.name == "Chi bộ Khối Đảng"
    assert cell.groups.count() == 5
    assert cell.members.current().count() == 27
    assert cell.committee.staff.get().username == "vanphong"
    secretary = cell.members.get(role=CellRole.SECRETARY)
    assert (secretary.full_name, secretary.user.username) == ("Hoàng Văn Vĩnh", "bithu")
    leaders = [group.leader.user.username for group in cell.groups.order_by("order")]
    assert leaders == [f"totruong{n}" for n in range(1, 6)]
    usernames = set(Member.objects.values_list("user__username", flat=True))
    assert {f"dangvien{n:02d}" for n in range(1, 22)} <= usernames
    assert django_user_model.objects.get(username="dangvien01").check_password("cell05-demo")


def test_loaddemo_twice_changes_nothing(demo):
    first = snapshot()
    call_command("loaddemo", stdout=None)
    assert snapshot() == first


def test_loaddemo_gives_every_member_an_evaluated_pledge_every_year_2016_to_2021(demo):
    cell = Cell.objects.get(slug="khoi-dang")
    for year in range(2016, 2022):
        study_year = StudyYear.objects.get(cell=cell, year=year)
        assert study_year.theme
        assert study_year.key_contents.exists()
        assert study_year.sessions.exists()
        pledges = Pledge.objects.filter(study_year=study_year)
        assert pledges.count() == 27
        assert set(pledges.values_list("state", flat=True)) == {PledgeState.EVALUATED}
        assert all(pledge.items.count() == 3 for pledge in pledges)
    documents = {(d.number, d.issued_on.strftime("%d/%m/%Y")) for d in cell.documents.all()}
    assert {("46-KH/HU", "08/12/2016"), ("06-KH/CB", "16/01/2017")} <= documents
    assert cell.documents.filter(number="02-QĐ/CB").exists()


def test_loaddemo_records_the_oversight_and_commendations_of_the_source_document(demo):
    from reports.document.contents import report_figures

    cell = Cell.objects.get(slug="khoi-dang")
    figures = report_figures(cell, Period.of_years(2016, 2021, as_of=date(2021, 4, 15)))
    assert (figures["party_groups"], figures["members"], figures["pledge_rate"]) == (5, 27, 100.0)
    assert (figures["members_inspected"], figures["members_supervised"]) == (7, 9)
    assert not Case.objects.filter(cell=cell).exclude(state="concluded").exists()
    assert figures["comrades_praised"] == 3
    assert (figures["proposals_collective"], figures["proposals_individual"]) == (3, 5)
    # Decided and started by the report's date: the figures do not wait for the as-of engine.
    early = Case.objects.filter(cell=cell, decision_date__lte=date(2021, 4, 15))
    assert not early.filter(start_on__gt=date(2021, 4, 15)).exists()
    # The ten-year review counts the years after 2021 too.
    ten_years = report_figures(cell, Period.of_years(2016, 2026, as_of=date(2026, 5, 15)))
    assert (ten_years["members_inspected"], ten_years["members_supervised"]) == (13, 17)
    assert (ten_years["comrades_praised"], ten_years["proposals_collective"]) == (8, 5)


# The years after 2021, under Kết luận 01-KL/TW (issue 11, point 4).
LATER_YEARS = range(2022, 2026)


def test_loaddemo_names_the_committees_in_full_and_the_places_of_the_date_line(demo):
    cell = Cell.objects.select_related("committee").get(slug="khoi-dang")
    district = committee_of(cell, date(2021, 4, 15))
    assert (district.name, district.kind, district.code, district.place) == (
        "Đảng bộ huyện Yên Thành",
        "district",
        "HU",
        "Yên Thành",
    )
    assert (cell.committee.name, cell.committee.kind, cell.committee.code, cell.committee.place) == (
        "Đảng bộ xã Yên Thành",
        "commune",
        "ĐU",
        "Yên Thành",
    )
    assert cell.committee.superior_name == district.superior_name == "Đảng bộ tỉnh Nghệ An"
    assert cell.place == "Yên Thành"


def test_loaddemo_gives_each_year_the_theme_set_for_it(demo):
    themes = dict(StudyYear.objects.filter(cell__slug="khoi-dang").values_list("year", "theme"))
    assert {year: themes[year] for year in range(2016, 2021)} == {
        2016: "Những nội dung cơ bản của tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        2017: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phòng, chống suy thoái "
        "tư tưởng chính trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hóa” trong nội bộ",
        2018: "Xây dựng phong cách, tác phong công tác của người đứng đầu, của cán bộ, đảng viên trong "
        "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        2019: "Xây dựng ý thức tôn trọng Nhân dân, phát huy dân chủ, chăm lo đời sống Nhân dân theo tư "
        "tưởng, đạo đức, phong cách Hồ Chí Minh",
        2020: "Tăng cường khối đại đoàn kết toàn dân tộc, xây dựng Đảng và hệ thống chính trị trong sạch, "
        "vững mạnh theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    }
    # From 2021 the whole-term theme of Kết luận 01-KL/TW, to the year under way.
    later = range(2021, timezone.localdate().year + 1)
    assert set(themes) == set(range(2016, 2021)) | set(later)
    assert {themes[year] for year in later} == {
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát "
        "vọng phát triển đất nước phồn vinh, hạnh phúc"
    }


def test_loaddemo_quotes_ho_chi_minh_word_for_word_with_the_volume_and_page(demo):
    stories = {story.title: story for story in Story.objects.filter(cell__slug="khoi-dang")}
    quoting = [story for story in stories.values() if "“" in story.text]
    assert len(quoting) >= 7
    for story in quoting:
        assert re.search(r"Toàn tập, Nxb\. Chính trị quốc gia, Hà Nội, 2011, t\.\d+, tr\.\d", story.source)
        assert story.text.count("“") == story.text.count("”"), story
    assert stories["Đảng ta là một Đảng cầm quyền"].text.endswith(
        "“Đảng ta là một Đảng cầm quyền. Mỗi đảng viên và cán bộ phải thật sự thấm nhuần đạo đức cách "
        "mạng, thật sự cần kiệm liêm chính, chí công vô tư. Phải giữ gìn Đảng ta thật trong sạch, phải xứng "
        "đáng là người lãnh đạo, là người đầy tớ thật trung thành của nhân dân.”"
    )
    assert stories["Đoàn kết trong Di chúc của Bác"].text.endswith(
        "“Đoàn kết là một truyền thống cực kỳ quý báu của Đảng và của dân ta. Các đồng chí từ Trung ương đến "
        "các chi bộ cần phải giữ gìn sự đoàn kết nhất trí của Đảng như giữ gìn con ngươi của mắt mình.”"
    )
    assert all(
        "t.15" in stories[title].source
        for title in ("Đảng ta là một Đảng cầm quyền", "Đoàn kết trong Di chúc của Bác")
    )


def cell_documents(cell) -> list[tuple[date, str]]:
    """Every document the cell itself issued, by date: its register, the decisions and plans of
    its cases, its programmes and its proposals."""
    return sorted(
        [
            *cell.documents.filter(direction=DocumentDirection.ISSUED).values_list("issued_on", "number"),
            *Case.objects.filter(cell=cell).values_list("decision_date", "decision_number"),
            *Programme.objects.filter(cell=cell).values_list("adopted_on", "number"),
            *RewardProposal.objects.filter(cell=cell).values_list("proposed_on", "number"),
        ]
    )


def test_loaddemo_numbers_the_cells_documents_per_kind_from_01_in_each_term_in_date_order(demo):
    cell = Cell.objects.get(slug="khoi-dang")
    series = {}
    for day, number in cell_documents(cell):
        match = re.fullmatch(r"(\d{2,})-([A-Za-zĐ]+)/CB", number)
        assert match, number
        series.setdefault((match[2], term_of(day)), []).append((day, int(match[1])))
    assert {kind for kind, _term in series} == {"KH", "QĐ", "CTr", "TTr"}
    for (kind, term), dated in series.items():
        numbers = [number for _day, number in dated]
        assert numbers == sorted(set(numbers)), (kind, term, dated)
        assert numbers[0] >= 1
    # The source's Plan 06-KH/CB is the sixth of its term; its Regulation 02-QĐ/CB the second.
    plans = dict(series["KH", term_of(date(2017, 1, 16))])
    assert plans[date(2017, 1, 16)] == 6 and min(plans.values()) == 6
    assert dict(series["QĐ", term_of(date(2017, 3, 20))])[date(2017, 3, 20)] == 2


def test_loaddemo_sets_each_years_pledge_deadline_in_the_first_quarter_after_the_years_study(demo):
    cell = Cell.objects.get(slug="khoi-dang")
    for study_year in StudyYear.objects.filter(cell=cell):
        deadline = study_year.pledge_deadline
        assert deadline.year == study_year.year and deadline.month <= 3, study_year
        studied = study_year.sessions.filter(form=StudyForm.CONFERENCE).values_list("held_on", flat=True)
        assert all(day < deadline for day in studied), study_year
        # The members who were in the cell when it studied filed between the study and the deadline.
        for pledge in Pledge.objects.filter(study_year=study_year, member__joined_on=None):
            submitted = timezone.localtime(pledge.submitted_at).date()
            assert all(day < submitted for day in studied) and submitted <= deadline, pledge


def test_loaddemo_registers_the_guidance_each_report_answers(demo):
    cell = Cell.objects.get(slug="khoi-dang")
    guidance = cell.documents.filter(kind=DocumentKind.GUIDANCE, direction=DocumentDirection.RECEIVED)
    reports = {
        date(2021, 4, 15): "sơ kết 05 năm thực hiện Chỉ thị số 05-CT/TW",
        **{date(year, 12, 31): f"năm {year}" for year in LATER_YEARS},
        date(2026, 5, 15): "tổng kết 10 năm thực hiện Chỉ thị số 05-CT/TW",
    }
    for reported_on, about in reports.items():
        answered = (
            guidance.filter(issued_on__gte=date(reported_on.year, 1, 1), issued_on__lte=reported_on)
            .order_by("-issued_on")
            .first()
        )
        assert answered is not None and about in answered.title, reported_on
    # Each issuer numbers its own guidance in date order; after the districts, the province's.
    issuers = {}
    for document in guidance.order_by("issued_on"):
        issuers.setdefault(document.issuer, []).append(int(document.number.split("-")[0]))
    assert all(numbers == sorted(set(numbers)) for numbers in issuers.values())
    assert not guidance.filter(issuer__contains="Huyện ủy", issued_on__gte=date(2025, 7, 1)).exists()


def test_loaddemo_registers_the_documents_of_ket_luan_01(demo):
    cell = Cell.objects.get(slug="khoi-dang")
    documents = {
        (d.number, d.issued_on.strftime("%d/%m/%Y"), d.kind, d.direction) for d in cell.documents.all()
    }
    assert {
        ("01-KL/TW", "18/05/2021", "conclusion", "received"),
        ("27-KH/HU", "12/07/2021", "plan", "received"),
        ("14-KH/CB", "16/08/2021", "plan", "issued"),
    } <= documents


def test_loaddemo_moves_two_members_away_and_two_in_after_2021(demo):
    members = Member.objects.filter(cell__slug="khoi-dang")
    left = members.exclude(left_on=None)
    assert sorted(left.values_list("user__username", "left_on", "left_reason")) == [
        ("dangvien06", date(2024, 10, 1), LeftReason.TRANSFER),
        ("dangvien20", date(2023, 8, 1), LeftReason.TRANSFER),
    ]
    assert all(member.left_note and not member.user.is_active for member in left)
    assert sorted(members.exclude(joined_on=None).values_list("user__username", "joined_on")) == [
        ("dangvien22", date(2022, 9, 5)),
        ("dangvien23", date(2024, 6, 18)),
    ]
    on = {year: members.as_of(date(year, 12, 31)).count() for year in range(2021, 2026)}
    assert on == {2021: 27, 2022: 28, 2023: 27, 2024: 27, 2025: 27}
    assert members.current().count() == 27


def test_loaddemo_gives_every_member_of_the_later_years_an_evaluated_pledge_dated_within_the_year(demo):
    cell = Cell.objects.get(slug="khoi-dang")
    for year in LATER_YEARS:
        study_year = StudyYear.objects.get(cell=cell, year=year)
        assert study_year.key_contents.count() == 3
        in_cell = set(cell.members.as_of(date(year, 12, 31)).values_list("pk", flat=True))
        pledges = {pledge.member_id: pledge for pledge in Pledge.objects.filter(study_year=study_year)}
        assert in_cell <= set(pledges)
        for member_id in in_cell:
            pledge = pledges[member_id]
            assert pledge.state == PledgeState.EVALUATED and pledge.rating
            assert pledge.items.count() == 3 and all(item.result for item in pledge.items.all())
            moments = [pledge.submitted_at, pledge.reviewed_at, pledge.self_assessed_at, pledge.evaluated_at]
            days = [timezone.localtime(moment).date() for moment in moments]
            assert days == sorted(days) and {day.year for day in days} == {year}
            assert (pledge.score is not None) == (year >= 2025)
        # A member who moved away during the year had filed and been approved, not evaluated.
        for pledge in Pledge.objects.filter(study_year=study_year).exclude(member_id__in=in_cell):
            assert pledge.state == PledgeState.APPROVED
            assert pledge.reviewed_at.date() < pledge.member.left_on


def test_loaddemo_holds_the_pledges_of_every_member_of_2024(demo):
    cell = Cell.objects.get(slug="khoi-dang")
    figures = report_figures_of(cell, 2024)
    assert (figures["members"], figures["pledges"], figures["pledge_rate"]) == (27, 27, 100.0)


def report_figures_of(cell, year):
    from reports.document.contents import report_figures

    return report_figures(cell, Period.of_years(year, year))


def test_loaddemo_holds_sessions_cases_and_commendations_in_every_later_year(demo):
    cell = Cell.objects.get(slug="khoi-dang")
    for year in LATER_YEARS:
        sessions = StudySession.objects.filter(study_year__cell=cell, study_year__year=year)
        assert sessions.count() == 2
        for session in sessions:
            present = set(cell.members.as_of(session.held_on).values_list("pk", flat=True))
            attendees = set(session.attendees.values_list("pk", flat=True))
            assert attendees and attendees <= present
        cases = Case.objects.filter(cell=cell, decision_date__year=year)
        assert {case.kind for case in cases} == {"inspection", "supervision"}
        for case in cases:
            assert case.state == CaseState.CONCLUDED and case.conclusion and case.findings
            assert case.decision_date <= case.start_on < case.end_on <= date(year, 12, 31)
            assert set(case.members.values_list("pk", flat=True)) <= set(
                cell.members.as_of(case.start_on).values_list("pk", flat=True)
            )
        assert Praise.objects.filter(cell=cell, praised_on__year=year).exists()
        proposals = RewardProposal.objects.filter(cell=cell, proposed_on__year=year)
        assert proposals.exists()
        for proposal in proposals:
            assert proposal.outcome != ProposalOutcome.PENDING
            assert proposal.proposed_on < proposal.decision_date <= date(year, 12, 31)
        held = MondaySession.objects.filter(cell=cell, day__year=year).select_related("reader")
        assert held.exists() and {session.state for session in held} == {MondayState.HELD}
        for session in held:
            reader = session.reader
            assert (reader.joined_on or date.min) <= session.day and (
                reader.left_on or date.max
            ) > session.day
        figures = report_figures_of(cell, year)
        assert figures["members_inspected"] and figures["members_supervised"] and figures["comrades_praised"]


def test_loaddemo_puts_right_a_demo_loaded_by_an_earlier_version(demo):
    cell = Cell.objects.select_related("committee").get(slug="khoi-dang")
    this_year = timezone.localdate().year
    # Before the move: the cell under its district, whose office was "vanphong".
    district, commune = committee_of(cell, date(2021, 4, 15)), cell.committee
    CellMove.objects.filter(cell=cell).delete()
    Cell.objects.filter(pk=cell.pk).update(committee=district)
    office = get_user_model().objects.get(username="vanphong")
    commune.staff.remove(office)
    district.staff.add(office)
    SuperiorCommittee.objects.filter(pk=district.pk).update(name="Đảng bộ huyện", place="")
    Cell.objects.filter(pk=cell.pk).update(place="")
    for year in (2017, 2019, 2022):
        StudyYear.objects.filter(cell=cell, year=year).update(theme=WRONG_THEMES[year])
    StudyYear.objects.filter(cell=cell, year=this_year).update(
        theme=WRONG_CURRENT_THEME, pledge_deadline=date(this_year, 12, 31)
    )
    Member.objects.filter(user__username="dangvien20").update(left_on=None, left_reason="", left_note="")
    Story.objects.filter(cell=cell, title="Đảng ta là một Đảng cầm quyền").update(
        title="Nói đi đôi với làm", source="Lời Bác nói chuyện với cán bộ", text="Bác nhắc nhiều lần: …"
    )
    # The numbers an earlier version gave: a second 06-KH/CB in the term of the source's plan.
    Case.objects.filter(cell=cell, decision_date=date(2019, 9, 16)).update(decision_number="06-KH/CB")
    Programme.objects.filter(cell=cell, year=2021).update(number="05-CTr/CB")
    cases, stories = Case.objects.count(), Story.objects.count()

    call_command("loaddemo", stdout=None)

    cell.refresh_from_db()
    district.refresh_from_db()
    assert (district.name, district.place, cell.place) == (
        "Đảng bộ huyện Yên Thành",
        "Yên Thành",
        "Yên Thành",
    )
    assert (cell.committee, committee_of(cell, date(2025, 6, 30))) == (commune, district)
    assert CellMove.objects.get(cell=cell).moved_on == date(2025, 7, 1)
    assert [user.username for user in commune.staff.all()] == ["vanphong"]
    assert [user.username for user in district.staff.all()] == ["vanphonghuyen"]
    years = {study_year.year: study_year for study_year in StudyYear.objects.filter(cell=cell)}
    assert years[2017].theme.endswith("“tự chuyển hóa” trong nội bộ")
    assert years[2019].theme.startswith("Xây dựng ý thức tôn trọng Nhân dân")
    assert years[2022].theme == years[this_year].theme == WHOLE_TERM_THEME
    assert years[this_year].pledge_deadline.month <= 3
    story = Story.objects.get(cell=cell, title="Đảng ta là một Đảng cầm quyền")
    assert "t.15" in story.source and story.text.startswith("Trong Di chúc")
    assert Case.objects.get(cell=cell, decision_date=date(2019, 9, 16)).decision_number == "23-KH/CB"
    assert Programme.objects.get(cell=cell, year=2021).number == "01-CTr/CB"
    assert Member.objects.get(user__username="dangvien20").left_on == date(2023, 8, 1)
    assert (Case.objects.count(), Story.objects.count()) == (cases, stories)
