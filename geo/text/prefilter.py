"""Which of many regexes can match a text, found in one pass (`Prefilter.hits`).

Every regex whose matches must contain one of a few literal strings ('shell', 'artillery',
'missile' ...) is indexed by those strings in one Aho–Corasick automaton; a text is scanned
once and only the regexes whose literals occur in it are run. A regex with no such literals
(`\\w+ \\d+`, say) is always run. When every match of a regex also begins with one of its
literals (`Prefilter.anchored`), the literals' starts are the only offsets worth trying
(`matches_at`): no scan of the text offset by offset at all. The prefilter never changes what
matches, only how much matching is tried: the event triggers went from 51 scans per article to a
few `re.match` calls.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]  # private: typeshed omits it
from re import _parser as sre_parse  # type: ignore[attr-defined]  # the stdlib's own regex parser (3.11+)

import ahocorasick

MIN_LITERAL = 3       # shorter prefixes ('a', 'of') occur in every text: no use as a filter
MAX_LITERALS = 400    # a regex that expands to more prefixes than this is always run
MAX_CLASS = 6         # '[sz]' expands into its letters; '[a-z]' ends the literal prefix


def _walk(seq) -> tuple[set[str], bool] | None:
    """(literal prefixes of every match of the parsed `seq`, whether they are whole matches).

    None when the prefixes cannot be bounded (too many of them)."""
    acc = {""}
    for op, av in seq:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # \b, ^, lookarounds: zero width, they consume nothing
        if op is sre.LITERAL:
            acc = {a + chr(av) for a in acc}
            continue
        if op is sre.SUBPATTERN:
            part = _walk(av[3])
        elif op is sre.BRANCH:
            walked = [_walk(branch) for branch in av[1]]
            parts = [p for p in walked if p is not None]
            if len(parts) < len(walked):
                return None
            part = (set().union(*(p[0] for p in parts)), all(p[1] for p in parts))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            inner = _walk(av[2])  # 'x?': with it or without it
            part = None if inner is None else (inner[0] | {""}, inner[1])
        elif op is sre.IN and len(av) <= MAX_CLASS and all(o is sre.LITERAL for o, _ in av):
            part = ({chr(c) for _, c in av}, True)
        else:
            return acc, False  # a repeat, a wider class, a group reference: prefixes end here
        if part is None:
            return None
        acc = {a + s for a in acc for s in part[0]}
        if len(acc) > MAX_LITERALS:
            return None
        if not part[1]:
            return acc, False
    return acc, True


def _quality(literals: set[str]) -> tuple[int, int]:
    """Longer literals are rarer; fewer of them are fewer false alarms."""
    return min(map(len, literals)), -len(literals)


def _required(seq) -> set[str] | None:
    """The best set of literals one of which every match of the parsed `seq` contains: the
    prefixes of the sequence or of any tail of it, or what a required group inside needs
    ('(?P<t>seized|captured)' is rarer than the 'government|state' before it)."""
    options = []
    items = list(seq)
    for k in range(len(items)):
        # a tail starting inside a run of literals is dominated by the run's start
        walked = None if k and items[k - 1][0] is sre.LITERAL else _walk(items[k:])
        if walked is not None and walked[0] and min(map(len, walked[0])) >= MIN_LITERAL:
            options.append(walked[0])
        op, av = items[k]
        inner = None
        if op is sre.SUBPATTERN:
            inner = _required(av[3])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            inner = _required(av[2])
        elif op is sre.BRANCH:
            per_branch = [_required(branch) for branch in av[1]]
            if all(per_branch):
                inner = set().union(*(b for b in per_branch if b))
        if inner:
            options.append(inner)
    options = [o for o in options if len(o) <= MAX_LITERALS]
    return max(options, key=_quality) if options else None


def required_literals(regex: re.Pattern) -> frozenset[str] | None:
    """Strings one of which occurs in every match of `regex`; None when there is no useful set."""
    return _literals(regex)[0]


def _literals(regex: re.Pattern) -> tuple[frozenset[str] | None, bool]:
    """`required_literals(regex)`, and whether every match also begins with one of them."""
    if regex.flags & re.IGNORECASE:
        return None, False
    try:
        seq = sre_parse.parse(regex.pattern, regex.flags)
        found = _required(seq)
        prefixes = _walk(seq) if found else None
    except (re.error, RecursionError, TypeError, ValueError):
        return None, False
    if not found:
        return None, False
    anchored = prefixes is not None and all(p.startswith(tuple(found)) for p in prefixes[0])
    return frozenset(found), anchored


def find_all(text: str, needle: str) -> Iterator[int]:
    """Start offsets of every occurrence of `needle` in `text`, in order (overlaps included)."""
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)


def offsets(text: str, needles) -> list[int]:
    """Sorted start offsets of every occurrence of each of the `needles` strings in `text`:
    where a pattern that opens with one of them can match. `str.find` skips ahead at memchr
    speed; a regex scan for rare characters calls its matcher at every offset.

    >>> offsets("a.b!c.", ".!")
    [1, 3, 5]
    """
    return sorted(at for needle in needles for at in find_all(text, needle))


_ASCII_BYTES = bytes(range(128))


def non_ascii(text: str) -> str:
    """The characters of `text` outside ASCII, in order: what a regex scan for [^\\x00-\\x7f]
    finds, by three passes at C speed (the scan tries its class at every offset). UTF-8
    writes ASCII as its own bytes and nothing else with them.

    >>> non_ascii("Zürich – Genève")
    'ü–è'
    """
    return text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")


def matches_at(regex: re.Pattern, text: str, starts: list[int], endpos: int | None = None):
    """Non-overlapping matches of `regex` beginning at the given sorted offsets: what
    `regex.finditer(text, starts[0], endpos)` finds when every match must begin at one of them
    (as for the prefilter's anchored regexes), without trying every offset in between."""
    end = len(text) if endpos is None else endpos
    after = 0
    for start in starts:
        if start >= after:
            m = regex.match(text, start, end)
            if m:
                after = m.end()
                yield m


LiteralTable = list[tuple[frozenset[str] | None, bool]]


def literal_table(regexes: list[re.Pattern], cache_dir: Path | None = None) -> LiteralTable:
    """`_literals` of each regex. Reading them out of the regexes' syntax trees takes a few
    tenths of a second for the event taxonomy, on every start of a process: with `cache_dir`
    the table is kept there, named by a digest of the patterns and of this module."""
    path = None
    if cache_dir is not None:
        h = hashlib.sha256(Path(__file__).read_bytes())
        for rx in regexes:
            h.update(f"{rx.flags}:{rx.pattern}\0".encode())
        path = Path(cache_dir) / f"prefilter-{h.hexdigest()[:16]}.json"
        try:
            return [(None if lits is None else frozenset(lits), bool(a))
                    for lits, a in json.loads(path.read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError):
            pass  # not built yet, or unreadable: computed below
    table = [_literals(rx) for rx in regexes]
    if path is not None:
        _write_quietly(path, json.dumps([[None if lits is None else sorted(lits), a] for lits, a in table]))
    return table


def _write_quietly(path: Path, text: str) -> None:
    """Write `text` to `path` whole (a temporary file renamed), or not at all: a read-only
    cache folder only costs the next start the same few tenths of a second."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError:
        pass


class Prefilter:
    """Built once for a fixed list of regexes; `hits(text)` is one automaton pass.

    `anchored` holds the regexes every match of which begins with one of their literals
    ('\\b(shell(ing|ed)?|artillery)'): they need only be tried where a literal starts.
    `table`: their `literal_table`, when the caller has it."""

    def __init__(self, regexes: list[re.Pattern], table: LiteralTable | None = None) -> None:
        by_literal: dict[str, set[int]] = {}
        always, anchored = set(), set()
        table = literal_table(regexes) if table is None else table
        for i, (literals, starts_match) in enumerate(table):
            if literals is None:
                always.add(i)
                continue
            if starts_match:
                anchored.add(i)
            for s in literals:
                by_literal.setdefault(s, set()).add(i)
        self.always = frozenset(always)
        self.anchored = frozenset(anchored)
        self._automaton = ahocorasick.Automaton()
        for s, ids in by_literal.items():
            self._automaton.add_word(s, (len(s), tuple(ids)))
        if by_literal:
            self._automaton.make_automaton()
        self._empty = not by_literal

    def hits(self, text: str) -> dict[int, list[int] | None]:
        """Regex index -> sorted start offsets of its literals in `text`; None for the
        regexes that are always run (they may match anywhere)."""
        found: dict[int, list[int]] = {}
        if not self._empty:
            for end, (length, ids) in self._automaton.iter(text):
                for i in ids:
                    found.setdefault(i, []).append(end - length + 1)
        out: dict[int, list[int] | None] = dict.fromkeys(self.always)
        for i, starts in found.items():
            # 'mar' and 'march' start at the same offset; a shorter literal ends first
            out[i] = sorted(set(starts))
        return out

    def possible(self, text: str) -> set[int]:
        """Indexes of the regexes that may match somewhere in `text` (a superset of those that do)."""
        return set(self.hits(text))
