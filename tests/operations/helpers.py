"""What the tests of the year import share: a year's workbook, its import, and the rows it writes."""

import io
from datetime import date

import openpyxl
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from operations.services import year_import_run
from operations.year_import import year_plan
from operations.year_import.reading import read_year_file
from operations.year_import.sheets import SHEETS

FILE_NAME = "nam-2019.xlsx"


def workbook(sheets: dict) -> bytes:
    """A workbook with the template's headers of each sheet named, and the rows given (by
    column key) below them."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for key, rows in sheets.items():
        title, columns, _required = SHEETS[key]
        sheet = book.create_sheet(title)
        sheet.append(list(columns.values()))
        for row in rows:
            sheet.append([row.get(name) for name in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def person(member) -> dict:
    return (
        {"card_number": member.card_number}
        if member.card_number
        else {
            "full_name": member.full_name,
            "date_of_birth": f"{member.date_of_birth:%d/%m/%Y}",
        }
    )


def year_2019(world) -> dict:
    """A full year: two pledges (one found by card, one by name and birth), their items, two
    study sessions with attendance, Monday sessions, a case of two members, a praise and two
    proposals."""
    member, other = world.member, world.other_group_member
    return {
        "year": [{"theme": "Học tập và làm theo về trách nhiệm nêu gương"}],
        "pledges": [
            {
                **person(member),
                "submitted_on": "10/02/2019",
                "approved_on": date(2019, 2, 15),
                "self_assessment": "Đã thực hiện đầy đủ",
                "self_assessed_on": "10/12/2019",
                "rating": "Hoàn thành tốt nhiệm vụ",
                "score": 82,
                "evaluated_on": "20/12/2019",
            },
            {**person(other), "submitted_on": "12/02/2019", "rating": "excellent", "score": 95},
        ],
        "items": [
            {
                **person(member),
                "action": "Đọc sách về Bác",
                "aspect": "Đạo đức",
                "target": "12 cuốn",
                "timeframe": "Cả năm",
                "result": "Hoàn thành",
            },
            {
                **person(member),
                "action": "Tiết kiệm",
                "aspect": "phong cach",
                "target": "Điện, nước",
                "timeframe": "Hằng tháng",
            },
            {
                **person(other),
                "action": "Giúp đỡ hộ nghèo",
                "aspect": "Tư tưởng",
                "target": "2 hộ",
                "timeframe": "Quý II",
            },
        ],
        "sessions": [
            {"number": 1, "held_on": "05/03/2019", "form": "Hội nghị", "content": "Học chuyên đề năm 2019"},
            {"number": 2, "held_on": "06/08/2019", "form": "Sinh hoạt chuyên đề", "content": "Làm theo Bác"},
        ],
        "attendance": [
            {"number": 1, **person(member)},
            {"number": 1, **person(other)},
            {"number": 2, **person(member)},
        ],
        "mondays": [
            {
                "day": "07/01/2019",
                "group": "Tổ đảng số 1",
                "held": "Có",
                "reader_card": "79000001",
                "attendance": 30,
            },
            {"day": "14/01/2019", "group": "to dang so 2", "held": "Không", "not_held_reason": "Họp HĐND"},
        ],
        "cases": [
            {
                "decision_number": "02-QĐ/CB",
                "decision_date": "04/03/2019",
                "kind": "Giám sát",
                "supervision_kind": "Chuyên đề",
                **person(member),
                "period_start": "01/01/2018",
                "period_end": "31/12/2018",
                "carried_out_by": "Chi ủy",
                "start_on": "10/03/2019",
                "end_on": "30/04/2019",
                "conclusion": "Thực hiện tốt",
            },
            {
                "decision_number": "02-QĐ/CB",
                "decision_date": "04/03/2019",
                "kind": "Giám sát",
                **person(other),
            },
        ],
        "praises": [{**person(member), "praised_on": "30/12/2019", "reason": "Tiêu biểu làm theo Bác"}],
        "proposals": [
            {
                "number": "05-TTr/CB",
                "proposed_on": "20/11/2019",
                "target": "Cá nhân",
                **person(other),
                "reason": "Gương mẫu",
                "outcome": "Được khen thưởng",
                "decision_number": "1234-QĐ/HU",
                "decision_date": "15/12/2019",
            },
            {
                "number": "06-TTr/CB",
                "proposed_on": "20/11/2019",
                "target": "Tập thể",
                "collective": "Tổ đảng số 2",
                "reason": "Tập thể tiêu biểu",
            },
        ],
    }


def run(world, content, *, actor=None, file_name=FILE_NAME, year=2019, file_format="xlsx"):
    return year_import_run(
        actor=actor or world.secretary.user,
        cell=world.cell,
        year=year,
        content=content,
        file_format=file_format,
        file_name=file_name,
    )


def plan_of(world, content, year=2019, file_format="xlsx"):
    return year_plan(
        cell=world.cell, year=year, sheets=read_year_file(content, file_format), file_name=FILE_NAME
    )


def row_counts() -> dict:
    """The rows of every table of the product's apps, history tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"members", "plans", "oversight", "reports", "jobs"}
    }


def refused(world, content, **kwargs) -> list[str]:
    """The refusals of importing the file, checking that nothing at all was written."""
    before = row_counts()
    with pytest.raises(ValidationError) as refusal:
        run(world, content, **kwargs)
    assert row_counts() == before
    return refusal.value.messages


def upload(world, content, name="nam-2019.xlsx", year=2019) -> dict:
    return {"year": year, "file": SimpleUploadedFile(name, content)}
