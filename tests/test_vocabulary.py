"""The shared vocabulary is consistent: every kind it names is a gazetteer kind, every kind
word's hint has kinds it fits, and the plural kind words lead back to singular ones."""
from geo import vocabulary as V


def test_every_kind_set_names_gazetteer_kinds_only():
    sets = {"COUNTRY_OR_CONTINENT": V.COUNTRY_OR_CONTINENT, "AREA_KINDS": V.AREA_KINDS,
            "FAR_KINDS": V.FAR_KINDS, "BROAD_AREAS": V.BROAD_AREAS, "TOWN_KINDS": V.TOWN_KINDS,
            "SETTLEMENT_KINDS": V.SETTLEMENT_KINDS, "ADMIN_KINDS": V.ADMIN_KINDS,
            # events' kinds may also be the hints a place is reported with (a street, a border) or
            # the kind of a place put in its town (within)
            "PRECISE_KINDS": V.PRECISE_KINDS - {V.STREET},
            "SPECIFICITY": set(V.SPECIFICITY) - {V.STREET, V.BORDER, V.WITHIN},
            **{f"HINT_KINDS[{h!r}]": kinds for h, kinds in V.HINT_KINDS.items()}}
    assert {name: s - V.KINDS for name, s in sets.items() if s - V.KINDS} == {}


def test_far_kinds_are_the_areas_but_counties():
    """Resolution's 'too large for proximity' and events' 'an area' are one set: the areas
    without admin2 (a county is small enough for closeness to mean something)."""
    assert V.FAR_KINDS == V.AREA_KINDS - {"admin2"} and "admin2" in V.AREA_KINDS


def test_every_kind_word_gives_a_hint_with_kinds_it_fits():
    assert set(V.KIND_WORDS.values()) - set(V.HINT_KINDS) == set()


def test_plural_kind_words_lead_back_to_singular_ones():
    assert {"counties": "county", "provinces": "province", "lakes": "lake",
            "parishes": "parish"}.items() <= V.PLURAL_KIND_WORDS.items()
    assert set(V.PLURAL_KIND_WORDS.values()) <= set(V.KIND_WORDS)


def test_hint_names_are_distinct_from_each_other():
    assert len({V.STREET, V.UNKNOWN, V.BORDER}) == 3


def test_an_events_place_is_precise_or_far_never_both_and_every_kind_has_a_specificity():
    assert V.PRECISE_KINDS & V.FAR_KINDS == frozenset()
    assert V.KINDS - set(V.SPECIFICITY) <= {"mountain"}, "a kind without a specificity counts 2"
    assert max(V.SPECIFICITY.values()) == 5 and V.SPECIFICITY["continent"] == 0
