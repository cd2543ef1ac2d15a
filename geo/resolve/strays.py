"""Resolver, strays: a reading that is no answer because nothing in the story leads to it.

A small town in a country none of the story's other places lies in, named without a place
cue, is more likely a word or another place's name than news from there (`is_stray`).
"""
from __future__ import annotations

from geo.gazetteer.index import Gazetteer
from geo.records import Mention
from geo.resolve import features as F
from geo.resolve.candidates import candidates
from geo.text.normalize import LONG_FORMS

# a small town or unit (prior under STRAY_MAX_PRIOR), named without a cue that lifts its confidence
# to STRAY_MAX_CONFIDENCE, in a country none of the story's other places (at least
# STRAY_MIN_OTHERS of them, by weight) lies in, is no answer in running text
STRAY_MAX_PRIOR = 0.85
STRAY_MAX_CONFIDENCE = 0.9
STRAY_MIN_OTHERS = 3.0
STRAY = "a small town or unit far from every other place the story names"
# a given span (known to be a place) whose best reading is such a stray under this prior is
# taken for a place the gazetteer lacks, and placed in the town the story puts it in
GIVEN_STRAY_MAX_PRIOR = 0.7


def is_stray(gaz: Gazetteer, ctx: F.ArticleContext, m: Mention, n: int, given: bool = False) -> bool:
    """Is entry `n` a small town or unit in a country no other place of the story lies in,
    for a name the text gives no place cue ('Casa del Jazz' in a story from Rome is no Chas,
    India)? Such a name is more likely a word or a name than news from there (a country's
    capital, or the unit named after it, is not: news names it from afar); so is, however
    big the city, one read only by another of its names ('Dining', once Jining). Of a `given`
    span, known to be a place, only a smaller one, whatever its cues (GIVEN_STRAY_MAX_PRIOR),
    or one read by a spelling variant, whatever its size."""
    if gaz.kinds[n] not in ("city", "admin2", "admin1") or m.kind_hint:
        return False
    others = ctx.total - ctx.own_total.get(m.key, 0.0)
    if others < STRAY_MIN_OTHERS or ctx.country_share(gaz.countries[n], m.key) != 0.0:
        return False
    # a given span read by a spelling variant ('Tamperre' as Tampere) is no surer for its size
    big = gaz.priors[n] >= (GIVEN_STRAY_MAX_PRIOR if given else STRAY_MAX_PRIOR) and not (given and m.fuzzy)
    # ... nor a country's capital, however small, nor the unit of its name ('talks in
    # Nicosia' beside three US towns; 'Bissau', whose region outranks the town)
    big = big or any(gaz.capitals.get(c.entry) == gaz.countries[n] for c in candidates(gaz, m.key))
    if big or (not given and m.confidence >= STRAY_MAX_CONFIDENCE):
        # in running text, a city reached only by an alias is no surer for its size or prominence
        # ... but an abbreviated saint or mount ('St. Gallen' for Sankt Gallen) is the name as written
        return not given and not any(c.primary for c in candidates(gaz, m.key) if c.entry == n) \
            and m.key.split(" ", 1)[0] not in LONG_FORMS
    return True
