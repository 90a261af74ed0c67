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


# The Vietnamese alphabet (with f, j, w, z for foreign names where the Latin order puts them):
# ă, â come after a, đ after d, ê after e, ô and ơ after o, ư after u.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# The tones in dictionary order (Hoàng Phê, and CLDR's Vietnamese collation): ngang, huyền, hỏi,
# ngã, sắc, nặng.
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# The marks that make a letter of its own (ă â ê ô ơ ư), as opposed to a tone.
LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# The look-alike Ð (U+00D0) is the Vietnamese đ in the documents that mix it in.
D_LETTERS_KEPT = str.maketrans({"ð": "đ", "Ð": "Đ"})
END, SEPARATOR, FIRST_DIGIT = 0, 1, 2
FIRST_LETTER = FIRST_DIGIT + 10


def vietnamese_sort_key(value: str) -> str:
    """A key that orders texts as a Vietnamese dictionary does when compared as plain strings:
    letters first ("Dương" < "Đinh" < "Đỗ" < "Em"), then tones ("Lan" < "Lân" < "Lấn"). It is
    written in digits only, two a letter and one a tone, so that PostgreSQL's collation (which
    skips spaces and punctuation at first) and SQLite's byte order agree."""
    letters: list[str] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", nfc(value).translate(D_LETTERS_KEPT).lower()):
        if char in TONES:
            if tones:
                tones[-1] = TONES[char]
        elif char in LETTER_MARKS:
            if letters:
                letters[-1] = letters[-1] + char
        elif char.isalpha() or char.isdigit() and char.isascii():
            letters.append(char)
            tones.append(0)
        elif letters and letters[-1] != " ":
            # Spaces and punctuation separate words, below every letter: "Lê An" < "Lê Anh".
            letters.append(" ")
            tones.append(0)
    codes = [letter_code(letter) for letter in letters]
    while codes and codes[-1] == SEPARATOR:
        codes.pop()
        tones.pop()
    return "".join(f"{code:02d}" for code in [*codes, END]) + "".join(map(str, tones))


def letter_code(letter: str) -> int:
    if letter == " ":
        return SEPARATOR
    if letter.isdigit():
        return FIRST_DIGIT + int(letter)
    position = ALPHABET.find(unicodedata.normalize("NFC", letter))
    # A letter outside the alphabet (a foreign name's ç, ö) sorts after z.
    return FIRST_LETTER + position if position >= 0 else 99
