"""The demo cell's inspection, supervision and commendations of 2017–2021, as in the source
document: 7 members inspected and 9 supervised on Directive 05, 3 comrades praised, and
proposals for 3 collectives and 5 individuals. Loading twice changes nothing."""

from datetime import date, timedelta

from django.db import transaction

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

# (kind, number, decision date, usernames of the members concerned, conclusion)
CASES = [
    (CaseKind.INSPECTION, "01-QĐ/CB", date(2017, 6, 12), ["dangvien03", "dangvien06"], Conclusion.GOOD),
    (CaseKind.SUPERVISION, "02-KH/CB", date(2017, 9, 5), ["dangvien01", "dangvien05"], Conclusion.GOOD),
    (CaseKind.INSPECTION, "03-QĐ/CB", date(2018, 5, 21), ["dangvien10", "dangvien14"], Conclusion.GOOD),
    (
        CaseKind.SUPERVISION,
        "04-KH/CB",
        date(2018, 10, 8),
        ["dangvien02", "dangvien07"],
        Conclusion.SHORTCOMINGS,
    ),
    (CaseKind.INSPECTION, "05-QĐ/CB", date(2019, 6, 3), ["dangvien18"], Conclusion.GOOD),
    (CaseKind.SUPERVISION, "06-KH/CB", date(2019, 9, 16), ["dangvien12", "dangvien15"], Conclusion.GOOD),
    (CaseKind.INSPECTION, "07-QĐ/CB", date(2020, 7, 6), ["dangvien20"], Conclusion.GOOD),
    (CaseKind.SUPERVISION, "08-KH/CB", date(2020, 10, 12), ["dangvien19", "dangvien21"], Conclusion.GOOD),
    (CaseKind.INSPECTION, "09-QĐ/CB", date(2021, 3, 8), ["dangvien08"], Conclusion.GOOD),
    (CaseKind.SUPERVISION, "10-KH/CB", date(2021, 3, 22), ["dangvien09"], Conclusion.GOOD),
]

PRAISES = [
    (
        "dangvien04",
        date(2018, 12, 20),
        "Có nhiều sáng kiến trong công tác văn thư, lưu trữ trên mạng diện rộng của Đảng",
    ),
    ("dangvien13", date(2019, 12, 19), "Gương mẫu, tận tụy, được cán bộ và nhân dân nơi cư trú tín nhiệm"),
    ("totruong5", date(2020, 12, 18), "Sưu tầm nhiều bài viết, mẩu chuyện về Bác cho sinh hoạt sáng thứ Hai"),
]

# (target, number, date, member username or group order or agency, granted)
PROPOSALS = [
    (ProposalTarget.COLLECTIVE, "01-TTr/CB", date(2018, 4, 10), 1, True),
    (ProposalTarget.INDIVIDUAL, "02-TTr/CB", date(2018, 4, 10), "totruong1", True),
    (ProposalTarget.INDIVIDUAL, "03-TTr/CB", date(2019, 4, 15), "dangvien11", True),
    (ProposalTarget.COLLECTIVE, "04-TTr/CB", date(2019, 4, 15), 4, True),
    (ProposalTarget.INDIVIDUAL, "05-TTr/CB", date(2020, 4, 20), "dangvien16", True),
    (ProposalTarget.INDIVIDUAL, "06-TTr/CB", date(2020, 4, 20), "dangvien04", False),
    (ProposalTarget.COLLECTIVE, "07-TTr/CB", date(2021, 3, 30), "Văn phòng Huyện ủy", True),
    (ProposalTarget.INDIVIDUAL, "08-TTr/CB", date(2021, 3, 30), "dangvien13", True),
]


def _members(cell: Cell) -> dict[str, Member]:
    return {
        member.user.username: member
        for member in Member.objects.filter(cell=cell, user__isnull=False).select_related("user")
    }


@transaction.atomic
def load_oversight(cell: Cell) -> None:
    members = _members(cell)
    for year in range(2017, 2022):
        Programme.objects.get_or_create(
            cell=cell,
            year=year,
            defaults={
                "number": f"{year - 2016:02d}-CTr/CB",
                "adopted_on": date(year, 1, 20),
                "content": "Kiểm tra, giám sát đảng viên theo Điều 30 Điều lệ Đảng, trong đó có việc "
                "thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.",
            },
        )
    programmes = {programme.year: programme for programme in Programme.objects.filter(cell=cell)}
    for kind, number, decided, usernames, conclusion in CASES:
        if Case.objects.filter(cell=cell, decision_number=number).exists():
            continue
        to_fix = conclusion == Conclusion.SHORTCOMINGS
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
            start_on=decided,
            end_on=decided + timedelta(days=30),
            state=CaseState.CONCLUDED,
            member_report="Đã báo cáo việc học tập chuyên đề, viết bài thu hoạch và thực hiện bản đăng ký.",
            findings="Đảng viên học tập đầy đủ các chuyên đề, có bài thu hoạch, xây dựng và thực hiện "
            "bản đăng ký.",
            strengths="Gương mẫu, có trách nhiệm trong công việc.",
            shortcomings="Chỉ tiêu trong bản đăng ký còn chung chung." if to_fix else "",
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
    for target, number, proposed_on, beneficiary, granted in PROPOSALS:
        if RewardProposal.objects.filter(cell=cell, number=number).exists():
            continue
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
            decision_number=f"{number.split('-')[0]}-QĐ/HU" if granted else "",
            decision_date=proposed_on + timedelta(days=30) if granted else None,
        )
