"""What a report's text still lacks: the gaps, which keep the report from being made final (a
sentence whose figure is nothing, a passage still marked "[…]", a part III without a cause),
and the prompts (what the writer should still complete)."""

import re

from django.utils.translation import gettext_lazy as _

from reports.choices import SectionKey
from reports.document.committee_texts import COMMITTEE_TOKEN_HELP
from reports.document.texts import GENERAL_GUIDANCE, TO_WRITE
from reports.document.tokens import TOKEN_HELP
from reports.document.wording import TOKEN, place_tokens

# A piece of text up to the end of its sentence (. ! ?, kept) or of its line.
PIECE = re.compile(r"[^.!?\n]+[.!?]?")
NOTHING = {"", "0", "00", "0%"}
MEANINGS = {**TOKEN_HELP, **COMMITTEE_TOKEN_HELP}


def sentences_with_figures(text: str):
    """The sentences of a text that name a figure, in one pass over it. A sentence ends at
    . ! ? or at the end of its line, and begins after the last : or ; before its first figure
    ("Trong {ky_bao_cao}: các tổ đảng..." is one sentence, "Kết quả: {so_dang_vien}..." begins
    at the figure). Each piece is read once: no search starts again inside it, so a line of
    20,000 characters costs no more than 20,000 characters in short lines."""
    for piece in PIECE.findall(text):
        first = TOKEN.search(piece) if "{" in piece else None
        if first:
            start = max(piece.rfind(":", 0, first.start()), piece.rfind(";", 0, first.start())) + 1
            yield piece[start:].strip()


def gaps(sections: list[tuple[str, str]], values: dict[str, str]) -> list[dict]:
    """The sentences of a report whose figure is nothing: an empty list where a reference goes,
    or a count of 0; and those that still read "[…]". `sections` are (label, text). Each gap:
    the section, the sentence as it reads, and the figure's meaning, once per figure of a
    sentence. A report with gaps cannot be made final."""
    nothing = {name for name, value in values.items() if value.strip() in NOTHING}
    written = [f"{{{name}}}" for name in nothing]
    found = _to_complete(sections, values)
    for label, text in sections:
        if not any(token in text for token in written):
            continue  # most texts, read at the speed of a substring search
        for sentence in sentences_with_figures(text):
            empty = [name for name in dict.fromkeys(TOKEN.findall(sentence)) if name in nothing]
            placed = place_tokens(sentence, values) if empty else ""
            found.extend(
                {"section": label, "sentence": placed, "token": name, "meaning": MEANINGS.get(name, name)}
                for name in empty
            )
    return found


def _to_complete(sections: list[tuple[str, str]], values: dict[str, str]) -> list[dict]:
    """The sentences that a figure the records cannot give yet places as "[…]" (a committee's
    guidance, until its register holds it), each said with that figure's meaning. A "[…]"
    typed in the text is `unwritten`'s."""
    unknown = [name for name, value in values.items() if TO_WRITE in value]
    found = []
    for label, text in sections:
        if not any(f"{{{name}}}" in text for name in unknown):
            continue
        for piece in PIECE.findall(text):
            name = next((name for name in unknown if f"{{{name}}}" in piece), None)
            if name:
                found.append(
                    {
                        "section": label,
                        "sentence": place_tokens(piece, values).strip(),
                        "token": name,
                        "meaning": MEANINGS[name],
                    }
                )
    return found


CAUSES_MEANING = _("the causes of the limitations and shortcomings, objective and subjective")
TO_WRITE_MEANING = _("a passage still to be written in place of “[…]”")


def unwritten(texts: dict[str, str], values: dict[str, str]) -> list[dict]:
    """The gaps of the texts that the writer has not written, with their figures placed: part
    III without a cause, and every sentence typed with the mark of what is to be written
    ("[…]"), each marked "unwritten" (a "[…]" that a figure places is `gaps`'s). `texts` maps
    each section to its text as typed; a section the report lacks is absent."""
    found = []
    causes = texts.get(SectionKey.CAUSES, "").strip()
    # A report begun before part III had a section of causes may name them with its limitations.
    named_with_limitations = "nguyên nhân" in texts.get(SectionKey.LIMITATIONS, "").lower()
    if not causes and not named_with_limitations:
        found.append(_unwritten(SectionKey.CAUSES, "", CAUSES_MEANING))
    for key, text in texts.items():
        if TO_WRITE not in text:
            continue
        for sentence in PIECE.findall(text):
            if TO_WRITE in sentence:
                meaning = CAUSES_MEANING if key == SectionKey.CAUSES else TO_WRITE_MEANING
                found.append(_unwritten(key, place_tokens(sentence, values).strip(), meaning))
    return found


def _unwritten(key: str, sentence: str, meaning) -> dict:
    return {"section": SectionKey(key).label, "sentence": sentence, "meaning": meaning, "unwritten": True}


def prompts(texts: dict[str, str]) -> list[str]:
    """What the writer should still complete, read from the texts with their figures placed:
    the guidance the opening answers, written in general words while none is registered.
    Unlike a gap, a prompt does not keep a report from being made final: the writer may know
    better."""
    found = []
    if texts.get(SectionKey.OPENING, "").startswith(GENERAL_GUIDANCE):
        found.append(
            _(
                "The opening names no guidance of the superior committee by its number: register it "
                "among the cell's documents (received, of the kind “Guidance”, carrying out Directive 05 / "
                "Conclusion 01), or write its number and date in the opening."
            )
        )
    return found
