"""The rules of user corrections: what names a corrected event across reprocessing, and how
corrections apply to the events and place mentions read back."""
from __future__ import annotations

import dataclasses
import json

import sqlalchemy as sa

from geo.store.records import Correction, CorrectionAction, CorrectionTarget, StoredEvent, StoredPlace
from geo.store.schema import corrections, events, places

IN_FORCE = corrections.c.undone_at.is_(None)  # a correction taken back is kept, but not applied


def event_key(*, start: int | None, sentence: str | None, trigger: str | None, type: str,
              subtype: str | None) -> str:
    """What names a stored event across reprocessing: its trigger's span in the article and
    the type the machine gave it ('212-218:Disasters/Natural disaster or epidemic'). Events of
    one sentence differ in it; a re-run of the same parser gives the same key.

    >>> event_key(start=10, sentence="Floods hit; 3 were killed.", trigger="killed",
    ...           type="Violence against civilians", subtype="Attack")
    '29-35:Violence against civilians/Attack'
    """
    sentence, trigger = sentence or "", trigger or ""
    start = start or 0  # imported events (ACLED, UCDP) have no text offsets
    at = start + max(sentence.find(trigger), 0) if trigger else start
    return f"{at}-{at + len(trigger)}:{type}/{subtype or ''}"


def in_force(conn: sa.Connection, *conditions) -> list[Correction]:
    """The corrections in force that meet `conditions`, oldest first."""
    query = sa.select(corrections).where(IN_FORCE, *conditions).order_by(corrections.c.id)
    return [Correction.from_row(row) for row in conn.execute(query)]


def event_fixes(conn: sa.Connection) -> dict[int, list[Correction]]:
    """The corrections that apply to events, by article, in the order to apply them: the
    events moved by a corrected place mention first, then the events' own (which win)."""
    fixes = place_fixes_as_event_fixes(conn) + in_force(conn, corrections.c.target == CorrectionTarget.EVENT)
    by_article: dict[int, list[Correction]] = {}
    for fix in fixes:
        by_article.setdefault(fix.article_id, []).append(fix)
    return by_article


def place_fixes_as_event_fixes(conn: sa.Connection) -> list[Correction]:
    """A corrected place mention moves the events located by it: those whose sentence holds
    the mention and whose place is the mention's machine answer. Each becomes a correction of
    the sentence (no event key), as corrections before schema 4 were."""
    out = []
    for fix in in_force(conn, corrections.c.target == CorrectionTarget.PLACE,
                        corrections.c.action == CorrectionAction.SET_PLACE):
        mention = conn.execute(sa.select(places.c.entry_id).where(
            places.c.article_id == fix.article_id, places.c.start == fix.start)).first()
        if mention is None:
            continue
        located = conn.execute(sa.select(events.c.evidence).where(
            events.c.article_id == fix.article_id, events.c.place_id == mention.entry_id,
            events.c.start <= fix.start, events.c.end >= (fix.end or fix.start))).all()
        for (evidence,) in located:
            for start, _ in evidence_spans(evidence)[:1]:
                out.append(dataclasses.replace(fix, target=CorrectionTarget.EVENT, start=start,
                                               end=None, event_key=None))
    return out


def apply_to_event(event: StoredEvent, fixes: list[Correction]) -> StoredEvent | None:
    """The event with the corrections of its article applied (None when deleted). A fix names
    its event by key; one from before schema 4 (no key) names the evidence sentence, and
    applies to each of its events."""
    sentences = [s for s, _ in event.evidence] or ([] if event.start is None else [event.start])
    for fix in fixes:
        if fix.article_id != event.article_id:
            continue
        if fix.event_key:
            if fix.event_key != event.key:
                continue
        elif fix.start not in sentences:
            continue
        value = fix.value or {}
        if fix.action == CorrectionAction.DELETE:
            return None
        if fix.action == CorrectionAction.SET_TYPE:
            event = dataclasses.replace(event, type=value["type"], subtype=value.get("subtype"),
                                        corrected=True)
        elif fix.action == CorrectionAction.SET_PLACE:
            event = dataclasses.replace(
                event, place=value.get("place"), lat=value.get("lat"), lon=value.get("lon"),
                country=value.get("country"), admin1=value.get("admin1"),
                geo_precision=value.get("geo_precision", 1), corrected=True)
    return event


def apply_to_place(place: StoredPlace, value: dict | None) -> StoredPlace:
    """A mention placed where a set_place correction says."""
    value = value or {}
    return dataclasses.replace(place, corrected=True, name=value.get("name"), lat=value.get("lat"),
                               lon=value.get("lon"), country=value.get("country"),
                               admin1=value.get("admin1"))


def evidence_spans(evidence: str | None) -> tuple[tuple[int, int], ...]:
    """The evidence column (JSON [[start, end], ...]) as spans."""
    return tuple((start, end) for start, end in json.loads(evidence or "[]"))
