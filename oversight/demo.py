"""The demo cell's inspection, supervision and commendations: those of 2017–2021 as in the
source document (7 members inspected and 9 supervised on Directive 05, 3 comrades praised,
proposals for 3 collectives and 5 individuals, all decided and started by 15/04/2021), then a
few each year of 2022–2025 under Kết luận 01-KL/TW. Loading twice changes nothing."""

from datetime import date, timedelta

from django.db import transaction

from members.demo import term_of
from members.models import Cell, Member
from oversight.choices import (
    CaseKind,
    CaseState,
    Conclusion,
    ProposalOutcome,
    ProposalTarget,
    SupervisionKind,
)
from oversight.models import Case, Praise, Programme, RewardProposal

# (kind, number, decision date, usernames of the members concerned, conclusion, days from the
# decision to the start). The decision on an inspection (QĐ) and the plan of a supervision (KH)
# are the cell's documents: numbered per kind from 01 in each term of its committee
# (members.demo.CONGRESSES), in date order with the cell's other documents of that kind, such
# as Plan 06-KH/CB of 16/01/2017 and Regulation 02-QĐ/CB of 20/03/2017.
CASES = [
    (CaseKind.INSPECTION, "04-QĐ/CB", date(2017, 6, 12), ["dangvien03", "dangvien06"], Conclusion.GOOD, 0),
    (CaseKind.SUPERVISION, "11-KH/CB", date(2017, 9, 5), ["dangvien01", "dangvien05"], Conclusion.GOOD, 0),
    (CaseKind.INSPECTION, "07-QĐ/CB", date(2018, 5, 21), ["dangvien10", "dangvien14"], Conclusion.GOOD, 0),
    (
        CaseKind.SUPERVISION,
        "17-KH/CB",
        date(2018, 10, 8),
        ["dangvien02", "dangvien07"],
        Conclusion.SHORTCOMINGS,
        0,
    ),
    (CaseKind.INSPECTION, "10-QĐ/CB", date(2019, 6, 3), ["dangvien18"], Conclusion.GOOD, 0),
    (CaseKind.SUPERVISION, "23-KH/CB", date(2019, 9, 16), ["dangvien12", "dangvien15"], Conclusion.GOOD, 0),
    (CaseKind.INSPECTION, "03-QĐ/CB", date(2020, 7, 6), ["dangvien20"], Conclusion.GOOD, 0),
    (CaseKind.SUPERVISION, "04-KH/CB", date(2020, 10, 12), ["dangvien19", "dangvien21"], Conclusion.GOOD, 0),
    (CaseKind.INSPECTION, "09-QĐ/CB", date(2021, 3, 8), ["dangvien08"], Conclusion.GOOD, 0),
    (CaseKind.SUPERVISION, "10-KH/CB", date(2021, 3, 22), ["dangvien09"], Conclusion.GOOD, 0),
    # Under Kết luận 01-KL/TW.
    (CaseKind.INSPECTION, "13-QĐ/CB", date(2022, 6, 13), ["dangvien13", "dangvien16"], Conclusion.GOOD, 7),
    (
        CaseKind.SUPERVISION,
        "21-KH/CB",
        date(2022, 9, 12),
        ["dangvien10", "dangvien18"],
        Conclusion.SHORTCOMINGS,
        7,
    ),
    (CaseKind.INSPECTION, "18-QĐ/CB", date(2023, 5, 15), ["dangvien11"], Conclusion.GOOD, 14),
    (
        CaseKind.SUPERVISION,
        "28-KH/CB",
        date(2023, 9, 11),
        ["dangvien04", "dangvien22", "totruong3"],
        Conclusion.GOOD,
        7,
    ),
    (CaseKind.INSPECTION, "24-QĐ/CB", date(2024, 6, 10), ["dangvien12", "dangvien19"], Conclusion.GOOD, 7),
    (CaseKind.SUPERVISION, "34-KH/CB", date(2024, 9, 9), ["dangvien03", "dangvien14"], Conclusion.GOOD, 7),
    (CaseKind.INSPECTION, "29-QĐ/CB", date(2025, 3, 10), ["dangvien09"], Conclusion.GOOD, 7),
    (
        CaseKind.SUPERVISION,
        "39-KH/CB",
        date(2025, 5, 12),
        ["dangvien15", "dangvien23"],
        Conclusion.SHORTCOMINGS,
        7,
    ),
]

PRAISES = [
    (
        "dangvien04",
        date(2018, 12, 20),
        "Có nhiều sáng kiến trong công tác văn thư, lưu trữ trên mạng thông tin diện rộng của Đảng",
    ),
    ("dangvien13", date(2019, 12, 19), "Gương mẫu, tận tụy, được cán bộ và Nhân dân nơi cư trú tín nhiệm"),
    (
        "totruong5",
        date(2020, 12, 18),
        "Sưu tầm nhiều bài viết, mẩu chuyện về Bác cho sinh hoạt 15 phút đầu giờ sáng thứ Hai",
    ),
    (
        "dangvien14",
        date(2022, 12, 20),
        "Tận tụy, khách quan trong công tác kiểm tra, giám sát; gương mẫu nơi cư trú",
    ),
    (
        "dangvien22",
        date(2023, 12, 19),
        "Có nhiều bài viết tuyên truyền gương người tốt, việc tốt trong học tập và làm theo Bác",
    ),
    ("dangvien12", date(2023, 12, 19), "Thực hiện tốt bản đăng ký, được tổ đảng và cơ quan ghi nhận"),
    (
        "totruong2",
        date(2024, 12, 20),
        "Đề xuất cách làm mới trong quản lý hồ sơ đảng viên trên phần mềm, tiết kiệm thời gian, giấy tờ",
    ),
    (
        "dangvien18",
        date(2025, 12, 19),
        "Gương mẫu, trách nhiệm trong thời gian sắp xếp tổ chức bộ máy; hoàn thành tốt nhiệm vụ được giao",
    ),
]

# (target, number, date, member username or group order or agency, granted, decision number,
# decision date); before 2022 the decision takes the proposal's number and follows in 30 days.
PROPOSALS = [
    (ProposalTarget.COLLECTIVE, "01-TTr/CB", date(2018, 4, 10), 1, True, "", None),
    (ProposalTarget.INDIVIDUAL, "02-TTr/CB", date(2018, 4, 10), "totruong1", True, "", None),
    (ProposalTarget.INDIVIDUAL, "03-TTr/CB", date(2019, 4, 15), "dangvien11", True, "", None),
    (ProposalTarget.COLLECTIVE, "04-TTr/CB", date(2019, 4, 15), 4, True, "", None),
    (ProposalTarget.INDIVIDUAL, "05-TTr/CB", date(2020, 4, 20), "dangvien16", True, "", None),
    (ProposalTarget.INDIVIDUAL, "06-TTr/CB", date(2020, 4, 20), "dangvien04", False, "", None),
    (ProposalTarget.COLLECTIVE, "07-TTr/CB", date(2021, 3, 30), "Văn phòng Huyện ủy", True, "", None),
    (ProposalTarget.INDIVIDUAL, "08-TTr/CB", date(2021, 3, 30), "dangvien13", True, "", None),
    # Under Kết luận 01-KL/TW: proposed before 19 May, decided by the Standing Committee.
    (ProposalTarget.COLLECTIVE, "11-TTr/CB", date(2022, 4, 18), 3, True, "412-QĐ/HU", date(2022, 5, 17)),
    (
        ProposalTarget.INDIVIDUAL,
        "12-TTr/CB",
        date(2022, 4, 18),
        "totruong4",
        True,
        "413-QĐ/HU",
        date(2022, 5, 17),
    ),
    (ProposalTarget.INDIVIDUAL, "15-TTr/CB", date(2023, 4, 17), "dangvien19", False, "", date(2023, 5, 16)),
    (
        ProposalTarget.COLLECTIVE,
        "18-TTr/CB",
        date(2024, 4, 15),
        "Ủy ban Kiểm tra Huyện ủy",
        True,
        "1127-QĐ/HU",
        date(2024, 5, 16),
    ),
    (
        ProposalTarget.INDIVIDUAL,
        "19-TTr/CB",
        date(2024, 4, 15),
        "dangvien22",
        True,
        "1128-QĐ/HU",
        date(2024, 5, 16),
    ),
    (
        ProposalTarget.INDIVIDUAL,
        "22-TTr/CB",
        date(2025, 4, 14),
        "dangvien12",
        True,
        "1536-QĐ/HU",
        date(2025, 5, 15),
    ),
]

# The texts of a case by its conclusion: what the member reported, what the committee found.
FINDINGS = {
    Conclusion.GOOD: (
        "Đảng viên học tập đầy đủ các chuyên đề, có bài thu hoạch, xây dựng và thực hiện bản đăng ký.",
        "Gương mẫu, có trách nhiệm trong công việc.",
        "",
    ),
    Conclusion.SHORTCOMINGS: (
        "Đảng viên học tập đầy đủ các chuyên đề, có bài thu hoạch; bản đăng ký còn chung chung.",
        "Có tinh thần trách nhiệm, chấp hành tốt sự phân công.",
        "Chỉ tiêu trong bản đăng ký còn chung chung, chưa đo được.",
    ),
}


def _renumber(record, field: str, number: str) -> None:
    setattr(record, field, number)
    record._change_reason = "demo.corrected"
    record.save(update_fields=[field])


def _members(cell: Cell) -> dict[str, Member]:
    return {
        member.user.username: member
        for member in Member.objects.filter(cell=cell, user__isnull=False).select_related("user")
    }


@transaction.atomic
def load_oversight(cell: Cell) -> None:
    members = _members(cell)
    for year in range(2017, 2026):
        adopted_on = date(year, 1, 20)
        # Numbered in the term from the first January after the congress.
        number = f"{year - term_of(adopted_on).year:02d}-CTr/CB"
        programme, created = Programme.objects.get_or_create(
            cell=cell,
            year=year,
            defaults={
                "number": number,
                "adopted_on": adopted_on,
                "content": "Kiểm tra, giám sát đảng viên theo Điều 30 Điều lệ Đảng, trong đó có việc "
                "thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị"
                + (" và Kết luận số 01-KL/TW của Bộ Chính trị." if year >= 2022 else "."),
            },
        )
        if not created and programme.number == f"{year - 2016:02d}-CTr/CB" != number:
            _renumber(programme, "number", number)  # numbered across terms by a demo loaded before
    programmes = {programme.year: programme for programme in Programme.objects.filter(cell=cell)}
    for kind, number, decided, usernames, conclusion, start_after in CASES:
        # By kind and date: a demo loaded before numbered its cases otherwise.
        loaded = Case.objects.filter(cell=cell, kind=kind, decision_date=decided).first()
        if loaded is not None:
            if loaded.decision_number != number:
                _renumber(loaded, "decision_number", number)
            continue
        to_fix = conclusion == Conclusion.SHORTCOMINGS
        findings, strengths, shortcomings = FINDINGS[conclusion]
        start_on = decided + timedelta(days=start_after)
        end_on = start_on + timedelta(days=30)
        case = Case.objects.create(
            cell=cell,
            programme=programmes[decided.year],
            kind=kind,
            supervision_kind=SupervisionKind.THEMATIC if kind == CaseKind.SUPERVISION else "",
            decision_number=number,
            decision_date=decided,
            period_start=date(decided.year - 1, 1, 1),
            period_end=date(decided.year - 1, 12, 31),
            carried_out_by="Chi ủy Chi bộ",
            start_on=start_on,
            end_on=end_on,
            state=CaseState.CONCLUDED,
            member_report="Đã báo cáo việc học tập chuyên đề, viết bài thu hoạch và thực hiện bản đăng ký.",
            findings=findings,
            strengths=strengths,
            shortcomings=shortcomings,
            conclusion=conclusion,
            remedy="Cụ thể hóa chỉ tiêu trong bản đăng ký năm sau." if to_fix else "",
            remedy_due=date(decided.year, 12, 31) if to_fix else None,
            remedy_done_on=date(decided.year, 12, 15) if to_fix else None,
        )
        case.members.set([members[username] for username in usernames])
    for username, praised_on, reason in PRAISES:
        Praise.objects.get_or_create(
            cell=cell,
            member=members[username],
            praised_on=praised_on,
            defaults={"reason": reason, "occasion": f"Hội nghị tổng kết năm {praised_on.year} của Chi bộ"},
        )
    groups = {group.order: group for group in cell.groups.all()}
    for target, number, proposed_on, beneficiary, granted, decision_number, decided_on in PROPOSALS:
        if RewardProposal.objects.filter(cell=cell, number=number).exists():
            continue
        if decided_on is None:
            decision_number = f"{number.split('-')[0]}-QĐ/HU" if granted else ""
            decided_on = proposed_on + timedelta(days=30) if granted else None
        RewardProposal.objects.create(
            cell=cell,
            target=target,
            member=members[beneficiary] if target == ProposalTarget.INDIVIDUAL else None,
            group=groups[beneficiary] if isinstance(beneficiary, int) else None,
            collective_name=beneficiary
            if target == ProposalTarget.COLLECTIVE and isinstance(beneficiary, str)
            else "",
            number=number,
            proposed_on=proposed_on,
            reason="Tiêu biểu trong việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            outcome=ProposalOutcome.GRANTED if granted else ProposalOutcome.NOT_GRANTED,
            decision_number=decision_number,
            decision_date=decided_on,
        )
