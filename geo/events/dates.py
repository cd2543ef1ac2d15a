"""Dates in news text, resolved against the publication date (`find_dates`).

Named strategies, most specific first: explicit dates ("on February 21",
"Dec. 15, 2019", "2022-02-21"), relative days ("yesterday", "3 days ago"), weekdays ("early
Thursday", "on Friday": the latest such day on or before publication), and relative weeks and
months ("last week", "earlier this month"). Precision follows ACLED's time_precision: "day",
"week" or "month".

`dateline` reads the publication date an article states at its head ("KARACHI, August 27,
2022 —", a line "Published 27 August 2022"), for articles given without one.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from geo.text.prefilter import Prefilter, find_all, matches_at, non_ascii, offsets
from geo.text.sentences import lower_same_length

MONTHS = {m: i for i, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), 1) for m in names}
WEEKDAYS = {d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday",
                                        "saturday", "sunday"))}
_MONTH = (r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december"
          r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?")
_EXPLICIT = [
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
]
_RELATIVE_DAYS = re.compile(r"\b(?P<word>yesterday|today|tonight|this (?:morning|afternoon|evening)|"
                            r"last night|overnight|(?P<n>two|three|four|five|six) days ago)\b")
_DAYS_AGO = re.compile(r"\b(?P<word>(?P<n>\d+) days ago)\b")
_WEEKDAY = re.compile(r"\b(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
_LAST_BEFORE = re.compile(r"\blast\s+$")  # 'last Friday'
_NAME_WINDOW = 40
_WEEK_MONTH = re.compile(r"\b(?P<what>last week|this week|earlier this week|past week|last month|"
                         r"earlier this month|this month|past month)\b")
# The patterns are matched against the lower-cased text (no re.I), and only where a match can
# begin: the prefilter's single scan says where the names that begin most of them occur, the
# rest begin with a number (a run of digits after a non-word character).
STRATEGY_REGEXES = (*_EXPLICIT, _RELATIVE_DAYS, _DAYS_AGO, _WEEKDAY, _WEEK_MONTH)
_NUMBER_LED = (_EXPLICIT[1], _EXPLICIT[2], _DAYS_AGO)
_DIGITS = re.compile(r"\d\d*")  # not \d+: a pattern opening with a class is scanned for quickly
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@dataclass(frozen=True, slots=True)
class DateRef:
    """A date found in the text: where, which day, and how precise."""

    start: int
    end: int
    date: dt.date
    precision: str  # "day", "week" or "month"


@lru_cache(maxsize=1)
def _prefilter() -> Prefilter:
    return Prefilter(list(STRATEGY_REGEXES))


def _matches(rx: re.Pattern, low: str, hits: dict[int, list[int] | None], numbers: list[int]):
    """What `rx.finditer(low)` finds, for a strategy regex: nothing when the prefilter found none
    of its literals, else tried only where a match can begin (`numbers`: where digit runs do)."""
    i = STRATEGY_REGEXES.index(rx)
    if i not in hits:
        return ()
    at = hits[i]
    if at is not None and i in _prefilter().anchored:  # an anchored regex always has literals
        return matches_at(rx, low, at)
    if rx is _EXPLICIT[2]:  # an ISO date begins with its year's first two digits
        return matches_at(rx, low, [i for i in numbers if low.startswith(("19", "20"), i)])
    if rx in _NUMBER_LED:
        return matches_at(rx, low, numbers)
    return rx.finditer(low)


def _number_starts(low: str) -> list[int]:
    """Where runs of digits begin, the only offsets where the number-led patterns can match."""
    # \\d also matches other scripts' decimal digits; a text with none of them (most, however
    # many curly quotes they hold) has its digit runs found by str.find, not by a regex scan
    if not low.isascii() and any(map(str.isdecimal, non_ascii(low))):
        return [m.start() for m in _DIGITS.finditer(low)]
    return [i for i in offsets(low, "0123456789") if not low[i - 1:i].isdecimal()]


def _try_explicit(text: str, published: dt.date | None, matches) -> list[DateRef]:
    out = []
    for rx in _EXPLICIT:
        for m in matches(rx):
            month = m.group("month")
            if month in ("may", "march") and not text[m.start("month")].isupper():
                continue  # the verbs
            month = int(month) if month.isdigit() else MONTHS[month.rstrip(".")]
            day = int(m.group("day"))
            if m.group("year"):
                year = int(m.group("year"))
            elif published is not None:
                year = published.year
                # "on December 30" in a January article is last year's
                if (month, day) > (published.month, published.day) and month - published.month > 1:
                    year -= 1
            else:
                continue
            try:
                out.append(DateRef(m.start(), m.end(), dt.date(year, month, day), "day"))
            except ValueError:
                continue  # "February 30"
    return out


def _days_before(published: dt.date, days: int) -> dt.date | None:
    """The day `days` before publication, or None where the calendar ends ('1000000 days ago',
    'yesterday' in an article dated 0001-01-01): no date, rather than an OverflowError."""
    try:
        return published - dt.timedelta(days=days)
    except OverflowError:
        return None


def _try_relative_days(matches, published: dt.date) -> list[DateRef]:
    out = []
    for m in matches:
        word = m.group("word")
        if m.group("n"):
            n = m.group("n")
            back = int(n) if n.isdigit() else _SMALL[n]
        else:
            back = 1 if word in ("yesterday", "last night") else 0
        day = _days_before(published, back)
        if day is not None:
            out.append(DateRef(m.start(), m.end(), day, "day"))
    return out


def _try_weekdays(matches, published: dt.date) -> list[DateRef]:
    out = []
    for m in matches:
        target = WEEKDAYS[m.group("weekday")]
        back = (published.weekday() - target) % 7
        begin = max(0, m.start() - _NAME_WINDOW)
        # most weekdays have no 'last' before them: find() says so without a regex search
        last = _LAST_BEFORE.search(m.string, begin, m.start()) \
            if m.string.find("last", begin, m.start()) >= 0 else None
        if last and back == 0:
            back = 7
        day = _days_before(published, back)
        if day is not None:
            out.append(DateRef(last.start() if last else m.start(), m.end(), day, "day"))
    return out


def _try_weeks_months(matches, published: dt.date) -> list[DateRef]:
    out = []
    for m in matches:
        what = m.group("what")
        if "week" in what:
            day, precision = _days_before(published, 7 if what in ("last week",) else 0), "week"
        else:
            day, precision = (_days_before(published.replace(day=1), 1) if what == "last month"
                              else published), "month"
        if day is not None:
            out.append(DateRef(m.start(), m.end(), day, precision))
    return out


def find_dates(text: str, published: dt.date | None, *,
               hits: dict[int, list[int] | None] | None = None, low: str | None = None,
               ) -> list[DateRef]:
    """Every date reference in `text`, in order, without overlaps (the first strategy wins).

    `hits` are the prefilter hits of the lower-cased text for a prefilter whose first regexes
    are STRATEGY_REGEXES, when the caller has them (events scans an article once for dates
    and event triggers); `low` is `lower_same_length(text)`, when the caller has it.

    >>> [(d.date.isoformat(), d.precision) for d in find_dates("early Thursday", dt.date(2022, 2, 25))]
    [('2022-02-24', 'day')]
    """
    if low is None:
        low = lower_same_length(text)
    if hits is None:
        hits = _prefilter().hits(low)
    numbers = _number_starts(low)

    def matches(rx: re.Pattern):
        return _matches(rx, low, hits, numbers)

    explicit = _try_explicit(text, published, matches)
    found = list(explicit)
    if published is not None:
        found += _try_relative_days(chain(matches(_RELATIVE_DAYS), matches(_DAYS_AGO)), published)
        found += _try_weekdays(matches(_WEEKDAY), published)
        found += _try_weeks_months(matches(_WEEK_MONTH), published)
    # "Sunday, Dec. 15, 2019": the weekday only names the explicit date that follows
    found = [d for d in found if not any(0 <= e.start - d.end <= 3 for e in explicit)]
    found.sort(key=lambda d: (d.start, -d.end))
    out: list[DateRef] = []
    for d in found:
        if not out or d.start >= out[-1].end:
            out.append(d)
    return out


_HEAD_LINES = 3          # a dateline or a date line sits in an article's first lines
_DATE_LINE_WORDS = 4     # a line of a full date and at most this many words is a date line
_AFTER_DATELINE = re.compile(r"\s*(?:\)\s*)?(?:[-\u2013\u2014:|/]|\(\w+\))")  # "2022 —", "2022 (AP) -"
_PUBLISHED_CUE = re.compile(r"\b(?:published|posted|updated|dated?)\b[^\n]{0,12}$")
# how far before a date a match of _PUBLISHED_CUE can begin: its longest word (9), 12
# characters, and the final newline its '$' may stand before
_PUBLISHED_REACH = 22
_MONTH_HEADS = tuple(sorted({name[:3] for name in MONTHS}))  # every month's name begins so


def _explicit_matches(low: str):
    """What `rx.finditer(low)` finds for each of _EXPLICIT in turn, tried only where a match can
    begin: where a month's name (the first) or a run of digits (the others) starts. A head line
    with no newline is the whole article: a scan offset by offset was most of `dateline`."""
    numbers = _number_starts(low)
    yield from matches_at(_EXPLICIT[0], low, offsets(low, _MONTH_HEADS))
    yield from matches_at(_EXPLICIT[1], low, numbers)
    yield from matches_at(_EXPLICIT[2], low, [i for i in numbers if low.startswith(("19", "20"), i)])


def _holds_year(line: str) -> bool:
    """Does `line` hold a year ('19' or '20' and two more decimal digits: the year group of
    _EXPLICIT's patterns)? Asked where '19' or '20' occurs: str.find skips ahead at memchr
    speed, where a regex tries its first digits at every offset of what is often the whole
    article."""
    return any(i + 4 <= len(line) and line[i + 2:i + 4].isdecimal()  # as a regex's \d
               for head in ("19", "20") for i in find_all(line, head))


def dateline(text: str) -> dt.date | None:
    """The publication date stated at the head of an article, or None.

    A full date (with its year) counts when it opens a dateline (followed by a dash or a
    colon, or a news agency in brackets), follows "Published", "Updated" or "Posted", or
    stands in a line of its own (with at most four other words: "Saturday", a time), within the
    first three lines; a full date in the
    body of the lead ("On March 11, 2011, an earthquake ...") is what the article reports,
    not when it was written, and does not count.

    >>> dateline("KARACHI, August 27, 2022 — Floods cut the city off on Saturday.")
    datetime.date(2022, 8, 27)
    >>> dateline("On March 11, 2011, a tsunami struck the coast of Japan.") is None
    True
    """
    lines = text.lstrip().split("\n", _HEAD_LINES)[:_HEAD_LINES]
    for line in lines:
        if not _holds_year(line):
            continue  # every full date has its year: most head lines have none to look for
        low = lower_same_length(line)
        for m in _explicit_matches(low):
            if not m.group("year"):
                continue
            month = m.group("month")
            if month in ("may", "march") and not line[m.start("month")].isupper():
                continue  # the verbs
            # a head line without a newline is the whole article: count its words only up to
            # one too many, and look for the cue only where it can begin
            rest = (line[:m.start()] + line[m.end():]).split(maxsplit=_DATE_LINE_WORDS)
            if not (len(rest) <= _DATE_LINE_WORDS or _AFTER_DATELINE.match(low, m.end())
                    or _PUBLISHED_CUE.search(low, max(0, m.start() - _PUBLISHED_REACH), m.start())):
                continue
            number = int(month) if month.isdigit() else MONTHS[month.rstrip(".")]
            try:
                return dt.date(int(m.group("year")), number, int(m.group("day")))
            except ValueError:
                continue  # "February 30"
    return None
