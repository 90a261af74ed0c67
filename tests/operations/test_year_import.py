"""A past year brought in from the cell's own spreadsheet (issue 27, item 1): the plan, the
all-or-nothing import, its refusals, its history, and the same file imported twice."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from cell05.history import action_label
from cell05.periods import Period
from devtools.bench import year_import_seconds
from figures.counting.period import period_figures
from oversight.choices import CaseState, Conclusion, ProposalOutcome
from oversight.models import Case, Praise, RewardProposal
from plans.choices import MondayState, PledgeState, Rating
from plans.models import MondaySession, Pledge, PledgeItem, StudySession, StudyYear
from tests.factories import make_entered_year, make_member, make_pledge, make_study_year
from tests.operations.helpers import plan_of, refused, row_counts, run, workbook, year_2019

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_2019_file_creates_the_pledges_sessions_mondays_cases_praises_and_proposals(people):
    world = people
    plan = run(world, workbook(year_2019(world)))

    assert plan.created == {
        "pledges": 2,
        "items": 3,
        "sessions": 2,
        "attendance": 3,
        "mondays": 2,
        "cases": 1,
        "praises": 1,
        "proposals": 2,
    }
    study_year = StudyYear.objects.get(cell=world.cell, year=2019)
    assert study_year.theme == "Học tập và làm theo về trách nhiệm nêu gương"
    pledge = Pledge.objects.get(member=world.member, study_year=study_year)
    assert (pledge.state, pledge.rating, pledge.score) == (PledgeState.EVALUATED, Rating.GOOD, 82)
    assert (pledge.submitted_at.date(), pledge.reviewed_at.date(), pledge.self_assessed_at.date()) == (
        date(2019, 2, 10),
        date(2019, 2, 15),
        date(2019, 12, 10),
    )
    assert pledge.self_assessment == "Đã thực hiện đầy đủ"
    assert list(pledge.items.values_list("action", "order")) == [("Đọc sách về Bác", 1), ("Tiết kiệm", 2)]
    other = Pledge.objects.get(member=world.other_group_member)
    assert (other.state, other.rating, other.score) == (PledgeState.EVALUATED, Rating.EXCELLENT, 95)
    sessions = StudySession.objects.filter(study_year=study_year).order_by("held_on")
    assert [set(session.attendees.all()) for session in sessions] == [
        {world.member, world.other_group_member},
        {world.member},
    ]
    mondays = MondaySession.objects.filter(cell=world.cell).order_by("day")
    assert [(m.day, m.group, m.state, m.reader) for m in mondays] == [
        (date(2019, 1, 7), world.group1, MondayState.HELD, world.member),
        (date(2019, 1, 14), world.group2, MondayState.NOT_HELD, None),
    ]
    case = Case.objects.get(cell=world.cell)
    assert (case.state, case.conclusion, case.decision_number) == (
        CaseState.CONCLUDED,
        Conclusion.GOOD,
        "02-QĐ/CB",
    )
    assert set(case.members.all()) == {world.member, world.other_group_member}
    assert Praise.objects.get(cell=world.cell).member == world.member
    proposals = RewardProposal.objects.filter(cell=world.cell).order_by("number")
    assert [(p.outcome, p.member, p.group) for p in proposals] == [
        (ProposalOutcome.GRANTED, world.other_group_member, None),
        (ProposalOutcome.PENDING, None, world.group2),
    ]


def test_the_same_file_twice_creates_nothing_new(people):
    world = people
    content = workbook(year_2019(world))
    run(world, content)
    before = row_counts()

    plan = run(world, content)

    assert row_counts() == before
    assert set(plan.created.values()) == {0}
    assert plan.skipped["pledges"] == 2


def test_each_record_s_history_names_the_file_and_the_user(people):
    world = people
    run(world, workbook(year_2019(world)), actor=world.deputy.user)

    for model in (StudyYear, Pledge, PledgeItem, StudySession, MondaySession, Case, Praise, RewardProposal):
        entries = model.history.all()
        assert {(entry.history_change_reason, entry.history_user) for entry in entries} == {
            ("year.imported:nam-2019.xlsx", world.deputy.user)
        }, model
    entry = Pledge.history.first()
    with translation.override("vi"):
        label = str(action_label(entry.history_change_reason, entry.history_type))
    assert label == "Nhập từ tệp “nam-2019.xlsx”"


def test_a_member_not_found_is_refused_naming_the_row_and_nothing_is_written(people):
    world = people
    sheets = year_2019(world)
    sheets["pledges"].append({"card_number": "79999999"})
    sheets["praises"].append(
        {"full_name": "Ma Văn Lạ", "date_of_birth": "01/01/1970", "praised_on": "01/06/2019", "reason": "Tốt"}
    )
    assert refused(world, workbook(sheets)) == [
        "sheet “Bản đăng ký”, line 4, Số thẻ đảng viên: The cell has no such member.",
        "sheet “Biểu dương”, line 3, Họ và tên: The cell has no such member.",
    ]


def test_the_unmatched_members_are_listed_with_where_the_file_names_them(people):
    world = people
    sheets = year_2019(world)
    stranger = {"full_name": "Ma Văn Lạ", "date_of_birth": "01/01/1970"}
    sheets["pledges"].append(stranger)
    sheets["attendance"].append({"number": 2, **stranger})

    plan = plan_of(world, workbook(sheets))

    assert [
        (entry["full_name"], entry["date_of_birth"], entry["where"]) for entry in plan.unmatched.values()
    ] == [("Ma Văn Lạ", date(1970, 1, 1), ["“Bản đăng ký” line 4", "“Dự học tập” line 5"])]


def test_a_member_is_never_guessed_from_the_name_alone(people):
    world = people
    sheets = {"pledges": [{"full_name": world.other_group_member.full_name}]}
    assert refused(world, workbook(sheets)) == [
        "sheet “Bản đăng ký”, line 2, Họ và tên: Give the member's Party card number, or the full name and "
        "the date of birth."
    ]


def test_a_date_outside_the_year_is_refused(people):
    world = people
    sheets = year_2019(world)
    sheets["sessions"][1]["held_on"] = "06/01/2020"
    sheets["pledges"][0]["submitted_on"] = "28/12/2018"
    assert refused(world, workbook(sheets)) == [
        "sheet “Bản đăng ký”, line 2, Ngày nộp: 28/12/2018 is outside the year 2019.",
        "sheet “Buổi học tập”, line 3, Ngày: 06/01/2020 is outside the year 2019.",
    ]


def test_the_period_a_case_examines_may_lie_before_the_year(people):
    world = people
    plan = plan_of(world, workbook(year_2019(world)))
    assert plan.refusals == []
    assert plan.new["cases"][0].period_start == date(2018, 1, 1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"rating": "Tốt lắm"},
            "Xếp loại: “Tốt lắm” is not one of: Hoàn thành xuất sắc nhiệm vụ, "
            "Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ.",
        ),
        ({"score": 101}, "Điểm: The score 101 is beyond 0–100."),
        ({"score": -5}, "Điểm: The score -5 is beyond 0–100."),
        ({"score": "tám mươi"}, "Điểm: “tám mươi” is not a whole number."),
        ({"score": 60}, "Điểm: A score of 60 is “Hoàn thành nhiệm vụ”, not “Hoàn thành tốt nhiệm vụ”."),
    ],
)
def test_a_rating_not_in_the_list_or_a_score_beyond_0_to_100_is_refused(people, change, message):
    world = people
    sheets = year_2019(world)
    sheets["pledges"][0].update(change)
    assert refused(world, workbook(sheets)) == [f"sheet “Bản đăng ký”, line 2, {message}"]


def test_a_rating_given_by_its_score_alone_is_the_score_s_band(people):
    world = people
    sheets = year_2019(world)
    sheets["pledges"][0]["rating"] = None
    sheets["pledges"][0]["score"] = 55
    plan = plan_of(world, workbook(sheets))
    assert plan.new["pledges"][0].rating == Rating.FULFILLED


def test_the_same_pledge_twice_in_one_file_is_refused(people):
    world = people
    sheets = {
        "year": [{"theme": "Chuyên đề"}],
        "pledges": [
            {"card_number": "79000001"},
            {
                "card_number": world.secretary.card_number or None,
                "full_name": world.secretary.full_name,
                "date_of_birth": "01/01/1980",
            },
            {"full_name": "NGUYỄN THỊ ĐÀO", "date_of_birth": "01/01/1980", "submitted_on": "03/03/2019"},
        ],
    }
    assert refused(world, workbook(sheets)) == [
        "sheet “Bản đăng ký”, line 4: Lines 2 and 4 are pledges of the same member."
    ]


def test_a_year_that_already_has_records_is_refused(people):
    world = people
    make_pledge(make_member(world.cell, world.group1), make_study_year(world.cell, 2019), "submitted")
    assert refused(world, workbook(year_2019(world))) == [
        "The year 2019 already has records in cell05, which this file does not hold. A year is imported "
        "once, into a year without records."
    ]


def test_a_year_whose_figures_were_entered_from_a_report_is_refused(people):
    world = people
    make_entered_year(world.cell, 2019)
    before = row_counts()

    assert refused(world, workbook(year_2019(world))) == [
        "The figures of 2019 were entered from the cell's report: a year holds records or entered "
        "figures, never both. Remove the entered figures first."
    ]
    assert row_counts() == before


@pytest.mark.parametrize(
    ("content", "file_format", "message"),
    [
        (b"%PDF-1.4 not a spreadsheet", "xlsx", "This file is not an Excel .xlsx workbook."),
        (b"\xff\xfe\x00garbage", "csv", "Save the .csv file in UTF-8 encoding."),
        (b"x" * (2 * 1024 * 1024 + 1), "xlsx", "The file is larger than 2 MB."),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_or_an_oversized_one_is_refused(
    people, content, file_format, message
):
    assert refused(people, content, file_format=file_format) == [message]


def test_a_sheet_with_more_rows_than_a_year_holds_is_refused(people):
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Bản đăng ký")
    sheet.append(["Số thẻ đảng viên"])
    for number in range(10001):
        sheet.append([str(number)])
    buffer = io.BytesIO()
    book.save(buffer)
    assert refused(people, buffer.getvalue()) == [
        "The sheet “Bản đăng ký” has more than 10,000 rows; a year of a cell has a few thousand at most. "
        "Check that the file holds one year of one cell."
    ]


def test_a_csv_names_each_row_s_sheet_in_its_column_kind(people):
    world = people
    content = (
        "Loại,Chuyên đề năm,Số thẻ đảng viên,Ngày nộp,Xếp loại,Buổi số,Ngày,Hình thức,Nội dung\n"
        "Năm,Học tập và làm theo Bác,,,,,,,\n"
        "Bản đăng ký,,79000001,10/02/2019,Hoàn thành nhiệm vụ,,,,\n"
        "Buổi học tập,,,,,1,05/03/2019,Hội nghị,Học chuyên đề\n"
        "dự học tập,,79000001,,,1,,,\n"
    ).encode()

    plan = run(world, content, file_format="csv", file_name="nam-2019.csv")

    assert (plan.created["pledges"], plan.created["sessions"], plan.created["attendance"]) == (1, 1, 1)
    assert StudySession.objects.get().attendees.get() == world.member


def test_the_command_s_dry_run_prints_the_plan_and_the_refused_rows_and_writes_nothing(people, tmp_path):
    world = people
    sheets = year_2019(world)
    sheets["praises"].append({"card_number": "79999999", "praised_on": "01/06/2019", "reason": "Tốt"})
    path = tmp_path / "nam-2019.xlsx"
    path.write_bytes(workbook(sheets))
    out = io.StringIO()
    before = row_counts()

    with pytest.raises(CommandError):
        call_command("import_year", str(path), cell=world.cell.slug, year=2019, stdout=out)

    assert row_counts() == before
    lines = out.getvalue().splitlines()
    assert "Bản đăng ký, line 2: new: " + str(world.member) in lines
    assert "Refused: sheet “Biểu dương”, line 3, Số thẻ đảng viên: The cell has no such member." in lines
    assert "Not found in the cell: 79999999 (“Biểu dương” line 3)" in lines


def test_the_command_with_commit_imports_and_says_what_it_created(people, tmp_path):
    world = people
    path = tmp_path / "nam-2019.xlsx"
    path.write_bytes(workbook(year_2019(world)))
    out = io.StringIO()

    call_command(
        "import_year",
        str(path),
        cell=world.cell.slug,
        year=2019,
        commit=True,
        user=world.secretary.user.username,
        stdout=out,
    )

    assert out.getvalue().startswith("Imported the year 2019 from “nam-2019.xlsx”: 2 pledges with 3 items")
    assert Pledge.history.filter(history_user=world.secretary.user).count() == 2


def test_the_bench_s_year_file_of_a_cell_imports_without_a_refusal(db):
    preview_s, import_s = year_import_seconds(members=12)
    assert Pledge.objects.count() == 12
    assert StudySession.objects.get(held_on=date(2019, 1, 3)).attendees.count() == 12
    assert preview_s > 0 and import_s > 0


def test_pledges_imported_into_a_study_year_already_there_are_counted_at_once(people):
    make_study_year(people.cell, 2019)
    sheets = year_2019(people)
    before = period_figures([people.cell], Period.of_years(2019, 2019))[people.cell.pk]["years"][0]["pledges"]

    run(people, workbook({"pledges": sheets["pledges"], "items": sheets["items"]}))

    after = period_figures([people.cell], Period.of_years(2019, 2019))[people.cell.pk]["years"][0]["pledges"]
    assert (before, after) == (0, 2)
