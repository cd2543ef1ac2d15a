"""Event triggers: which event kinds a sentence's words report, and which of them are real.

One prefilter pass over an article says where the literals of the date, trigger and death
toll patterns occur (`prefilter`, `trigger_matches`); per sentence the best pattern of each
kind that fires becomes a `Hit` (`sentence_hits`), and `choose` keeps the real ones: denied,
planned, hypothetical or feared happenings go, and two hits that tell one happening are one.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from geo.events import cues as event_cues
from geo.events import taxonomy
from geo.events.dates import STRATEGY_REGEXES
from geo.settings import Settings
from geo.text.prefilter import Prefilter, literal_table, matches_at
from geo.text.sentences import lower_same_length

FAMILIES = {"Battles": "violence", "Explosions/Remote violence": "violence",
            "Violence against civilians": "violence", "Protests": "unrest", "Riots": "unrest"}
SECOND_EVENT_MIN_WEIGHT = 2.5
# (first event's family or type, second's) of one sentence that are one happening: a crowd's
# protest and riot; protesters who 'clashed' with police (not a battle between armed groups)
_ONE_HAPPENING = frozenset({("unrest", "unrest"), ("unrest", "Battles")})
# announcing a measure is itself the event for these ('will close the US consulate', 'threatens
# retaliation'); only a denial or a hypothesis removes them
ANNOUNCED_TYPES = frozenset({"Diplomacy", "Sanctions"})
CONFLICT_WORDS = re.compile(r"\b(forces|troops|soldiers|military|army|militants|invasion|war|fighting)\b")


@dataclass(frozen=True, slots=True)
class Hit:
    """The best match of one event kind's trigger patterns in a sentence."""

    kind: taxonomy.EventKind
    weight: float
    start: int  # offsets into the sentence
    end: int


@lru_cache(maxsize=1)
def prefilter() -> Prefilter:
    """The date patterns, every trigger pattern in table order (kind by kind), then the death
    toll patterns: one pass over an article finds the literals of all of them."""
    regexes = [*STRATEGY_REGEXES, *(t for _, _, t in _triggers()), *event_cues.TOLL_PATTERNS]
    return Prefilter(regexes, literal_table(regexes, Settings.from_env().cache_dir))


@lru_cache(maxsize=1)
def _triggers() -> list[tuple[int, int, re.Pattern]]:
    """(kind number, pattern number, trigger) of the prefilter's regexes after the dates."""
    return [(k, j, p.trigger) for k, kind in enumerate(taxonomy.load())
            for j, p in enumerate(kind.patterns)]


def trigger_matches(doc_low: str, sentences: list[tuple[int, int]],
                     hits: dict[int, list[int] | None]) -> list[dict[int, dict[int, re.Match]]]:
    """Per sentence: kind number -> pattern number -> the pattern's first match in it.

    The prefilter's single pass over the document (`hits`) says where each pattern's literals occur,
    so a pattern is searched only in the sentences that hold one of them, never across
    sentence ends; a pattern whose matches begin with a literal is only tried where one does."""
    anchored = prefilter().anchored
    first, triggers = len(STRATEGY_REGEXES), _triggers()
    starts = [s for s, _ in sentences]
    out: list[dict[int, dict[int, re.Match]]] = [{} for _ in sentences]
    for i, offsets in hits.items():  # the few patterns whose literals occur
        if not first <= i < first + len(triggers):
            continue  # a date or death toll pattern
        k, j, trigger = triggers[i - first]
        for n, at in _by_sentence(offsets, starts, sentences):
            s, e = sentences[n]
            m = next(matches_at(trigger, doc_low, at, e), None) \
                if i in anchored else trigger.search(doc_low, s, e)
            if m is not None:
                out[n].setdefault(k, {})[j] = m
    return out


def _by_sentence(offsets: list[int] | None, starts: list[int], sentences: list[tuple[int, int]],
                 ) -> list[tuple[int, list[int]]]:
    """(sentence number, the sorted offsets inside it) for the sentences that hold any of
    `offsets`; every sentence when `offsets` is None (anywhere)."""
    if offsets is None:
        return [(n, [s]) for n, (s, _) in enumerate(sentences)]
    out: list[tuple[int, list[int]]] = []
    for at in offsets:
        n = bisect_right(starts, at) - 1
        if n < 0 or at >= sentences[n][1]:
            continue  # between sentences
        if out and out[-1][0] == n:
            out[-1][1].append(at)
        else:
            out.append((n, [at]))
    return out


def toll_hits(hits: dict[int, list[int] | None]) -> list[tuple[int, list[int] | None]]:
    """(number in event_cues.TOLL_PATTERNS, where its literals occur or None for anywhere) of
    the death toll patterns whose literals the article holds: most articles, none."""
    first = len(STRATEGY_REGEXES) + len(_triggers())
    return [(k, hits[first + k]) for k in range(len(event_cues.TOLL_PATTERNS)) if first + k in hits]


def tolls_within(tolls: list[tuple[int, list[int] | None]], s: int, e: int) -> list[int]:
    """The numbers of the death toll patterns (`toll_hits`) with a literal in [s, e)."""
    out = []
    for k, offsets in tolls:
        if offsets is None:
            out.append(k)
        else:
            at = bisect_left(offsets, s)
            if at < len(offsets) and offsets[at] < e:
                out.append(k)
    return out


def sentence_hits(low: str, s: int, kinds: tuple[taxonomy.EventKind, ...],
          matches: dict[int, dict[int, re.Match]]) -> list[Hit]:
    """The best-weighted pattern match of every kind that fires in the sentence at `s`."""
    if not matches:
        return []
    out = []
    for k in sorted(matches):
        kind, found = kinds[k], matches[k]
        best = None
        for j, pat in enumerate(kind.patterns):
            m = found.get(j)
            if m is None or (best is not None and pat.weight <= best.weight):
                continue
            if all(a.search(low) for a in pat.also) and not any(u.search(low) for u in pat.unless):
                # a pattern may name its trigger word with (?P<t>...) inside a longer context
                span = m.span("t") if "t" in m.re.groupindex else m.span()
                best = Hit(kind, pat.weight, span[0] - s, span[1] - s)
        if best is not None:
            out.append(best)
    # 'fire broke out' among troops is fighting, not an accident
    if any(h.kind.id == "disasters.man_made" for h in out) and CONFLICT_WORDS.search(low):
        out = [replace(h, weight=h.weight * 0.6) if h.kind.id == "disasters.man_made" else h
               for h in out]
    return sorted(out, key=lambda h: (-h.weight, h.start))


def choose(hits: list[Hit], low: str, *, toll: bool = False, mood_low: str | None = None) -> list[Hit]:
    """Real events among the hits: the strongest, and a second one only when it is another
    happening. One clause, one happening, so these are one event, not two:
    - 'shelling ..., killing 3 civilians': an attack with its victims (the killing is no
      second event after violence, nor after anything else when the sentence states a toll:
      'protesters clashed with police and three were killed', 'floods ... killed 34');
    - 'protesters clashed with police': one crowd's protest, riot and clash (the stronger
      wins, _ONE_HAPPENING);
    - '34 people were killed when floods swept ...': the disaster killed them, so it wins
      over the killing words even when those weigh more.
    'Gunfire and explosions' or sanctions beside fighting stay two events. `toll`: the
    sentence states a death toll; `mood_low`: `low` with the cue words of names blanked
    (`event_cues.without_names`), which the modality cues read."""
    chosen: list[Hit] = []
    if not hits or event_cues.generic(low):
        return []
    real = [h for h in hits if not is_modal(h, low if mood_low is None else mood_low)]
    real = _toll_clause_after_its_act(_without_protest_topics(real, low), low)
    cause = next((h for h in real if h.kind.type == "Disasters"), None)
    for h in real:
        if not chosen:
            if toll and h.kind.id == "vac.attack" and cause is not None:
                h = cause
            chosen.append(h)
        elif h.weight >= SECOND_EVENT_MIN_WEIGHT and h.kind.type != chosen[0].kind.type \
                and not _same_happening(chosen[0], h, toll):
            chosen.append(h)
            break
    return chosen


CROWD_TYPES = frozenset({"Protests", "Riots"})
# what a protest is about: 'rallied against the arrest of', 'families who claim their sons were
# kidnapped staged a sit-in' (the cause word, then up to six words); after a time word only a
# happening named as a noun is the topic ('a vigil after the murder of'), not a clause ('clashes
# broke out after police opened fire')
_TOPIC = re.compile(r"(\b(after|following) (the|a|an|his|her|their|its) ([\w'’-]+ ){0,2}$)|"
                    r"\b(against|over|decry\w*|denounc\w*|condemn\w*|demand\w*|call(ed|ing|s)? for|"
                    r"ask(ed|ing|s)? for|justice for|release of|in response to|"
                    r"in protest (at|of|against)|in support of|in memory of|in solidarity with|because of|"
                    r"accused of|claim(ed|s|ing)?|say|says|said|alleg\w*|about|regarding|blam\w*|"
                    r"protest(s|ed|ing)?|mourn\w*|commemorat\w*|(death|killing|murder) of)"
                    r"(\s+[\w'’-]+){0,8}\s+$")
TOPIC_WINDOW = 80  # characters before a trigger searched for the cause word of a protest
# a crowd's violence of another day that a protest marks ('on the anniversary of the riots')
_PAST_TOPIC = re.compile(r"\b(anniversary|commemorat\w*|in memory of|remembrance of|during the)"
                         r"(\s+[\w'’-]+){0,6}\s+$")


def _without_protest_topics(hits: list[Hit], low: str) -> list[Hit]:
    """A crowd's protest or riot is the event of its sentence; the happening it protests
    against (an arrest, a murder, a leaked ruling) is its topic, not a second event or a rival."""
    if not any(h.kind.type in CROWD_TYPES for h in hits):
        return hits
    # the crowd's own acts are never its topic ('protesters demanding pay rises clashed with police'),
    # but riots it commemorates are
    kept = [h for h in hits if not (_PAST_TOPIC if h.kind.type in CROWD_TYPES else _TOPIC).search(
        low, max(0, h.start - TOPIC_WINDOW), h.start)]
    crowd = next((h.start for h in kept if h.kind.type in CROWD_TYPES), None)
    if crowd is None:
        return hits
    # arrests, agreements, a group formed or a camp set up after a protest in its sentence are
    # its detail or aim ('rallied to demand an agreement', 'demonstrated and formed a human
    # chain'), not a rival; told before it, they are a happening of their own ('police
    # arrested 4 men and hundreds of protesters marched')
    return [h for h in kept if h.kind.id not in _PROTEST_DETAILS or h.start <= crowd]


_PROTEST_DETAILS = frozenset({"strategic.arrests", "strategic.agreement", "strategic.change_group",
                              "strategic.hq_established", "strategic.other"})


_TOLL_CLAUSE = ("killing", "wounding", "injuring", "leaving")


def _toll_clause_after_its_act(hits: list[Hit], low: str) -> list[Hit]:
    """'Troops and rebels clashed in the city, killing and wounding several people': the
    participle clause tells the toll of the act before it, which stays the event however
    strongly the killing words weigh."""
    if not hits or hits[0].kind.id != "vac.attack" or not low.startswith(_TOLL_CLAUSE, hits[0].start):
        return hits
    act = next((h for h in hits if h.start < hits[0].start and h.kind.id != "vac.attack"
                and FAMILIES.get(h.kind.type) == "violence"), None)
    return hits if act is None else [act, *(h for h in hits if h is not act)]


def is_modal(h: Hit, low: str) -> bool:
    """Denied, planned, hypothetical or feared, as announcements of measures are not."""
    mood = event_cues.modality(low, h.start)
    return bool(mood) and not (mood in ("planned", "feared") and h.kind.type in ANNOUNCED_TYPES) \
        and not (mood == "urged" and h.kind.type == "Diplomacy")


def _same_happening(first: Hit, second: Hit, toll: bool) -> bool:
    """Is the `second` hit of a sentence another report of its `first` event's happening?"""
    if second.start < first.end and first.start < second.end \
            and FAMILIES.get(first.kind.type) == FAMILIES.get(second.kind.type) == "violence":
        return True  # one phrase tells one fight ('exchanged artillery fire': no shelling beside it)
    if second.kind.id == "vac.attack" and (toll or FAMILIES.get(first.kind.type) == "violence"):
        return True  # the killing words are the first event's victims
    group = FAMILIES.get(first.kind.type, first.kind.type)
    other = FAMILIES.get(second.kind.type, second.kind.type)
    return (group, other) in _ONE_HAPPENING or (group, second.kind.type) in _ONE_HAPPENING


def unreal_types(sentence: str) -> set[str]:
    """The event types that the sentence names only to deny, suppose, plan or fear them ('the
    army denied shelling the town', 'troops could attack it'): the classifier must not add
    an event of these types that the rules removed (geo/events/classifier.py)."""
    low = lower_same_length(sentence)
    unreal: set[str] = set()
    real: set[str] = set()
    for kind in taxonomy.load():
        for pat in kind.patterns:
            m = pat.trigger.search(low)
            if m is None or not all(a.search(low) for a in pat.also) \
                    or any(u.search(low) for u in pat.unless):
                continue
            span = m.span("t") if "t" in m.re.groupindex else m.span()
            (unreal if is_modal(Hit(kind, pat.weight, *span), low) else real).add(kind.type)
    return unreal - real
