"""Text as people type it: one form for storage, one for search."""

import unicodedata


def nfc(value: str) -> str:
    """The composed Unicode form, so that a name typed on two keyboards is one name."""
    return unicodedata.normalize("NFC", value)


def fold(value: str) -> str:
    """Lower case without diacritics: "Nguyễn Thị Đào" -> "nguyen thi dao"."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.lower().split())
