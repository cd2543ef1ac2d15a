"""The words of one text, as columns (`Tokens`), and one recogniser pass's view of them (`Scan`).

Offsets index the original text; only the lookup keys are folded. Sentence starts are
found here, since a full stop after 'Mr' or an initial ends no sentence.
"""
from __future__ import annotations

import re
from collections.abc import Container
from functools import lru_cache
from itertools import accumulate, compress, count
from operator import itemgetter

from geo.gazetteer.index import Gazetteer
from geo.text.normalize import fold
from geo.text.prefilter import non_ascii

_SENTENCE_GAP = re.compile(r"[.!?:;\n\"“]\s*$")
_WORD_SPLIT = re.compile(r"([^\W_]++)")  # words: runs of letters and digits; possessive: no backtracking
_ASCII_WORD_SPLIT = re.compile(r"([0-9A-Za-z]++)")  # the same where all letters are ASCII
# what may stand between two words of one name ('St. Louis', 'Ivano-Frankivsk', 'Martha's Vineyard')
_JOINING_GAPS = frozenset({" ", "-", "'", "’", ". ", ".", " - ", "'s ", "’s ", "\u00a0"})
# abbreviated titles: the full stop after them ends no sentence
_NO_STOP_AFTER = frozenset("""mr mrs ms dr prof gen sen rep gov lt col capt sgt maj adm cmdr rev
const cpl pvt det insp supt""".split())
_fold = lru_cache(maxsize=1 << 16)(fold)  # news repeats its words: fold each spelling once


@lru_cache(maxsize=1 << 12)  # a few kinds of gap (' ', ', ', '. ') make up most of a text
def _ends_sentence(gap: str) -> bool:
    """Does a word after `gap` start a sentence or a line (abbreviations aside)?"""
    return gap != " " and (_SENTENCE_GAP.search(gap) is not None or "\n\n" in gap)


def _folded(words: list[str]) -> list[str]:
    """fold() of each word. Most texts' words are all ASCII, where fold() is lower(): one
    join, lower() and split() serve them all (words hold no white space)."""
    joined = " ".join(words)
    if joined.isascii():
        return joined.lower().split()
    return list(map(_fold, words))


def _split_words(text: str) -> list[str]:
    """_WORD_SPLIT.split(text). Most texts' letters are all ASCII, curly quotes and dashes
    aside: a byte-table class splits them a quarter faster than Unicode categories do, and
    is right when no character it leaves between the words is a letter or a digit (Zürich)."""
    parts = _ASCII_WORD_SPLIT.split(text)
    if text.isascii() or not any(map(str.isalnum, non_ascii("".join(parts[0::2])))):
        return parts
    return _WORD_SPLIT.split(text)


class Tokens:
    """The words of one text, column by column: word i is text[start[i]:end[i]], is looked up
    as key[i] and comes after the characters gap[i]. Columns, not an object per word: an
    article has hundreds of words, and a few passes over whole lists (a split, slices, maps)
    build the columns for a fraction of what a loop building one object per word costs."""

    __slots__ = ("start", "end", "key", "gap", "cap", "glued", "sent_start", "words")

    def __init__(self, text: str) -> None:
        parts = _split_words(text)  # gap, word, gap, word, ..., the text after the last word
        parts.pop()
        bounds = list(accumulate(map(len, parts)))  # where each part ends
        self.start, self.end = bounds[0::2], bounds[1::2]
        self.gap, self.words = parts[0::2], parts[1::2]
        self.key = _folded(self.words)
        self.cap = list(map(str.isupper, map(itemgetter(0), self.words)))  # first letter upper case
        # may word i continue the name that word i-1 is in? (never asked of word 0)
        self.glued = list(map(_JOINING_GAPS.__contains__, self.gap))
        self.sent_start = [False] * len(self.gap)  # first word of a sentence or a line
        self._find_sentence_starts()

    def _find_sentence_starts(self) -> None:
        """Mark the words after a sentence or line end. A full stop after an abbreviation or
        an initial ends no sentence ('Mrs. Lincoln', 'Gov. Strickland', 'Terry A. Corbin', '618
        E. Main Street'); it glues two words only after one ('St. Louis', 'W. Va.'), not at a
        sentence end ('... to Virginia. Rep. Nick Rahall' is no person 'Virginia Rep')."""
        key, cap, gap, sent_start = self.key, self.cap, self.gap, self.sent_start
        ends = {g for g in set(gap) if _ends_sentence(g)}  # a text has a few kinds of gap
        for i in compress(count(), map(ends.__contains__, gap)):
            if i and gap[i] in (". ", "."):  # the joining gaps with a full stop
                before = key[i - 1]
                self.glued[i] = len(before) <= 3
                if before in _NO_STOP_AFTER or (len(before) == 1 and cap[i - 1]):
                    continue
            sent_start[i] = True
        if sent_start:
            sent_start[0] = True

    def upper(self, i: int) -> bool:
        """Is word i all upper case (an acronym, a dateline)?"""
        word = self.words[i]
        return len(word) > 1 and word.isupper()



def chunk_bounds(toks: Tokens, i: int, j: int) -> tuple[int, int]:
    """Extend tokens [i, j) to the whole run of capitalised words around them."""
    cap, glued, sent_start = toks.cap, toks.glued, toks.sent_start
    while i > 0 and cap[i - 1] and glued[i] and not sent_start[i]:
        i -= 1
    while j < len(cap) and cap[j] and glued[j]:
        j += 1
    return i, j


class Scan:
    """What every check of one recogniser pass reads: the gazetteer, the text, its tokens and
    the capitalised ones among them (most words are lower case: the passes visit only these)."""

    __slots__ = ("gaz", "text", "toks", "caps")

    def __init__(self, gaz: Gazetteer, text: str) -> None:
        self.gaz = gaz
        self.text = text
        self.toks = Tokens(text)
        self.caps = list(compress(count(), self.toks.cap))

    def caps_among(self, words: Container[str]) -> list[int]:
        """The capitalised tokens whose key is one of `words`: most passes want few of them."""
        caps, keys = self.caps, self.toks.key
        return list(compress(caps, map(words.__contains__, map(keys.__getitem__, caps))))

    def span_text(self, i: int, j: int) -> tuple[int, int, str]:
        """(start offset, end offset, original text) of tokens [i, j)."""
        start, stop = self.toks.start[i], self.toks.end[j - 1]
        return start, stop, self.text[start:stop]


def forget() -> None:
    """Drop the memoised word folds (the benchmark times every pass from cold memos)."""
    _fold.cache_clear()
