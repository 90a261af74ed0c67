"""The parts of a report as a cell or a committee sends it upward (a "báo cáo sơ kết, tổng
kết"): an opening that says what it answers, then the numbered parts I to V (to VI for a
review of several years, which draws its lessons in part IV), the results of part II and the
limitations and causes of part III in numbered sections. The headings are the document's own
words, in Vietnamese like its body, whatever language the page is read in. A section left
empty is left out, and the numbers close up, so a report never shows a heading over nothing."""

from dataclasses import dataclass

from reports.choices import SectionKey


@dataclass(frozen=True)
class Part:
    heading: str
    # (section, its heading within the part: empty for a part of one section)
    sections: tuple[tuple[str, str], ...]


PARTS = (
    Part("", ((SectionKey.OPENING, ""),)),
    Part("ĐẶC ĐIỂM TÌNH HÌNH", ((SectionKey.SITUATION, ""),)),
    Part(
        "KẾT QUẢ THỰC HIỆN",
        (
            (SectionKey.IMPLEMENTATION, "Công tác lãnh đạo, chỉ đạo, quán triệt, triển khai thực hiện"),
            (SectionKey.KEY_CONTENTS, "Thực hiện các nội dung trọng tâm, đột phá"),
            (SectionKey.MONDAY, "Sinh hoạt 15 phút đầu giờ sáng thứ Hai"),
            (SectionKey.OVERSIGHT, "Công tác kiểm tra, giám sát"),
            (SectionKey.COMMENDATIONS, "Công tác biểu dương, khen thưởng"),
            (SectionKey.CONCLUSION, "Đánh giá chung"),
        ),
    ),
    Part(
        "HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN",
        ((SectionKey.LIMITATIONS, "Hạn chế, khuyết điểm"), (SectionKey.CAUSES, "Nguyên nhân")),
    ),
    # Drawn by a review of several years only (reports.document.assembly leaves it out of a yearly report).
    Part("BÀI HỌC KINH NGHIỆM", ((SectionKey.LESSONS, ""),)),
    Part("PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP", ((SectionKey.TASKS, ""),)),
    Part("KIẾN NGHỊ, ĐỀ XUẤT", ((SectionKey.RECOMMENDATIONS, ""),)),
)

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")

# The order of the sections on the page and in the editor: the order of SectionKey.
SECTION_ORDER = [key for part in PARTS for key, _heading in part.sections]


def outline(laid_out: list[dict]) -> list[dict]:
    """The parts that have text, numbered I, II, …, each with its sections numbered 1, 2, …
    where the part has headings of its own. `laid_out` holds the sections that have text, each
    a dict with its "key"; each comes back with its "number" and "heading"."""
    by_key = {section["key"]: section for section in laid_out}
    parts, numeral = [], 0
    for part in PARTS:
        present = [(by_key[key], heading) for key, heading in part.sections if key in by_key]
        if not present:
            continue
        if part.heading:
            numeral += 1
        parts.append(
            {
                "numeral": ROMAN[numeral - 1] if part.heading else "",
                "heading": part.heading,
                "sections": [
                    {**section, "number": index if heading else None, "heading": heading}
                    for index, (section, heading) in enumerate(present, start=1)
                ],
            }
        )
    return parts
