"""Events stage, last step: a conflict coder's note that declares its own category.

ACLED's coders open a note on a strategic development with a descriptor and a colon
('Property destruction: On 3 May ...', 'Movement of forces: ...', 'Displacement: ...'). The
descriptor says what the note is, whatever its sentences' verbs suggest ('Security measures:
the governor banned marches' is no protest; 'Displacement: 400 residents fled' is a strategic
development by ACLED's rules, not a displacement event of ours). `declared` gives the
primary event that type, or makes one from the lead sentence when the rules and the
classifier found none. Text that opens with no such descriptor is left as it is.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

from geo.events.combination import sentence_event
from geo.records import Event, Place

STRATEGIC = "Strategic developments"
# descriptor (folded) -> the subtype of strategic development it declares
DESCRIPTORS = {
    "property destruction": "Looting/property destruction", "looting": "Looting/property destruction",
    "looting/property destruction": "Looting/property destruction",
    "movement of forces": "Change to group/activity", "security measures": "Change to group/activity",
    "recruitment": "Change to group/activity", "change to armed group": "Change to group/activity",
    "change to group/activity": "Change to group/activity",
    "defusal": "Disrupted weapons use", "interception": "Disrupted weapons use",
    "weapons seizure": "Disrupted weapons use", "detonation": "Disrupted weapons use",
    "disrupted weapons use": "Disrupted weapons use",
    "arrests": "Arrests", "agreement": "Agreement",
    "headquarters or base established": "Headquarters or base established",
    "non-violent transfer of territory": "Non-violent transfer of territory",
    "other": "Other", "displacement": "Other", "non-violent activity": "Other",
    "elections/referendum": "Other", "training": "Other",
}
_OPENING = re.compile(r"\s*([A-Za-z][A-Za-z/ -]{1,40}):\s")
DECLARED_SCORE = 0.3  # an event made from a descriptor alone: below any rule event's


def declared(text: str, events: tuple[Event, ...], places: tuple[Place, ...] | list[Place],
             published: dt.date | None, sentences: list[tuple[int, int]]) -> tuple[Event, ...]:
    """`events` with the primary one of the type the note's opening descriptor declares."""
    opening = _OPENING.match(text)
    subtype = DESCRIPTORS.get(opening.group(1).lower()) if opening else None
    if subtype is None:
        return events
    if events:
        primary = max(range(len(events)), key=lambda i: events[i].score)
        event = events[primary]
        if (event.type, event.subtype) == (STRATEGIC, subtype):
            return events
        return events[:primary] + (dataclasses.replace(event, type=STRATEGIC, subtype=subtype),) \
            + events[primary + 1:]
    if not sentences:
        return events
    return (sentence_event(text, sentences, places, published, sentences[0], (STRATEGIC, subtype),
                           DECLARED_SCORE),)
