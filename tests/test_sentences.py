"""Sentence boundaries: offsets into the original text, abbreviations and initials kept inside."""
from __future__ import annotations

import pytest

from geo.text.sentences import lower_same_length, split


@pytest.mark.parametrize("text, expected", [
    ("Mr. Putin spoke. U.S. forces left.\n\nNext paragraph",
     ["Mr. Putin spoke.", "U.S. forces left.", "Next paragraph"]),
    ("Shelling began on Dec. 15 in the east. Gen. Smith said so!", ["Shelling began on Dec. 15 in the east.",
                                                                      "Gen. Smith said so!"]),
    ("J. R. Doe arrived. He left at 3.5 km/h?  Yes.", ["J. R. Doe arrived.", "He left at 3.5 km/h?", "Yes."]),
    ("\"They fled.\" Police came.\nNew line\n  \n", ["\"They fled.\"", "Police came.", "New line"]),
    ("no capital. after this", ["no capital. after this"]),
    ("", []),
])
def test_split(text, expected):
    spans = split(text)
    assert [text[s:e] for s, e in spans] == expected


def test_lower_same_length_keeps_offsets():
    text = "İstanbul and KYIV"
    low = lower_same_length(text)
    assert len(low) == len(text) and low.endswith("and kyiv")
