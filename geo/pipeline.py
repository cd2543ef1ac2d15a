"""The one function that composes the stages: text -> ParsedArticle."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from geo.errors import InputError
from geo.events.combination import combine
from geo.events.dates import dateline
from geo.events.declared import declared
from geo.events.extractor import extract
from geo.events.seats import at_seats
from geo.gazetteer.index import Gazetteer, load
from geo.recognize.given_spans import back_references, context_hint, key_for_span
from geo.recognize.mentions import find_mentions
from geo.records import Mention, ParsedArticle, Place
from geo.resolve.resolver import NOT_IN_GAZETTEER, resolve
from geo.text.sentences import split
from geo.vocabulary import WITHIN

MAX_TEXT_CHARS = 2_000_000
GEOCODED_SCORE = 0.5  # an online geocoder's answer: found, but with no context to score it


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise InputError(f"text must be a string, not {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,} — "
                         f"split the document")
    return text


def check_focus(focus: object, gaz: Gazetteer) -> str | None:
    """The focus as the gazetteer's ISO2 code ('gb' -> 'GB'), or None for no focus."""
    if focus is None:
        return None
    code = focus.strip().upper() if isinstance(focus, str) else None
    if code not in gaz.country_entry:
        raise InputError(f"focus {focus!r} is not a country code the gazetteer knows: use an "
                         f"ISO 3166 two-letter code such as 'GB' or 'US'")
    return code


def _check_date(published: object) -> dt.date | None:
    if published is None or isinstance(published, dt.date):
        return published
    if isinstance(published, str):
        try:
            return dt.date.fromisoformat(published)
        except ValueError:
            raise InputError(f"published date {published!r} is not YYYY-MM-DD") from None
    raise InputError(f"published must be a date or 'YYYY-MM-DD', not {type(published).__name__}")


def parse(text: str, published: dt.date | str | None = None, *,
          gazetteer: Gazetteer | None = None, geocoder=None, learned: bool = True,
          focus: str | None = None) -> ParsedArticle:
    """Find and resolve the places of one article. `published` (else the date stated at the
    article's head, `dates.dateline`) dates its relative dates; `.published` says which was used.
    `focus`, a country code ('GB'), leans names to that country where the article does not
    say which place it means ('Cambridge' alone is then the English town); None leans nowhere.

    >>> art = parse("Explosions were heard in Kyiv and Kharkiv.")     # doctest: +SKIP
    >>> [(p.text, p.country) for p in art.places]                     # doctest: +SKIP
    [('Kyiv', 'UA'), ('Kharkiv', 'UA')]
    """
    text = _check_text(text)
    gaz = gazetteer or load()
    # no date given: the one the article states at its head ("KARACHI, August 27, 2022 —"), if
    # any; with none, relative dates ("on Saturday") stay undated rather than guessed
    published = _check_date(published) or dateline(text)
    focus = check_focus(focus, gaz)
    mentions = find_mentions(text, gaz)
    places, unresolved = resolve(mentions, text, gaz, focus=focus)
    if geocoder is not None and unresolved:
        places, unresolved = _geocode_unknown(places, unresolved, geocoder)
    sentences = split(text)  # once, for the rules and the classifier
    # the events are placed by the towns the text names, not by the landmarks in them ('rallied
    # at Garibaldi Square in Turin': Turin), whose point is the town's anyway
    landmarks = {m.start for m in mentions if m.kind_hint == WITHIN}
    at = [p for p in places if p.start not in landmarks] if landmarks else places
    events = extract(text, at, published, gaz.demonyms, sentences=sentences)
    if learned:  # the classifier's say on the primary event's type (docs/event-classifier.md)
        events = combine(text, events, at, published, sentences=sentences)
    events = declared(text, events, at, published, sentences)  # a coder's note says what it is
    events = at_seats(events, at, gaz)  # after combine: the events it adds are placed alike
    return ParsedArticle(text=text, published=published, places=places, unresolved=unresolved, events=events)


def _geocode_unknown(places, unresolved, geocoder):
    """Ask the (opt-in) online geocoder for names the gazetteer lacks, biased to the
    article's main country; answers become places of kind 'geocoded'."""
    countries = Counter(p.country for p in places if p.country)
    bias = countries.most_common(1)[0][0] if countries else None
    found, still = list(places), []
    for u in unresolved:
        c = geocoder.lookup(u.text, bias) if u.reason == NOT_IN_GAZETTEER else None
        if c is None:
            still.append(u)
        else:
            found.append(Place(start=u.start, end=u.end, text=u.text, name=c.name, lat=c.lat, lon=c.lon,
                               country=c.country, admin1=c.admin1, kind=c.kind, id=c.id, geonameid=None,
                               score=GEOCODED_SCORE))
    return tuple(sorted(found, key=lambda p: p.start)), tuple(still)


def parse_spans(text: str, spans: list[tuple[int, int]], published: dt.date | str | None = None, *,
                gazetteer: Gazetteer | None = None, focus: str | None = None) -> ParsedArticle:
    """Resolve exactly the given (start, end) spans, in that order (no recognition); `focus`
    as in `parse`."""
    text = _check_text(text)
    gaz = gazetteer or load()
    focus = check_focus(focus, gaz)
    mentions = back_references([_span_mention(text, s, e, gaz) for s, e in spans], gaz)
    places, unresolved = resolve(mentions, text, gaz, floor=float("-inf"), focus=focus, given=True)
    return ParsedArticle(text=text, published=_check_date(published), places=places, unresolved=unresolved)


def _span_mention(text: str, start: int, end: int, gaz: Gazetteer) -> Mention:
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise InputError(f"span [{start}, {end}] is not inside the text (length {len(text)})")
    key, hint, fuzzy = key_for_span(text[start:end], gaz)
    return Mention(start=start, end=end, text=text[start:end], key=key,
                   kind_hint=hint or context_hint(text, start, end, gaz), fuzzy=fuzzy, confidence=1.0)
