"""Where an event happened: the place its sentence locates it in, with ACLED's geo precision.

`place_for` weighs the sentence's resolved places by the words before them (a locative 'in',
'near', a chain 'in Pisky, Donetsk'), their distance from the trigger and how precise their
kind is; `PreviousPlace` carries a place to the next sentence; `main_country` is the fallback.
"""
from __future__ import annotations

import re

from geo.geometry import great_circle_km
from geo.records import Place
from geo.vocabulary import (
    ADMIN_KINDS,
    COUNTRY_OR_CONTINENT,
    FAR_KINDS,
    LANDMARK_WORDS,
    PRECISE_KINDS,
    STREET_WORDS,
    WITHIN,
)
from geo.vocabulary import SPECIFICITY as PLACE_SPECIFICITY

# how precisely a place's kind pins an event down; a place 'within' a town (a landmark the
# gazetteer lacks) still ranks as an unknown kind here, as before the table was shared: ranking it
# as its town changes events on four dev outputs and waits for a measured change of its own
SPECIFICITY = {kind: rank for kind, rank in PLACE_SPECIFICITY.items() if kind != WITHIN}
_LOCATIVE_WORDS = (r"\b(in|at|on|near|outside|around|across|into|inside|from|toward|towards|through|"
                   r"throughout|within|along|over|north of|south of|east of|west of|off)\s+(the\s+)?")
_LOCATIVE = re.compile(_LOCATIVE_WORDS + r"([\w-]+(?:['’]s)?\s+){0,2}$")
# down a chain of names the locative still holds, a little less than for the first of them:
# 'in Pisky, Donetsk', 'in Campinas (Sao Paulo', 'in Jinshui district (Zhengzhou', 'in Nova
# village (Sud-Bank, Kaliv'
# (names, not a date: 'On 3 May 2023, Dorva militants' does not place anything in Dorva)
_CHAINED_LOCATIVE = re.compile(_LOCATIVE_WORDS + r"((?!(?:mon|tues|wednes|thurs|fri|satur|sun)day\b)"
                               r"[^\W\d][\w-]*(?:['’]s)?(?:,|\s+-)?\s+\(?){0,3}$")
# 'in the Old Market area of Kandor', 'the villages of Kandor district': a part named of a place
# puts the event in that place however many words name the part
_PART_OF = re.compile(r"\b(areas?|villages?|districts?|neighbou?rhoods?|quarters?|suburbs?|outskirts|"
                      r"parts?|sectors?|localit(?:y|ies)|outposts?|vicinity|centre|center|wards?|"
                      r"communes?|municipalit(?:y|ies)|subdivisions?|towns?|city|province|region|"
                      r"county|camps?|valley|zones?|streets?|markets?)\s+of\s+(the\s+)?$")
_NEAR = re.compile(r"(?:\b|(?<=\d))(near|outside|around|close to|vicinity of|north of|south of|east of|west of|"
                   r"outskirts of|suburbs? of|off|(?:km|kilomet(?:re|er)s|miles) from)\s+(the\s+)?(\w+\s+){0,2}$")
# 'US President', 'Russian forces', 'Kandor militiamen': a place used as a modifier of people is
# not a location
_MODIFIER = re.compile(r"\s+(president|prime minister|secretary|officials?|forces|troops|military|army|"
                       r"government|leaders?|authorities|embassy|ambassador|minister|ministry|diplomats?|"
                       r"envoy|spokes(man|woman|person)|counterpart|militi(a|as|amen|aman)|fighters|"
                       r"rebels|soldiers|police(men)?|insurgents|militants|gunmen)\b")
# how sure the resolver is of a reading counts too: a name read on weak evidence as a namesake
# abroad ('Bala' of 'the Bagh Bala area of Kabul city', read as Romania's) gives way to a sure place
RESOLVER_WEIGHT = 2.0
# 'Kandor's Old Town district', 'Kandor's outskirts': a part of a place is in that place
_OWN_PART = re.compile(r"(\s+[\w'’-]+){0,2}?\s+(districts?|neighbou?rhoods?|quarters?|suburbs?|outskirts|"
                       r"centre|center|downtown|old town|port|airport|harbou?r|market|streets?|squares?)\b")
_VERSUS = (" v. ", " vs. ", " v ", " vs ")
FAR_PENALTY = 10.0  # below any place a locative introduces or the trigger is near
# a reading the resolver is this unsure of may be a namesake of a name the gazetteer lacks
WEAK_READING = 0.5
# 'from Belarus': where troops came from; in 'marched from Dorva to Kandor' Kandor is no origin
# ... but what people left is where they did it: 'the convoy departed from Kandor'
# ... and '10km from Kandor' is a distance, not an origin
_ORIGIN = re.compile(r"(?<!departed )(?<!left )(?<!withdrew )(?<!retreated )(?<!evacuated )(?<!fled )"
                     r"(?<!km )(?<!kilometres )(?<!kilometers )(?<!miles )"
                     r"\bfrom\s+(the\s+)?((?!(?:to|into|towards?)\s)\w+\s+){0,2}$")
# 'the Dorva - Kandor highway': the ends of a road are named, the event is somewhere along it
_ROAD_END = re.compile(r"(\s*-\s*[\w'’]+(\s+[\w'’]+)?){0,4}\s+(highway|road|expressway|motorway|railway)\b")
# ... and so is where it leads: 'blocked the highway to Kandor'
_ROAD_TO = re.compile(r"\b(highways?|roads?|routes?|expressway|motorway)\s+(to|towards|leading to)\s+$")
# 'clashed in the Dorva neighbourhood': a part of a town named like some town elsewhere
_TOWN_PART = re.compile(r"\s+(neighbou?rhood|settlement|sector|community|vereda|barrio|colonia|quarter)\b")
# 'at Verdi Square in Kandor', 'outside Kellerman Middle School, Kandor': a place's name inside a
# facility's name; the town named after the facility is the place
_SITE_WORDS = ("square", "street", "avenue", "school", "university", "college", "hospital", "church",
               "mosque", "park", "stadium", "hall", "station", "market", "roundabout", "bridge", "prison",
               "camp", "hotel", "plaza")
_FACILITY_IN = re.compile(r"(\s+[\w'’.-]+){0,2}?\s+(" + "|".join(_SITE_WORDS) + r")\b"
                          r"(\s*,\s*|\s+\(|\s+(in|of|at)\s+(the\s+)?)")
# the last word of a site's name: the sites above, landmarks and streets
_SITE_NAME_ENDS = frozenset(_SITE_WORDS) | LANDMARK_WORDS | frozenset(STREET_WORDS)


def place_for(sentence_start: int, low: str, trigger_at: int, places: list[Place], *,
              sentence: str = "", crowd: bool = False) -> tuple[Place | None, int | None]:
    """The place the sentence locates its event in, and ACLED's geo precision for it.

    A place counts when a locative word introduces it ('in', 'near', 'outside') or it sits
    close to the trigger; an origin ('from Belarus'), a possessor ('Russia's invasion') or a
    modifier ('US-led') is not where the event happened. For a `crowd`'s event (a protest, a
    riot), a place named in its cause after the place it gathered in is not where it
    happened either ('rallied in Dorva against the shelling of Kandor')."""
    best, best_score = None, float("-inf")
    candidates = _in_their_clause(places)
    placed = []
    for p in candidates:
        rel = p.start - sentence_start
        before = low[max(0, rel - 40):rel]
        if _not_where(p, low, rel, before, candidates, sentence_start):
            continue
        bonus = 2.0 if _LOCATIVE.search(before) or _PART_OF.search(before) else 0.0
        if not bonus and _CHAINED_LOCATIVE.search(before) and not _container(p, candidates, low, sentence_start):
            bonus = 1.5
        distance = abs(rel - trigger_at)
        penalty = _penalty(p, low, rel, before, bonus, distance, candidates, sentence, sentence_start)
        if not penalty and crowd and _in_its_cause(p, low, candidates, sentence_start):
            penalty = FAR_PENALTY
        if penalty:
            if p.kind in COUNTRY_OR_CONTINENT:
                continue
            bonus = -penalty
        placed.append(p)
        score = SPECIFICITY.get(p.kind, 2) + bonus + RESOLVER_WEIGHT * (p.score - 0.5)
        score -= min(distance, 300) / 150  # closer to the trigger is better
        if score > best_score:
            best, best_score = p, score
    if best is None:
        return None, None
    best = _most_specific(best, placed, low, sentence_start)
    if best.kind in FAR_KINDS:
        return best, 3
    rel = best.start - sentence_start
    if _NEAR.search(low[max(0, rel - 40):rel]):  # 'near Kyiv' is not in it
        return best, 2
    if best.kind in PRECISE_KINDS or _in_a_named_town(best, places):
        return best, 1
    return best, 2


def _in_a_named_town(p: Place, places: list[Place]) -> bool:
    """Is `p` a site the gazetteer lacks (a park, a square, a street) put in a town the text
    names ('Steele Park in Phoenix')? ACLED codes a site in a town as the town (precision 1);
    a village put in its district or region ('Dhondgaon (Nashik)', 'Pisky, Donetsk') is a
    part of it (2)."""
    if p.kind != WITHIN or not p.text.strip():
        return False
    return p.text.rsplit(None, 1)[-1].lower() in _SITE_NAME_ENDS \
        and any(q.id == p.id and q.kind in PRECISE_KINDS for q in places)


# what a crowd gathered for, after where it gathered: 'demonstrated in Dorva to denounce',
# 'marched in Dorva against', 'protested outside the embassy in Dorva over'
_CAUSE = re.compile(r"\b(?:to (?:protest|denounce|oppose|condemn|demand|support|mark|commemorate|express|"
                    r"call for|show|honou?r|mourn|remember|reject|critici[sz]e|decry|highlight|defend|"
                    r"pay tribute)|against|over|in (?:support|solidarity|memory|honou?r) (?:of|with)|"
                    r"in protest (?:at|against|of|over)|protesting|denouncing|demanding|condemning|opposing|"
                    r"calling for|supporting|after|following)\b")


def _in_its_cause(p: Place, low: str, candidates: list[Place], sentence_start: int) -> bool:
    """Is `p` named in a crowd's cause, after a place the sentence puts the crowd in
    ('gathered in Dorva to protest the closure of a plant in Kandor': Kandor is the cause)?"""
    rel = p.start - sentence_start
    gathered = [q for q in candidates if q.end <= p.start and q.kind not in COUNTRY_OR_CONTINENT]
    if not gathered:
        return False
    q = max(gathered, key=lambda q: q.end)
    q_rel = q.start - sentence_start
    if not _LOCATIVE.search(low[max(0, q_rel - 40):q_rel]):
        return False
    return _CAUSE.search(low, q.end - sentence_start, rel) is not None


def _not_where(p: Place, low: str, rel: int, before: str, candidates: list[Place], sentence_start: int) -> bool:
    """Is `p` named as no location of the sentence: a possessor ('Russia's invasion', not
    'Kandor's port'), a
    modifier ('US-led', 'Russian forces'), an origin ('from Belarus'), a party to a court case
    ('Roe v. Wade') or a word of a facility's name that is placed in a town named after it
    ('Verdi Square in Kandor')?"""
    end = rel + p.end - p.start
    possessive = low.startswith(("'s", "’s"), end) and not _OWN_PART.match(low, end + 2)
    if possessive or low.startswith(("-led", "-backed"), end) or _MODIFIER.match(low, end) \
            or ("from" in before and _ORIGIN.search(before)):  # a search tries every offset
        return True
    if low.startswith(_VERSUS, end) or before.endswith(_VERSUS):  # 'Roe v. Wade': a court case
        return True
    facility = _FACILITY_IN.match(low, end)
    # ... unless it is a region that holds `p`: 'the Dorva Refugee Camp (Lanark)' is in Dorva
    return facility is not None and any(q.start - sentence_start == facility.end()
                                        and not (q.kind in ADMIN_KINDS and _fit(p, q)) for q in candidates)


def _penalty(p: Place, low: str, rel: int, before: str, bonus: float, distance: int,
             candidates: list[Place], sentence: str, sentence_start: int) -> float:
    """How far below the places that qualify `p` ranks: a place far from the trigger with no
    locative, a road's end or a part of a town is still the place when the clause names no
    other; a weak reading inside a longer name or abroad with no locative is a namesake, the
    place only when the clause names nothing else at all."""
    if p.score < WEAK_READING and (_inside_a_name(sentence, rel, rel + p.end - p.start)
                                   or not bonus and _abroad(p, candidates, low, sentence_start)):
        return 2 * FAR_PENALTY
    if p.kind in FAR_KINDS and _inside_a_name(sentence, rel, rel + p.end - p.start):
        return FAR_PENALTY  # 'the Kandor Liberation Front', 'Lanark Power and Light': who, not where
    if not bonus and distance > 60 or _last_resort(p, low, rel, before):
        return FAR_PENALTY
    return 0.0


def _last_resort(p: Place, low: str, rel: int, before: str) -> bool:
    """A place named as a road's end or goal or as the name of a part of a town: where the
    event happened only when the clause names no other place."""
    end = rel + p.end - p.start
    return _ROAD_END.match(low, end) is not None or _ROAD_TO.search(before) is not None \
        or (p.kind == "city" and _TOWN_PART.match(low, end) is not None)


# 'Dorva' of 'in Dorva Heights' or 'Upper Dorva': a known name inside a longer one the gazetteer
# lacks, unless the word beside it says what kind of place the name is ('Dorva City')
# the particles of names ('Dorva-e-Kandor', 'Dorva an Kandor'); spaced, not those that are also
# English words before a name ('in Kandor at Freedom Square', 'Kandor as Dorva did')
_PARTICLE = r"(?:al|el|e|de|del|di|da|do|du|dos|das|la|le|les|ash|as|an|ad|ar|at|az|bin|ibn|wa|ul|i|y)"
_SPACED_PARTICLE = r"(?:al|el|de|del|di|da|du|dos|das|la|le|les|ash|an|ad|ar|az|bin|ibn|wa|ul|y)"
_JOINT = rf"(?:\s|-|-{_PARTICLE}-|\s{_SPACED_PARTICLE}\s)"
_NAME_GOES_ON = re.compile(rf"{_JOINT}([A-Z][a-z][\w'’]*)")
_NAME_BEGAN = re.compile(rf"\b([A-Z][a-z][\w'’]*){_JOINT}$")
_KIND_WORDS = frozenset("""city town village district province region oblast county state governorate
municipality department prefecture township commune sector area zone camp valley airport port
street avenue road square school university college hospital church mosque park stadium hall
station market bridge prison hotel plaza base centre center border crossing bazaar
neighbourhood neighborhood suburb quarter island islands lake river mountain mountains
highway the in at on near from of and or to by for with""".split())


def _inside_a_name(sentence: str, start: int, end: int) -> bool:
    """Is the place at [start, end) of `sentence` a part of a longer proper name?"""
    if not sentence:
        return False
    after = _NAME_GOES_ON.match(sentence, end)
    if after is not None and after.group(1).lower() not in _KIND_WORDS:
        return True
    window = max(0, start - 30)
    before = _NAME_BEGAN.search(sentence[window:start])
    # the sentence's first word is capitalised whatever it is
    return before is not None and sentence[:window + before.start()].strip() != "" \
        and before.group(1).lower() not in _KIND_WORDS


def _abroad(p: Place, candidates: list[Place], low: str, sentence_start: int) -> bool:
    """Does the clause name a surer place in another country than `p`'s, not as its container
    ('Dorva (Lanark)': there either may be the misread name)?"""
    return any(q.country != p.country and q.score >= WEAK_READING and q.kind not in COUNTRY_OR_CONTINENT
               and not _linked(p, q, low, sentence_start) for q in candidates if q is not p)


def _linked(p: Place, q: Place, low: str, sentence_start: int) -> bool:
    """Is one of `p` and `q` named as the container of the other (the second of the first)?"""
    first, second = (p, q) if p.start < q.start else (q, p)
    a, b = first.end - sentence_start, second.start - sentence_start
    return _CONTAINER_LINK.fullmatch(low, a, b) is not None or (
        _PAST_DISTRICT.fullmatch(low, a, b) is not None and first.admin1 != ""
        and (first.country, first.admin1) == (second.country, second.admin1))


def _most_specific(best: Place, placed: list[Place], low: str, sentence_start: int) -> Place:
    """Down a chain of containers to the place they hold: 'Dorva village (Kandor, Lanark)' is
    in Dorva however the words around it rank Kandor; not to a namesake the container cannot
    hold ('Deer Lake in Kandor' read as a town abroad). A town's part may also follow it after a
    dash: 'Kandor - Old Harbour'."""
    for _ in placed:  # each step moves to another place: never more steps than places
        inner = next((q for q in placed if q.end <= best.start and q.kind not in COUNTRY_OR_CONTINENT
                      and _linked(q, best, low, sentence_start) and (q.kind == WITHIN or _fit(q, best))), None)
        part = next((q for q in placed if q.start >= best.end and q.kind in _PART_KINDS and _fit(q, best)
                     and _DASH.fullmatch(low, best.end - sentence_start, q.start - sentence_start)), None)
        step = inner or part
        if step is None:
            break
        best = step
    return best


_DASH = re.compile(r"\s+[-–]\s+")
_PART_KINDS = frozenset({"city", "city_district", WITHIN})


# 'Haydan district (Sadah', 'Pisky, Donetsk': after a place, a comma or a bracket opens its container
_UNIT_WORDS = (r"district|province|region|oblast|county|state|governorate|municipality|department|"
               r"prefecture|city|town|township|village")
# ... and 'Baykan district of Siirt', 'Kulsary township in Atyrau region'
_CONTAINER_LINK = re.compile(rf"(?:\s+(?:{_UNIT_WORDS}))?(?:\s*[,(]\s*|\s+in\s+(?:the\s+)?)"
                             rf"|\s+(?:{_UNIT_WORDS})\s+of\s+(?:the\s+)?")
# ... and past a district the gazetteer lacks, as coders write '(district, region)': 'Balakliia
# (Iziumskyi, Kharkiv)'; a link only when the town lies in the region's first-level unit
_PAST_DISTRICT = re.compile(r"\s*\(\s*[^\W\d_][^(),.;:]{0,40},\s*")


def _container(p: Place, places: list[Place], low: str, sentence_start: int) -> bool:
    """Is `p` named as the container of a place just before it ('Haydan district (Sadah)')?"""
    return any(q.end <= p.start and _linked(q, p, low, sentence_start) for q in places)


CLAUSE_KM = 150  # two towns of one clause further apart than this are not one scene


def _in_their_clause(places: list[Place]) -> list[Place]:
    """The places of a sentence that fit with some other place of it: a town in the region
    or country the sentence names ('Iranduba (Amazonas)'), or near another town it names. A
    place that fits with none of them is a namesake read far away ('a rally at Steele Park in
    Phoenix (Arizona)': not Steele, Missouri). When no two fit, a town outside the region that
    the sentence names in its country goes ('Pisky, Donetsk oblast': not Pisky, Poltava)."""
    local = [p for p in places if p.kind not in ("country", "continent")]
    if len(local) < 2:
        return places
    # a name said twice agrees with itself: 'in Asuncion (Asuncion)' is the city in its own unit
    fitting = [p for p in local if any(_fit(p, q) for q in local if q is not p)]
    if not fitting:  # no two agree: a town outside the region named in its own country is the namesake
        # (not one of another country: there the region is as often the misread name, 'Bari')
        regions = [q for q in local if q.kind == "admin1"]
        fitting = [p for p in local if p.kind == "admin1"
                   or not any(q.country == p.country and q.admin1 != p.admin1 for q in regions)]
    return [p for p in places if p.kind in ("country", "continent") or p in fitting]


def _fit(p: Place, q: Place) -> bool:
    """Can `p` and `q` be named in one clause of one scene?"""
    if p.country != q.country:
        return False
    if "admin1" in (p.kind, q.kind) or p.admin1 == q.admin1:
        return p.admin1 == q.admin1
    return great_circle_km(p.lat, p.lon, q.lat, q.lon) <= CLAUSE_KM


class PreviousPlace:
    """Where a sentence's events happened, else where its narrative is: unplaced events of
    the next sentence inherit it. The narrative's place is looked up only when one is asked for
    (most sentences without events are followed by none either)."""

    __slots__ = ("n", "place", "precision", "pending")

    def __init__(self) -> None:
        self.n = -1
        self.place: Place | None = None
        self.precision: int | None = None
        self.pending: tuple[int, int, str, str, list[Place]] | None = None

    def set(self, n: int, place: Place, precision: int | None) -> None:
        self.n, self.place, self.precision, self.pending = n, place, precision, None

    def narrative(self, n: int, s: int, sentence: str, low: str, places: list[Place]) -> None:
        """Sentence `n` (at `s`, lower-cased `low`) has no events but these places."""
        self.pending = (n, s, sentence, low, places)

    def latest(self) -> tuple[Place | None, int | None]:
        """The place of the last sentence that had one, however far back."""
        if self.pending is not None:
            self.of(self.pending[0])
        return self.place, self.precision

    def of(self, n: int) -> tuple[Place | None, int | None]:
        """The place and precision of sentence `n`, (None, None) when it has none."""
        if self.pending is not None and self.pending[0] == n:
            _, s, sentence, low, places = self.pending
            self.pending = None
            place, precision = place_for(s, low, 0, [p for p in places if p.kind != "country"], sentence=sentence)
            if place is not None:
                self.set(n, place, precision)
        return (self.place, self.precision) if self.n == n else (None, None)


def main_country(places) -> Place | None:
    """The fallback place of unplaced events: the country that the article's places lie in
    most often (every mention votes for its country, so 'Kyiv' counts for Ukraine)."""
    votes: dict[str, int] = {}
    country_place: dict[str, Place] = {}
    for p in places:
        if p.country:
            votes[p.country] = votes.get(p.country, 0) + 1
        if p.kind == "country":
            country_place.setdefault(p.country, p)
    ranked = sorted(votes, key=lambda c: -votes[c])
    return next((country_place[c] for c in ranked if c in country_place), None)
