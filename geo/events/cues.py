"""Small readers of one sentence for the event extractor: modality, claims, death tolls, actors.

Each returns a plain value and is tested on its own (tests/test_event_cues.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from geo.text.prefilter import Prefilter

# Cues in the words just before a trigger that make the event unreal: denied, planned,
# hypothetical or feared ("denying for weeks he planned to invade", "could flee if ...").
_MODAL = {
    "negated": re.compile(r"\b(not|no|never|without|nor|den(y|ies|ied|ying)|refus\w*|fail(ed|s)? to|"
                          r"rejected|ruled out)\b|n't\b"),
    "hypothetical": re.compile(r"\b(could|would|might|may|if|unless|whether|possibl[ey]|potential)\b"),
    # asked of others: 'called for sanctions' imposes none (a call for talks is diplomacy's own act)
    "urged": re.compile(r"\b(call(s|ed)? for|urg(e|es|ed|ing)|appeal(s|ed)? for)\b"),
    "planned": re.compile(r"\b(will|plans?|planned|planning|intends?|intended|threaten(s|ed|ing)?|"
                          r"prepar(e|es|ed|ing)|ready|set to|expected to|aim(s|ed)? to|seek(s|ing)? to|"
                          r"sought to|want(s|ed)? to|willing to|offer(s|ed)? to|"
                          r"vow(s|ed)?|pledg(e|ed|es)|going to|propos(e|ed|es)|"
                          r"to (hold|start|begin|open|resume|discuss|send|join|negotiate|launch))\b"),
    "feared": re.compile(r"\b(fears?|feared|fearing|concerns?|risks?|warn(s|ed|ing)?|anticipat\w+|"
                         r"worr(y|ies|ied))\b"),
}
# 'may' as the month of a date, never the modal verb: '3 may 2022', 'may 3', 'may 3, 2022',
# 'in may', 'mid-may', 'may-june', 'the 3rd of may', and the holiday: 'a may day rally'
_MONTH_MAY = re.compile(r"\b(\d{1,2}(?:st|nd|rd|th)?|of|in|by|since|until|till|early|mid|late|during|"
                        r"from|through|last|next|this|end|start)([ -])may\b(?! (?:be|not|have|\w+ed)\b)|"
                        r"\bmay(?=,? \d|-\w| day\b)")
# 'will advance after seizing the town': a new clause starts at 'after' + a verb form
_CLAUSE_BREAK = re.compile(r"[;:()]|, (?:and|but|while|as|which|who)\b|\b(?:but|while)\b|"
                           r"\b(?:after|before|since)(?= \w+(?:ing|ed)\b)")
_CLAIM = re.compile(r"\b(said|says|claim(s|ed)?|according to|reported(ly)?|alleged(ly)?|believed|"
                    r"told|announced)\b")
_CLAIM_WORDS = ("said", "says", "claim", "according to", "reported", "alleged", "believed", "told",
                "announced")  # one of them is in every match of _CLAIM


def modality(low: str, trigger_start: int) -> str | None:
    """'negated', 'hypothetical', 'urged', 'planned' or 'feared' when the clause before the trigger
    (at most ten words) says so, else None (the event is reported as real)."""
    begin = max(0, trigger_start - 70)
    # look a few characters past the trigger so that 'after seizing' is seen as a clause start
    breaks = [b for b in _CLAUSE_BREAK.finditer(low[begin:trigger_start + 12])
              if begin + b.end() <= trigger_start]
    window = low[(begin + breaks[-1].end()) if breaks else begin:trigger_start]
    window = " ".join(window.split()[-10:])
    if "may" in window:  # every match of _MONTH_MAY holds it: most windows need no substitution
        window = _MONTH_MAY.sub(r"\1\2", window)
    for name, rx in _MODAL.items():
        if rx.search(window):
            return name
    return None


# modal cue words that also occur inside names: 'the We Will Stop Femicides movement',
# 'Reporters without Borders', 'No Vax activists'
_NAME_CUE = re.compile(r"\b(no|not|never|without|nor|will|could|would|might|if)\b")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def without_names(sentence: str, low: str) -> str:
    """`low` (the lower-cased `sentence`, same length) with the modal cue words that belong to
    a name blanked out, so that `modality` does not read them: a capitalised cue word beside
    another capitalised word, or a lower-case one between two ('Reporters without Borders').
    A headline in title case keeps all its words ('Russia Will Invade')."""
    cues = list(_NAME_CUE.finditer(low))
    if not cues:
        return low  # most sentences: nothing to blank
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(sentence)]
    long_words = [w for _, _, w in words if len(w) > 3]
    if not long_words or sum(w[0].isupper() for w in long_words) > 0.8 * len(long_words):
        return low
    caps = {start: text[0].isupper() for start, _, text in words}
    starts = [start for start, _, _ in words]
    out = low
    for m in cues:
        i = starts.index(m.start()) if m.start() in caps else -1
        if i <= 0 or i + 1 >= len(starts):
            continue  # the sentence's first or last word, or inside a longer token
        before, after = caps[starts[i - 1]], caps[starts[i + 1]]
        if (caps[m.start()] and (before or after)) or (not caps[m.start()] and before and after):
            out = out[:m.start()] + " " * (m.end() - m.start()) + out[m.end():]
    return out


_SPEECH_BEFORE = re.compile(r"\b(said|says|told \w+|announced|reported|added|stated)( on)?\s*$")


def is_report_date(low: str, date_start: int) -> bool:
    """'Russia said Friday': the date of the report, not of what it reports."""
    return bool(_SPEECH_BEFORE.search(low[max(0, date_start - 25):date_start]))


_GENERIC = re.compile(r"^(when|whenever|if)\b")
_PAST = re.compile(r"\b(\w+ed|was|were|had|fell|struck|hit|began|broke|killed|took|seized)\b")


def generic(low: str) -> bool:
    """'When bombs fall on Kyiv, it happens in Europe': a present-tense 'when'/'if' sentence
    states something general, not a particular event."""
    return bool(_GENERIC.match(low.lstrip("\"“ "))) and not _PAST.search(low)


_FORCE_NOUN = r"(?:military|army|forces|troops|soldiers|navy|marines)"
_ACTING_FORCE = re.compile(rf"\b([A-Z][\w-]+)(?:'s|’s)? (?:\w+ )?{_FORCE_NOUN}\b")


def actor_countries(sentence: str, place_countries: dict[str, str], demonyms: dict[str, str]) -> set[str]:
    """Countries whose forces act in the sentence: 'Russia's military', 'Russian troops'.

    `place_countries` maps country names in the sentence to ISO codes; `demonyms` maps folded
    demonyms to ISO codes."""
    found = set()
    for m in _ACTING_FORCE.finditer(sentence):
        word = m.group(1)
        iso = place_countries.get(word) or demonyms.get(word.lower())
        if iso:
            found.add(iso)
    return found


def claimed(low: str) -> bool:
    """Is the sentence a report of someone's claim ('Russia's military said it had seized')?"""
    # most sentences hold none of its words: the search would try every offset for nothing
    return any(map(low.__contains__, _CLAIM_WORDS)) and _CLAIM.search(low) is not None


_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                      "eighty": 80, "ninety": 90, "a hundred": 100, "a dozen": 12, "both": 2})
_WORDS = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_NUM = rf"(\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORDS})"
_QUAL = r"(?:at least |more than |over |nearly |almost |about |around |some |up to |as many as |between )?"
# '33-40', '14 to 20': a range counts as its lowest figure, as ACLED codes it
_RANGE = r"(?:(?:-|–| to | and | or )\d+\b)?"
_VICTIMS = (r"(?:\w+ ){0,2}?(?:people|persons|civilians|soldiers|troops|servicemen|policemen|police officers|"
            r"officers|militants|fighters|rebels|insurgents|protest[eo]rs|demonstrators|children|women|men|"
            r"villagers|workers|passengers|residents|students|members|others|of them)")
_KILLED = r"(?:killed|shot dead|slain|murdered|executed|lynched|beheaded|burnt to death|burned to death)"
_ONE_PERSON = (r"(?:man|woman|boy|girl|child|baby|person|civilian|resident|villager|farmer|herder|trader|"
               r"driver|student|teacher|soldier|policeman|officer|guard|fighter|militant|member|leader|"
               r"commander|chief|official|journalist|activist|worker|businessman|suspect|trafficker|"
               r"pastoralist|shepherd|priest|pastor|imam|worshipper|passer-by|bystander|motorist|migrant|"
               r"shopkeeper|merchant|nurse|doctor|lawyer|judge|politician|councillor|councilor|lawmaker|elder|"
               r"monk|nun|cleric|volunteer|medic|paramedic|rescuer|firefighter|pensioner|mayor|reporter|"
               r"photographer|fisherman|miner|teenager|pupil|patient|prisoner|detainee|refugee)")
# the death toll patterns, the first that matches wins; a sentence holding none of a
# pattern's literals (as the prefilter finds them, see fatalities) cannot match it. Those in
# _TOLL_VALUES state a fixed toll: none ('there were no casualties' is 0), an unknown one
# ('casualties unknown': no figure, and no later pattern may guess one) or a single victim.
TOLL_PATTERNS = (
    # a coder's or reporter's own count comes first: 'fatalities coded as 6', '3 fatalities'
    re.compile(rf"\bfatalit(?:y|ies)\b(?:[^.;]{{0,60}}?)\bcoded as {_NUM}\b"),
    re.compile(rf"\b{_QUAL}{_NUM}{_RANGE} (?:reported |confirmed |civilian |\w+ )?fatalit(?:y|ies)\b(?! split)"),
    re.compile(r"\b(?:no (?:reported |known |immediate )?(?:casualties|fatalities|deaths|one was killed|one died|"
               r"loss of life|lives were lost)|nobody was killed|no one was (?:killed|hurt|injured|harmed)|"
               r"without (?:any )?casualties)\b"),
    re.compile(r"\b(?:(?:casualties|fatalities|the death toll|the number of (?:dead|deaths|victims)) "
               r"(?:is |are |was |were |remain |remains )?(?:unknown|unclear|not known|undetermined)|"
               r"unknown number of (?:fatalities|casualties|deaths|people (?:were )?killed|dead)|"
               r"fatalities split (?:between|across|among))\b"),
    re.compile(rf"\b(?:killing|killed|kills|leaving|left|claiming|claimed|lynch(?:ed|ing)|murder(?:ed|ing)|"
               rf"execut(?:ed|ing)|shot dead|shooting dead) {_QUAL}{_NUM}\b(?! (?:percent|per cent|%|years|km|miles))"),
    re.compile(rf"\b{_QUAL}{_NUM}{_RANGE} {_VICTIMS} (?:were |have been |had been |was |are )?"
               r"(?:killed|dead|died|slain|lost their lives|perished)\b"
               r"(?! or (?:wounded|injured))"),
    re.compile(rf"\b{_QUAL}{_NUM} (?:\w+ )?(?:deaths|dead|fatalities|killed|bodies)\b"),
    re.compile(rf"\bdeath toll (?:\w+ ){{0,4}}?(?:to|of|at|reached|stands at) {_QUAL}{_NUM}\b"),
    # 'three traffickers were shot and killed', 'six fulani herders were killed': any victims
    re.compile(rf"(?<![\d,.])\b{_QUAL}(\d{{1,3}}|{_WORDS}){_RANGE} (?:[\w-]+ ){{1,3}}?"
               rf"(?:were|was|have been|has been|had been) (?:\w+ and )?{_KILLED}\b(?! or (?:wounded|injured))"),
    # one victim: 'a man was killed', 'the driver was shot and killed', 'killed a civilian'
    re.compile(rf"\b(?:an?|one|the) (?:[\w-]+ ){{0,2}}?{_ONE_PERSON} (?:[\w-]+ ){{0,4}}?"
               rf"(?:(?:was|has been|had been) (?:\w+ and )?{_KILLED}|died)\b"),
    re.compile(rf"\b(?:killed|killing|shot dead|murdered|executed|lynched|beheaded) (?:an?|one) "
               rf"(?:[\w-]+ ){{0,2}}?{_ONE_PERSON}\b"),
)
_TOLL_VALUES: dict[int, int | None] = {2: 0, 3: None, 9: 1, 10: 1}
# patterns that no literal prefix can rule out (they begin with 'a' or a number): searched
# only in a sentence that holds one of these words
_KILLING_WORDS = ("kill", "dead", "slain", "murder", "execut", "lynch", "behead", "to death", "died")
_NEEDS: dict[int, tuple[str, ...]] = {
    1: ("fatalit",), 5: (*_KILLING_WORDS, "perish", "lost their lives"),
    6: ("death", "dead", "fatalit", "kill", "bodies"), 8: _KILLING_WORDS, 9: _KILLING_WORDS}


def _number(word: str) -> int | None:
    word = word.replace(",", "")
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


@lru_cache(maxsize=1)
def _toll_prefilter() -> Prefilter:
    return Prefilter(list(TOLL_PATTERNS))


def fatalities(low: str, possible: Iterable[int] | None = None) -> int | None:
    """The death toll a (lower-cased) sentence states: 'at least 137 deaths' -> 137, 'killing
    6' -> 6. `possible`: the numbers of the TOLL_PATTERNS whose literals the sentence holds,
    when the caller's own prefilter pass knows them already (geo/events/extractor.py); else one pass
    here finds them. Most sentences hold none, and then no pattern is searched."""
    if possible is None:
        possible = _toll_prefilter().possible(low)
    for k in sorted(possible):
        if k in _NEEDS and not any(w in low for w in _NEEDS[k]):
            continue
        m = TOLL_PATTERNS[k].search(low)
        if m and k in _TOLL_VALUES:
            return _TOLL_VALUES[k]
        if m:
            n = _number(m.group(1))
            if n is not None and n < 1_000_000:
                return n
    return None


def stated_toll(lows: Iterable[str]) -> int | None:
    """The death toll a run of (lower-cased) sentences about one happening states: the last
    statement stands ('killing 3 ... the toll rose to 9' is 9), never the sum of them."""
    toll = None
    for low in lows:
        found = fatalities(low)
        toll = found if found is not None else toll
    return toll


_FORCES = ("forces", "troops", "soldiers", "army", "military", "navy", "police", "militants", "rebels",
           "separatists", "fighters", "militia", "militias", "gunmen", "protesters", "protestors", "demonstrators",
           "authorities", "government", "officials", "jihadists", "insurgents", "terrorists")
_ACTOR = re.compile(rf"\b(?:([A-Z][a-z]+(?:-[A-Z][a-z]+)?) (?:\w+ )?)?({'|'.join(_FORCES)})\b")


def actors(sentence: str, demonyms: dict[str, str]) -> tuple[str, ...]:
    """Who acts: 'Russian forces', 'Ukrainian forces', 'police', 'protesters' (at most three)."""
    found: list[str] = []
    if not any(map(sentence.__contains__, _FORCES)):
        return ()  # most sentences: the search below would try every offset for nothing
    for m in _ACTOR.finditer(sentence):
        adj, noun = m.group(1), m.group(2).lower().replace("protestors", "protesters")  # one spelling
        if adj and adj.lower() in demonyms:
            label = f"{adj} {noun}"
        elif noun in ("police", "protesters", "demonstrators", "militants", "rebels", "separatists",
                      "gunmen", "jihadists", "insurgents", "terrorists", "militia", "militias"):
            label = noun
        else:
            continue
        if label not in found:
            found.append(label)
    return tuple(found[:3])
