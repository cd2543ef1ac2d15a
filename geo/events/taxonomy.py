"""The event taxonomy: one table (geo/events/data/taxonomy.tsv) that the extractor, the map legend,
the README and the tests all read.

Types and subtypes follow ACLED (six event types, 25 sub-event types) plus Diplomacy,
Sanctions, Displacement and humanitarian, and Disasters. Each row carries its trigger
patterns: `weight regex` items separated by ` ;; `; a pattern fires when its first regex
matches (that is the trigger), every further ` && `-joined regex matches the same sentence and
no ` && !`-joined regex does.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.errors import ConfigurationError

TABLE = Path(__file__).with_name("data") / "taxonomy.tsv"
ACLED_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
               "Riots", "Strategic developments")
EXTRA_TYPES = ("Diplomacy", "Sanctions", "Displacement and humanitarian", "Disasters")
TYPES = ACLED_TYPES + EXTRA_TYPES


@dataclass(frozen=True, slots=True)
class Pattern:
    """`trigger` must match (it is the event's trigger), every `also` regex must match the
    same sentence and no `unless` regex may ('gunmen ... killed' unless soldiers were the target)."""

    weight: float
    trigger: re.Pattern
    also: tuple[re.Pattern, ...] = ()
    unless: tuple[re.Pattern, ...] = ()

    def fires(self, low: str) -> re.Match | None:
        m = self.trigger.search(low)
        if m and all(a.search(low) for a in self.also) and not any(u.search(low) for u in self.unless):
            return m
        return None


@dataclass(frozen=True, slots=True)
class EventKind:
    """One row of the taxonomy: a subtype of a type, how to recognise it and how to draw it."""

    id: str
    type: str
    subtype: str
    definition: str
    patterns: tuple[Pattern, ...]
    colour: str
    icon: str

    @property
    def is_acled(self) -> bool:
        return self.type in ACLED_TYPES


def _patterns(field: str, row_id: str) -> tuple[Pattern, ...]:
    out = []
    for item in field.split(" ;; "):
        weight, _, rest = item.strip().partition(" ")
        try:
            parts = rest.split(" && ")
            also = tuple(re.compile(p) for p in parts[1:] if not p.startswith("!"))
            unless = tuple(re.compile(p[1:]) for p in parts[1:] if p.startswith("!"))
            out.append(Pattern(float(weight), re.compile(parts[0]), also, unless))
        except (ValueError, re.error) as exc:
            raise ConfigurationError(f"{TABLE}: row {row_id}: bad pattern {item!r} ({exc})") from exc
    return tuple(out)


@lru_cache(maxsize=1)
def load() -> tuple[EventKind, ...]:
    """All event kinds, in table order (types grouped)."""
    with open(TABLE, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    kinds = []
    for r in rows:
        if r["type"] not in TYPES:
            raise ConfigurationError(f"{TABLE}: row {r['id']}: unknown type {r['type']!r}; "
                                     f"use one of {', '.join(TYPES)}")
        kinds.append(EventKind(r["id"], r["type"], r["subtype"], r["definition"],
                               _patterns(r["patterns"], r["id"]), r["colour"], r["icon"]))
    return tuple(kinds)


def by_type() -> dict[str, list[EventKind]]:
    out: dict[str, list[EventKind]] = {t: [] for t in TYPES}
    for k in load():
        out[k.type].append(k)
    return out


def markdown_table() -> str:
    """The taxonomy as a README table (type, subtype, definition, colour, icon)."""
    lines = ["| type | subtype | definition | colour | icon |", "| --- | --- | --- | --- | --- |"]
    for k in load():
        lines.append(f"| {k.type} | {k.subtype} | {k.definition} | {k.colour} | {k.icon} |")
    return "\n".join(lines)
