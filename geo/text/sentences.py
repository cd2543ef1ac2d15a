"""Sentence boundaries with offsets into the original text (`split`)."""
from __future__ import annotations

import re
from string import ascii_letters

from geo.text.prefilter import matches_at, offsets

# A full stop after these is not the end of a sentence ("Mr. Putin", "Dec. 15", "U.S. forces").
ABBREVIATIONS = frozenset("""mr mrs ms dr prof st gen col lt sgt capt maj gov sen rep rev jr sr
jan feb mar apr jun jul aug sep sept oct nov dec no nos vs etc inc corp ltd co dept est approx
ft mt fig al ave blvd""".split())
# A sentence ends at '.', '!' or '?' (then closing quotes) before a capital, or at a newline
# before a capital or a blank line. It is tried only where one of those characters is
# (`offsets`), not at every offset.
_END = re.compile(r"[.!?\n](?:(?<=[.!?])[.!?]*[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])|"
                  r"(?<=\n)\s*\n|(?<=\n)(?=\s*[A-Z\"“]))")


def split(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed; offsets index `text`.

    >>> t = "Mr. Putin spoke. U.S. forces left.\\n\\nNext paragraph"
    >>> [t[s:e] for s, e in split(t)]
    ['Mr. Putin spoke.', 'U.S. forces left.', 'Next paragraph']
    """
    spans, start = [], 0
    for m in matches_at(_END, text, offsets(text, ".!?\n")):
        at = m.start()
        mark = text[at]  # what the match opens with: '.', '!', '?' or a newline
        if mark == ".":
            before = text[max(0, at - 12):at]
            word = before[len(before.rstrip(ascii_letters)):]  # the letters just before the '.'
            if word and (word.lower() in ABBREVIATIONS or len(word) == 1):
                continue  # an abbreviation or an initial
        end = at if mark == "\n" else m.end()  # a newline's match is all white space
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def lower_same_length(text: str) -> str:
    """Lower-case text whose offsets still index the original ('İ'.lower() has two chars)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
