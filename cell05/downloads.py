"""How a download is named: the name a person would give it, in Vietnamese, for the browsers
that read RFC 6266/5987 `filename*`, and a short ASCII name for those that do not. Names come
from what users typed (titles, file names), so both are cleaned and cut: a 1 MB title must not
make a 1 MB header, nor a name that no file system can hold."""

import re
from urllib.parse import quote

from django.utils.text import slugify

from cell05.text import fold, nfc

# Most file systems hold names of 255 bytes: a download name stays well below, in characters
# and in UTF-8 bytes (Vietnamese letters take two or three), which also bounds the header.
NAME_CHARACTERS = 100
NAME_BYTES = 120
FALLBACK_CHARACTERS = 60

# Characters Windows refuses in a file name; / and \ (as in "06-KH/CB") read best as a dash.
SLASHES = re.compile(r"[/\\]")
FORBIDDEN = re.compile(r'[<>:"|?*]')
EXTENSION = re.compile(r"^(?P<stem>.*)\.(?P<extension>(?=[a-z0-9]*[a-z])[a-z0-9]{1,8})$", re.IGNORECASE)


def _clean(name: str) -> str:
    name = "".join(char for char in nfc(name) if char.isprintable())
    name = FORBIDDEN.sub(" ", SLASHES.sub("-", name))
    return " ".join(name.split())


def _split(name: str) -> tuple[str, str]:
    """The stem and extension of a name: "Báo cáo.pdf" → ("Báo cáo", "pdf"); a last part with
    a space or no letter ("Kỳ 2. Tổng kết", "v1.2") is not an extension."""
    match = EXTENSION.match(name)
    if match is None:
        return name.strip(" ."), ""
    return match["stem"].strip(" ."), match["extension"]


def _join(stem: str, extension: str) -> str:
    return f"{stem}.{extension}" if extension else stem


def _shorten(stem: str, extension: str) -> str:
    """The name cut, in its stem, to NAME_CHARACTERS and NAME_BYTES; the extension is kept."""
    room = NAME_CHARACTERS - len(_join("", extension))
    stem = (stem or "document")[:room]
    while len(_join(stem, extension).encode()) > NAME_BYTES:
        stem = stem[:-1]
    return _join(stem.rstrip(" .") or "document", extension)


def download_name(name: str, extension: str) -> str:
    """The name to save a file under: `name` cleaned, with `extension` (what the file really
    is) in place of the one it has, or added: "report.html" of a PDF → "report.pdf"."""
    stem, _old = _split(_clean(name))
    return _shorten(stem, extension)


def ascii_name(name: str) -> str:
    """The fallback name for old clients: "Báo cáo sơ kết 5 năm.pdf" → "bao-cao-so-ket-5-nam.pdf"."""
    stem, extension = _split(_clean(name))
    slug = slugify(fold(stem))[:FALLBACK_CHARACTERS].strip("-")
    return _join(slug or "document", extension.lower())


def attachment_header(name: str, *, inline: bool = False) -> str:
    """The Content-Disposition of a download named `name` (its extension included): the
    cleaned, shortened name as UTF-8 in filename*, which browsers prefer, and the ASCII name in
    filename. `inline` lets the browser show it (a PDF) rather than save it."""
    stem, extension = _split(_clean(name))
    full = _shorten(stem, extension)
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{ascii_name(full)}\"; filename*=UTF-8''{quote(full, safe='')}"
