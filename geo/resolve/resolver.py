"""Stage 2: pick a gazetteer entry for every mention (`resolve`).

Two passes over an article. The first picks each name's most prominent candidate that fits
the text's own cues (kind words, a plural kind word after or before a list, "X, Y"
containment) and collects what the article is about: its countries, admin-1 units and
points. The second re-scores every candidate with that context (country and region
coherence, closeness to the other places, the country and kind the other members of a list
share, the capital of a country the article names, the countries of its currency signs) and
keeps one answer per name; a name with "X, Y" context in one mention keeps it in all. A
candidate scoring under `FLOOR` leaves the mention unresolved.

The parts: `candidates` (readings and their scores), `containers` ("X, Y"), `article_lists`
(lists), `placement` (rivers, streets, borders), `strays` (readings nothing leads to), `features`
(the article's context).
"""
from __future__ import annotations

from collections import defaultdict

from geo.gazetteer.index import Gazetteer
from geo.recognize.given_spans import named_inside
from geo.records import Candidate, Mention, Place, Unresolved
from geo.resolve import features as F
from geo.resolve.article_lists import list_reading, lists, plural_hints, runs
from geo.resolve.candidates import (
    WEIGHTS,
    Area,
    Reading,
    acronym_hint,
    candidates,
    context_scores,
    near_units,
    own_readings,
)
from geo.resolve.containers import (
    containers,
    holder_after,
    namesake_units,
    shared_containers,
    strays,
)
from geo.resolve.placement import (
    NO_CHOICE,
    NOT_IN_GAZETTEER,
    Choice,
    area_of_article,
    border_place,
    confidence,
    country_of_story,
    in_town,
    one_host_per_name,
    snap_line,
    spelled_in,
    town_of,
    water_namesakes,
)
from geo.resolve.strays import STRAY, is_stray
from geo.vocabulary import COUNTRY_OR_CONTINENT, STREET, UNKNOWN, WITHIN

FLOOR = 0.25  # a best candidate scoring less is no answer: the mention stays unresolved
CONTEXT_ROUNDS = 4  # at most; most articles settle after one or two
ALTERNATIVES = 5  # runners-up listed with each place
UNAMBIGUOUS_WEIGHT = 1.5  # a name with one candidate counts this much more as context
NO_TOWN = "a street, and the article names no town to place it in"
NO_LANDMARK_TOWN = "a landmark the gazetteer lacks, and the article names no town to place it in"
# a given span the gazetteer lacks ('Jamsil Stadium', 'University of Kent') is known to be a
# place: it goes to the town the text puts it in, as a street does, with this kind (the point
# is the town's) and its score scaled by WITHIN_SHARE
WITHIN_SHARE = 0.5
NO_BORDER = "no border data for that country"
# an amount written with a currency sign speaks, weakly, for the countries that write it:
# a town council's "$765,000" puts Mansfield in Texas rather than England. '$' is read as
# the large English-speaking dollar countries (features.CURRENCY_COUNTRIES); each gets half a
# named place's weight.
CURRENCY_WEIGHT = 0.5
# a caller's focus country (`parse(text, focus="GB")`) counts as much as one place of the
# article named there: it decides where the story is silent, never against what it says
FOCUS_WEIGHT = 1.0
# a country's adjective or people ('Egyptian pounds', 'French Lorraine', 'Czechs') names it as
# surely as a place there does, though no place: the story's Cairo is then Egypt's
DEMONYM_WEIGHT = 0.5
# a name whose reading the story's other places moved to another country than its own cues
# chose counts this much as context for them: the story's places are evidence for each
# other, not echoes of it ('Ministers from Washington, London and Paris met in Geneva': a
# Washington in the US would otherwise take Geneva to Illinois, then London to Ohio)
PULLED_WEIGHT = 0.5

Group = tuple[list[int], str, tuple[Reading, ...]]  # mentions sharing key, hint and container


def resolve(mentions: list[Mention], text: str, gaz: Gazetteer, *, floor: float = FLOOR,
            focus: str | None = None, given: bool = False,
            ) -> tuple[tuple[Place, ...], tuple[Unresolved, ...]]:
    """Resolve mentions in one article; returns (places, unresolved), both in text order.
    Names the gazetteer lacks (kind hint 'unknown') go straight to `unresolved`; streets
    and landmarks (hints 'street', 'within') go to their towns.

    `floor` is the lowest raw score accepted; spans given by a caller (gold spans) are known
    to be places, so `parse_spans` passes no floor and always gets the best candidate.
    `focus` (an ISO2 country code, checked by the caller) leans names to that country where
    the article does not say (`FOCUS_WEIGHT`); None leans nowhere. `given` says the mentions
    are spans given by a caller: one the gazetteer lacks is placed in its town (`WITHIN`)."""
    unknown = [m for m in mentions if m.kind_hint == UNKNOWN]
    streets = [m for m in mentions if m.kind_hint == STREET]
    landmarks = [m for m in mentions if m.kind_hint == WITHIN]
    mentions = [m for m in mentions if m.kind_hint not in (UNKNOWN, STREET, WITHIN)]
    mentions = [acronym_hint(gaz, m) for m in mentions]
    all_runs = list(runs(mentions, text))
    mentions = plural_hints(mentions, text, all_runs)
    named = [(i, m) for i, m in enumerate(mentions) if not m.border_of]
    cands = {i: candidates(gaz, m.key) for i, m in named}
    # pass 1: prominence and the text's own cues
    first = {i: own_readings(gaz, m.key, m.kind_hint, None)[1] for i, m in named if cands[i]}
    found = containers(mentions, text, first, gaz, unknown)
    mentions = namesake_units(gaz, mentions, found, first, all_runs)
    named = [(i, m) for i, m in enumerate(mentions) if not m.border_of]
    held = shared_containers(named, found)
    picks = {i: own_readings(gaz, m.key, m.kind_hint, held.get(i))[1] for i, m in named if cands[i]}
    groups = _groups(gaz, named, held)
    chosen, ctx = _context_rounds(gaz, text, mentions, cands, picks, groups, lists(all_runs), focus)
    far: set[int] | None = set() if given else None
    places, not_placed = _places(gaz, mentions, chosen, ctx, floor, far)
    places = _off_the_map(gaz, ctx, text, places, far or set())
    lost = strays(found)
    if lost:
        places = _in_holders(gaz, mentions, _with_namesakes(named, lost, held), places)
    # a name the gazetteer lacks that the text puts in a place ('Manzobe village (Irumu,
    # Ituri)') is placed there, as a lost 'X, Y' is
    held_unknown = {m: holder_after(m.end, text, places) for m in unknown}
    places += [_held_in(gaz, m, p) for m, p in held_unknown.items() if p]
    places, not_placed, waters = water_namesakes(mentions, places, not_placed)
    unresolved = [Unresolved(m.start, m.end, m.text, NOT_IN_GAZETTEER) for m in unknown
                  if not held_unknown[m]] + not_placed
    placed = list(places)  # streets and landmarks go to the towns the gazetteer placed
    _in_their_towns(gaz, ctx, text, placed, waters, streets, landmarks, places, unresolved)
    if given:  # 'University of Kent': the place inside the name, else the town the text names
        # ... and a street or landmark with no town to put it in: the unit or country it is about
        hosts = one_host_per_name({u: _host(gaz, ctx, u, text, placed) for u in unresolved
                                    if u.reason in (NOT_IN_GAZETTEER, NO_TOWN, NO_LANDMARK_TOWN)})
        places += [in_town(u, town, WITHIN, WITHIN_SHARE) for u, town in hosts.items() if town]
        unresolved = [u for u in unresolved if not hosts.get(u)]  # no town: still not in the gazetteer
    return (tuple(sorted(places, key=lambda p: p.start)),
            tuple(sorted(unresolved, key=lambda u: u.start)))


def _in_their_towns(gaz: Gazetteer, ctx: F.ArticleContext, text: str, placed: list[Place],
                    waters: list[tuple[Mention, Place | Unresolved]], streets: list[Mention],
                    landmarks: list[Mention], places: list[Place], unresolved: list[Unresolved]) -> None:
    """Waters, streets and landmarks the gazetteer lacks, placed in the towns of `placed`
    (appended to `places`), or to `unresolved` with the reason."""
    for m, namesake in waters:
        town = holder_after(m.end, text, placed) or town_of(m, text, placed)
        if town is not None:
            places.append(in_town(m, town, WITHIN, WITHIN_SHARE))
        elif isinstance(namesake, Place):
            places.append(namesake)
        else:
            unresolved.append(namesake)
    for m in streets:
        town = town_of(m, text, placed)
        if town is None:
            unresolved.append(Unresolved(m.start, m.end, m.text, NO_TOWN))
        else:
            places.append(in_town(m, town, STREET, m.confidence))
    for m in landmarks:
        town = _landmark_town(gaz, ctx, m, text, placed)
        if town is None:
            unresolved.append(Unresolved(m.start, m.end, m.text, NO_LANDMARK_TOWN))
        else:
            places.append(in_town(m, town, WITHIN, m.confidence))


def _off_the_map(gaz: Gazetteer, ctx: F.ArticleContext, text: str, places: list[Place],
                 far: set[int]) -> list[Place]:
    """The places, those starting at `far` (given spans read as hamlets off the story's map)
    moved to the place the story puts them in, where it names one."""
    if not far:
        return places
    near = [p for p in places if p.start not in far]
    out = []
    for p in places:
        host = _host(gaz, ctx, Unresolved(p.start, p.end, p.text, NOT_IN_GAZETTEER), text, near) \
            if p.start in far else None
        out.append(p if host is None else in_town(p, host, WITHIN, WITHIN_SHARE))
    return out


def _host(gaz: Gazetteer, ctx: F.ArticleContext, u: Unresolved, text: str,
          placed: list[Place]) -> Place | None:
    """Where a given span the gazetteer lacks lies: the place named inside it ('University of
    Kent', 'North Dallas'), else the town the text puts it in ('Jamsil Stadium in Seoul').
    (The place its name starts with is no surer than the town: 'Panama Canal' but 'Adler
    Planetarium', 'Griffith Park'.) With no town in the article, the unit or country it is
    about ('an Assenoncourt pond' in a story from France: France)."""
    return _inner(gaz, ctx, u, named_inside(u.text, gaz)) or town_of(u, text, placed) \
        or area_of_article(ctx, u, placed) or country_of_story(gaz, ctx, DEMONYM_WEIGHT)


def _landmark_town(gaz: Gazetteer, ctx: F.ArticleContext, m: Mention, text: str,
                   placed: list[Place]) -> Place | None:
    """The town of a landmark the gazetteer lacks: the place after it ('Tahrir Square in
    Cairo'), else the place its name starts with where that is a country or lies in the
    country of the town the text puts it in ('Panama Canal', 'Shanghai Tower'; not
    'Lubyanka Square' in a story from Moscow), else that town."""
    held = holder_after(m.end, text, placed)
    if held is not None:
        return held
    inner = _inner(gaz, ctx, m, m.key) if m.key in gaz.index else None
    town = town_of(m, text, placed)
    if inner is not None and (town is None or town.country == inner.country or inner.kind == "country"):
        return inner
    return town


def _inner(gaz: Gazetteer, ctx: F.ArticleContext, u: Mention | Unresolved, key: str | None) -> Place | None:
    """The place of `key`, named inside a given span the gazetteer lacks, read with the
    article's context as any of its names is; None for no key."""
    if key is None:
        return None
    own = own_readings(gaz, key, None, None)[0]
    near = iter(ctx.proximities(F.Targets([(key, near_units(gaz, key))])))
    ranked = sorted(context_scores(ctx, key, own, near), reverse=True)
    if not ranked:
        return None
    best, n = ranked[0]
    return gaz.place(n, u.start, u.end, gaz.names[n],
                     confidence(best, ranked[1][0] if len(ranked) > 1 else None, 1.0))


def _with_namesakes(named: list[tuple[int, Mention]], lost: dict[int, int],
                    held: dict[int, Area | None]) -> dict[int, int]:
    """`lost` with the other mentions of a lost name that share its container (one sense
    per name: a bare 'Pisky' after 'Pisky, Donetsk' is that one)."""
    out = dict(lost)
    by_key = {named_m.key: (held.get(i), lost[i]) for i, named_m in named if i in lost}
    for i, m in named:
        if i not in out and m.key in by_key and held.get(i) == by_key[m.key][0]:
            out[i] = by_key[m.key][1]
    return out


def _in_holders(gaz: Gazetteer, mentions: list[Mention], lost: dict[int, int], places: list[Place]) -> list[Place]:
    """The places with each lost X of 'X, Y' ('Pisky, Donetsk', no Pisky of Donetsk in the
    gazetteer) moved to the place of its Y, as `WITHIN`, or to the town of Y it is a spelling
    of; an X whose Y found no place keeps its own. Y before X, so that 'X, Y, Z' chains down."""
    by_start = {p.start: p for p in places}
    for i in sorted(lost, key=lambda i: -lost[i]):
        holder = by_start.get(mentions[lost[i]].start)
        m = mentions[i]
        if holder is not None and m.start in by_start:
            by_start[m.start] = _held_in(gaz, m, holder)
    return list(by_start.values())


def _held_in(gaz: Gazetteer, m: Mention, holder: Place) -> Place:
    """A name the gazetteer lacks where the text puts it: the holder's town it is a spelling
    of, else inside the holder."""
    return spelled_in(gaz, m, holder, WITHIN_SHARE) or in_town(m, holder, WITHIN, WITHIN_SHARE)


def _groups(gaz: Gazetteer, named: list[tuple[int, Mention]],
            held: dict[int, Area | None]) -> list[Group]:
    """One answer per name: the mentions that share key, hint and container, hence
    candidates and scores, with their readings."""
    members: dict[tuple, list[int]] = defaultdict(list)
    for i, m in named:
        members[(m.key, m.kind_hint, held.get(i))].append(i)
    return [(group, key, own_readings(gaz, key, hint, container)[0])
            for (key, hint, container), group in members.items()]


def _context_rounds(gaz: Gazetteer, text: str, mentions: list[Mention], cands: dict,
                    picks: dict[int, int], groups: list[Group], siblings: dict[int, tuple[int, ...]],
                    focus: str | None = None) -> tuple[dict[int, Choice], F.ArticleContext]:
    """Rounds with the other mentions' places as context (scores summed over a name's
    mentions). Each round lets names decided by context in the one before inform the rest
    (Henry County -> Paris, TN), until the picks stop changing. Updates `picks`; returns
    each mention's choice and the last round's context."""
    targets = F.Targets([(key, near_units(gaz, key)) for _, key, _ in groups])
    chosen: dict[int, Choice] = {}
    # (country, weight, whether the text names the country itself and so speaks for its capital)
    cues = tuple((c, CURRENCY_WEIGHT, False) for c in F.currency_countries(text))
    cues += tuple((c, DEMONYM_WEIGHT, True) for c in F.demonym_countries(text, gaz.demonyms, F.demonym_words_of(gaz)))
    if focus:
        cues += ((focus, FOCUS_WEIGHT, False),)
    own_picks = dict(picks)
    for _ in range(CONTEXT_ROUNDS):
        before = dict(picks)
        ctx = _context(gaz, mentions, cands, picks, cues, own_picks, focus)
        near = iter(ctx.proximities(targets))
        for members, key, own in groups:
            totals = context_scores(ctx, key, own, near)
            # 'Alberta, Manitoba, Ontario and New Brunswick': the country the rest lie in,
            # and their kind where they agree on one
            readings = {list_reading(gaz, siblings[i], picks) for i in members if i in siblings} - {None}
            if readings:
                totals = _with_list_bonus(gaz, totals, readings)
            ranked = sorted(totals, reverse=True)
            choice = Choice(ranked[0][1] if ranked else -1, tuple((n, s) for s, n in ranked[:6]))
            for i in members:
                chosen[i] = choice
                if ranked:
                    picks[i] = ranked[0][1]
        if picks == before:
            break  # a fixed point: another round would see the same context and agree
    return chosen, ctx


def _with_list_bonus(gaz: Gazetteer, totals: list[tuple[float, int]],
                     readings: set) -> list[tuple[float, int]]:
    """`totals` with the list weight added to the entries that fit a list's reading:
    (country, kind), or (country, None) where the members' kinds disagree."""
    kinds = gaz.kinds
    return [(t + WEIGHTS["list"], n) if kinds[n] not in COUNTRY_OR_CONTINENT and (
        (gaz.countries[n], None) in readings or (gaz.countries[n], kinds[n]) in readings)
        else (t, n) for t, n in totals]


def _places(gaz: Gazetteer, mentions: list[Mention], chosen: dict[int, Choice],
            ctx: F.ArticleContext, floor: float, far: set[int] | None = None) -> tuple[list[Place], list[Unresolved]]:
    """Each mention's choice as a Place, or as an Unresolved with the reason."""
    places: list[Place] = []
    unresolved: list[Unresolved] = []
    # a pick's runners-up as candidates, built once for all mentions that share them
    described: dict[tuple, tuple[Candidate, ...]] = {}
    for i, m in enumerate(mentions):
        if m.border_of:
            p = border_place(gaz, m, ctx)
            if p is None:
                unresolved.append(Unresolved(m.start, m.end, m.text, NO_BORDER))
            else:
                places.append(p)
            continue
        n, ranked = chosen.get(i, NO_CHOICE)
        if n < 0 or not ranked:
            unresolved.append(Unresolved(m.start, m.end, m.text, NOT_IN_GAZETTEER))
            continue
        best = ranked[0][1]
        unique_long_name = len(ranked) == 1 and " " in m.key  # 'Freedom Square in Kharkiv'
        if best < floor and not unique_long_name:
            unresolved.append(Unresolved(m.start, m.end, m.text,
                                         f"best candidate {gaz.names[n]} ({gaz.countries[n]}) "
                                         f"scored {best:.2f} < {floor}"))
            continue
        if floor > float("-inf") and is_stray(gaz, ctx, m, n):
            unresolved.append(Unresolved(m.start, m.end, m.text, STRAY))
            continue
        if far is not None and is_stray(gaz, ctx, m, n, given=True):
            # a given span whose best reading is a hamlet off the story's map names a place
            # the gazetteer lacks: `resolve` places it in its town ('Clifton Hill' in Niagara
            # Falls), if the story names one
            far.add(m.start)
        conf = confidence(best, ranked[1][1] if len(ranked) > 1 else None, m.confidence)
        lat, lon = snap_line(gaz, n, i, mentions, chosen)
        alts = described.get(ranked)
        if alts is None:
            alts = described[ranked] = tuple(gaz.candidate(a, round(s, 3))
                                             for a, s in ranked[1:1 + ALTERNATIVES])
        places.append(gaz.place(n, m.start, m.end, m.text, conf, at=(lat, lon), alternatives=alts))
    return places, unresolved


def _context(gaz: Gazetteer, mentions: list[Mention], cands: dict, picks: dict[int, int],
             cues: tuple[tuple[str, float, bool], ...], own_picks: dict[int, int],
             focus: str | None) -> F.ArticleContext:
    """What the mentions' current `picks` and the country `cues` say of the article; a pick
    in another country than the mention's `own_picks` (its own cues' reading) counts
    PULLED_WEIGHT. The caller's `focus` is kept so that its say is never discounted."""
    ctx = F.ArticleContext(focus=focus or "")
    for country, weight, named in cues:  # countries without a place: signs, adjectives, the focus
        ctx.add_country_cue(country, weight, "")
        if named:  # no mention's key: it speaks for the capital whichever name is scored
            ctx.named_countries.setdefault(country, set()).add("")
    for i, n in picks.items():
        m = mentions[i]
        weight = m.confidence * (UNAMBIGUOUS_WEIGHT if len(cands[i]) == 1 else 1.0)
        own = own_picks.get(i, n)
        if own != n and gaz.countries[own] != gaz.countries[n]:
            weight *= PULLED_WEIGHT
        ctx.add(gaz.countries[n], gaz.admin1s[n], gaz.lats[n], gaz.lons[n], weight, m.key, gaz.kinds[n])
    return ctx
