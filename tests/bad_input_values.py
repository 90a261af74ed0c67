"""The hostile values that tests/test_bad_input.py posts: text, dates, numbers, ids and files,
and a form field with its good value and its kind.
"""

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from hypothesis import strategies as st

from tests.properties import examples

EXAMPLES = examples(10)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
# Characters that typed text must not hold: C0 and C1 controls but tab and line breaks, and
# the bidirectional overrides that make a text read otherwise than it is stored.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
VIETNAMESE = re.compile("[À-ỹĐđ]")

# Hostile values

HOSTILE_TEXT = [
    "x" * 10_000,
    "Nguyễn " * 1_500,
    "\x00",
    "Nguyễn\x00Văn",
    "\x1b[31mđỏ\x1b[0m",
    "Hồ sơ\u202egpj.exe",
    "\x7f\x85\x9f",
    "tab\tand\nnew line\r\n",
    unicodedata.normalize("NFD", "Nguyễn Thị Đào, Tổ đảng số 1"),
    "🇻🇳🙂👨‍👩‍👧 Bác Hồ",
    "'; DROP TABLE members_member; --",
    "1' OR '1'='1",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request.user.password }} {% debug %}",
    "%(name)s %s {0} {tokens}",
    "../../etc/passwd",
    "",
    "   ",
    # Grows under NFC: a form that counts before composing lets it past its limit.
    "\u0958" * 301,
    "\ufeff\u200b\u200d",
]
HOSTILE_DATES = [
    "31/02/2021",
    "00/00/0000",
    "01/01/10000",
    "-1",
    "",
    "01/01/0001",
    "31/12/9999",
    "29/02/2023",
    "2021-03-15",
    "15/03/2021 00:00",
    "1e9",
    "15/03/2021\x00",
    "٣١/١٢/٢٠٢١",
]
HOSTILE_INTEGERS = [
    "-1",
    str(2**63),
    str(-(2**63) - 1),
    str(2**31),
    "32768",
    "1e9",
    "1.5",
    "",
    "abc",
    "0",
    "١٢",
    "9" * 400,
]
MISSING_IDS = ["999999999", str(2**63), "-1", "0", "abc", "1.0", ""]


def as_date(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


texts = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=400),
)
dates = st.one_of(
    st.sampled_from(HOSTILE_DATES),
    st.dates().map(as_date),
    st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(as_date),
)
integers = st.one_of(st.sampled_from(HOSTILE_INTEGERS), st.integers().map(str))


@dataclass
class Field:
    """A field of a page: its good value, and how to draw a hostile one (given the world)."""

    good: object
    kind: str = "text"  # text, date, int, choice, id, ids, bool, file
    choices: list = field(default_factory=list)
    # Names of the world's records (or callables of the world) whose ids a bad value may take.
    foreign: list = field(default_factory=list)

    def resolve(self, world, value):
        if callable(value):
            value = value(world)
        if isinstance(value, list):
            return [self.resolve(world, one) for one in value]
        return getattr(value, "pk", value)

    def hostile(self, world):
        foreign = [
            str(self.resolve(world, name if callable(name) else getattr(world, name)))
            for name in self.foreign
        ]
        if self.kind == "text":
            return texts
        if self.kind == "date":
            return dates
        if self.kind == "int":
            return integers
        if self.kind == "choice":
            return st.one_of(st.sampled_from([*self.choices, "", "DROP", "<b>"]), texts)
        if self.kind == "bool":
            return st.sampled_from(["on", "", "false", "0", "\x00", "x" * 5000])
        ids = st.sampled_from([*foreign, *MISSING_IDS])
        if self.kind == "id":
            return st.one_of(ids, texts)
        if self.kind == "ids":
            return st.lists(ids, max_size=4)
        if self.kind == "file":
            return uploads
        raise AssertionError(self.kind)


class NamedFile(io.BytesIO):
    def __init__(self, content: bytes, name: str):
        super().__init__(content)
        self.name = name


def build_upload(content: bytes, name: str):
    return NamedFile(content, name)


file_names = st.one_of(
    st.sampled_from(
        ["x.pdf", "../../etc/passwd.pdf", "a" * 300 + ".pdf", "bad\x00name.pdf", "..", ".pdf", "x.PDF.exe"]
    ),
    st.text(min_size=1, max_size=300).map(lambda name: name + ".pdf"),
)
file_contents = st.one_of(
    st.sampled_from([PDF, EXECUTABLE, b"", b"PK\x03\x04 not a zip", b"\xd0\xcf\x11\xe0"]),
    st.binary(max_size=2000),
    st.binary(max_size=200).map(lambda tail: b"%PDF-" + tail),
)
uploads = st.builds(lambda content, name: ("upload", content, name), file_contents, file_names)
