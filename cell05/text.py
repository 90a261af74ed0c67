"""Text as people type it: one form for storage, one for search."""

import unicodedata


def nfc(value: str) -> str:
    """The composed Unicode form, so that a name typed on two keyboards is one name."""
    return unicodedata.normalize("NFC", value)


# Đ (U+0110) and the look-alike Ð (U+00D0, Icelandic eth), which real Vietnamese documents mix
# in, have no decomposition: both fold to d.
D_LETTERS = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def fold(value: str) -> str:
    """Lower case without diacritics: "Nguyễn Thị Đào" -> "nguyen thi dao"."""
    decomposed = unicodedata.normalize("NFD", value.translate(D_LETTERS))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.lower().split())
