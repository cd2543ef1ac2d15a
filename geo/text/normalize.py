"""Name normalisation: one key per spelling, shared by the gazetteer and the recogniser.

Keys are built token by token from the original text, so offsets never drift: the
recogniser keeps each token's (start, end) and only the lookup key is folded.
"""
from __future__ import annotations

import re
import unicodedata

# Words are runs of letters and digits; hyphens, apostrophes and dots separate tokens, so
# "Ivano-Frankivsk", "Ivano Frankivsk" and "St. Louis"/"St Louis" share a key.
TOKEN_RE = re.compile(r"[^\W_]+")

# Letters that NFKD does not decompose into ASCII + combining marks.
_SPECIAL = str.maketrans({"ß": "ss", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ø": "o", "Ø": "o",
                          "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th",
                          "ð": "d", "ħ": "h", "ŀ": "l"})

_DIGRAPHS = (  # transliteration variants folded to one skeleton: Kharkov/Kharkiv, Lugansk/Luhansk
    ("shch", "sh"), ("sch", "sh"), ("kh", "h"), ("gh", "h"), ("g", "h"), ("tz", "c"), ("ts", "c"),
    ("zh", "j"), ("w", "v"), ("y", "i"), ("j", "i"), ("o", "e"), ("ie", "i"), ("ei", "i"),
)
_ENDINGS = re.compile(r"(?:ev|iv)\b")
_DOUBLE = re.compile(r"(.)\1+")
# GeoNames writes both 'Saint Louis' and 'St. Louis', 'Mount Vernon' and 'Mt. Vernon'
SHORT_FORMS = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}
LONG_FORMS = {short: long for long, short in SHORT_FORMS.items()}


def fold(word: str) -> str:
    """Case-, accent- and ligature-insensitive form of one word: 'Zürich' -> 'zurich'."""
    if word.isascii():
        return word.lower()  # most words: nothing to translate, and lower() is casefold() here
    word = word.translate(_SPECIAL)
    if not word.isascii():
        word = "".join(ch for ch in unicodedata.normalize("NFKD", word)
                       if not unicodedata.combining(ch))
    return word.casefold()


def name_key(name: str) -> str:
    """Lookup key of a whole name: folded tokens joined by single spaces.

    >>> name_key("Ivano-Frankivs'k")
    'ivano frankivs k'
    >>> name_key("  Kyiv ")
    'kyiv'
    """
    return " ".join(fold(t) for t in TOKEN_RE.findall(name))


def skeleton(key: str) -> str:
    """Coarse form of a key that merges common transliteration variants.

    Used only as a fallback when the exact key is unknown, and only against prominent
    names: 'kharkov' and 'kharkiv' -> 'hariv'; 'chernobyl' and 'chornobyl' -> 'cherneb'...

    >>> skeleton("kiev") == skeleton("kyiv")
    True
    """
    s = key
    for old, new in _DIGRAPHS:
        s = s.replace(old, new)
    s = _ENDINGS.sub("iv", s)
    return _DOUBLE.sub(r"\1", s)


def is_latin_name(name: str) -> bool:
    """True when every letter of the name is Latin script (English news spells places so)."""
    for ch in name:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return any(ch.isalpha() for ch in name)
