"""Resolver, lists: 'Alberta, Manitoba, Ontario and New Brunswick' read as one list.

The members of a list speak for each other: a plural kind word after or before it is
every member's hint ('Harvey, Harper and Kingman counties'), and the country and kind most
of them share favour that reading of the rest ('Utah, Washington and Wyoming').
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator

from geo.gazetteer.index import Gazetteer
from geo.records import Mention
from geo.vocabulary import COUNTRY_OR_CONTINENT, KIND_WORDS, PLURAL_KIND_WORDS

LIST_GAPS = frozenset({",", "and", ", and", "or", ", or"})  # between the members of a list
LIST_AGREEMENT = 2 / 3  # a list speaks for a country only when most of its other members lie there
LIST_MIN_MEMBERS = 3  # 'Washington and Moscow' pairs rival capitals: no list
_PLURAL_AFTER = re.compile(r" ((?i:%s))\b" % "|".join(sorted(PLURAL_KIND_WORDS)))  # 'Salinas and Suchiate Rivers'
_PLURAL_BEFORE = re.compile(r"\b(%s) of (?:the )?$" % "|".join(sorted(PLURAL_KIND_WORDS)))
_PLURAL_BEFORE_CHARS = 24  # how far before a list 'the provinces of' is looked for
# ... and after a name, the last member of its list not found as a place: 'the Yulong and Li
# rivers' ('Li' too short to be looked up)
_PAIRED_PLURAL = re.compile(r",? (?:and|or) [A-Z][\w'’-]*(?: [A-Z][\w'’-]*)? ((?i:%s))\b"
                            % "|".join(sorted(PLURAL_KIND_WORDS)))


def runs(mentions: list[Mention], text: str) -> Iterator[list[int]]:
    """Indexes of mentions that follow each other as a list ('A, B and C'), two or more."""
    run = [0] if mentions else []
    for b in range(1, len(mentions) + 1):
        if b < len(mentions) and text[mentions[b - 1].end:mentions[b].start].strip() in LIST_GAPS:
            run.append(b)
            continue
        if len(run) >= 2:
            yield run
        run = [b]


def lists(all_runs: list[list[int]]) -> dict[int, tuple[int, ...]]:
    """Mention index -> the other members of its list (`runs`), for lists of three or more."""
    return {i: tuple(j for j in run if j != i)
            for run in all_runs if len(run) >= LIST_MIN_MEMBERS for i in run}


def plural_hints(mentions: list[Mention], text: str, all_runs: list[list[int]]) -> list[Mention]:
    """A kind word in the plural speaks for the whole list (`runs`) it follows or comes
    before: 'Harvey, Harper and Kingman counties', 'the provinces of Nyanza, Rift Valley and
    Western', and for a name paired with one not found ('the Yulong and Li rivers'). Members
    with a cue of their own keep it."""
    out = list(mentions)
    for run in all_runs:
        after = _PLURAL_AFTER.match(text, mentions[run[-1]].end)
        first = mentions[run[0]].start
        before = after or _PLURAL_BEFORE.search(text, max(0, first - _PLURAL_BEFORE_CHARS), first)
        if before:
            hint = KIND_WORDS[PLURAL_KIND_WORDS[before.group(1).lower()]]
            for i in run:
                if out[i].kind_hint is None:
                    out[i] = replace(out[i], kind_hint=hint)
    for i, m in enumerate(out):
        paired = _PAIRED_PLURAL.match(text, m.end) if m.kind_hint is None else None
        if paired:
            out[i] = replace(m, kind_hint=KIND_WORDS[PLURAL_KIND_WORDS[paired.group(1).lower()]])
    return out


def list_reading(gaz: Gazetteer, siblings: tuple[int, ...], picks: dict[int, int],
                 ) -> tuple[str, str | None] | None:
    """The country most of a list's members lie in, if any: at least 2/3 of two or more
    (countries themselves not counted: 'Iran, Syria and Aleppo' lists countries beside towns);
    with the kind most of them are, if as many agree on one ('Utah, Washington and Wyoming'
    lists states, so Washington is the state), else None."""
    placed = [picks[j] for j in siblings
              if j in picks and gaz.kinds[picks[j]] not in COUNTRY_OR_CONTINENT]
    if len(placed) < 2:
        return None
    countries = [gaz.countries[n] for n in placed]
    top = max(set(countries), key=countries.count)
    if countries.count(top) / len(placed) < LIST_AGREEMENT:
        return None
    kinds = [gaz.kinds[n] for n in placed]
    kind = max(set(kinds), key=kinds.count)
    return top, (kind if kinds.count(kind) / len(placed) >= LIST_AGREEMENT else None)
