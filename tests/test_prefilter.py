"""The literal prefilter and the name index: fast paths that must never change an answer."""
from __future__ import annotations

import re
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.events import cues as event_cues
from geo.events import taxonomy
from geo.events import triggers as event_triggers
from geo.events.dates import STRATEGY_REGEXES
from geo.gazetteer.nameindex import NameIndex
from geo.text.prefilter import Prefilter, matches_at, non_ascii, offsets, required_literals


def test_required_literals_of_typical_trigger_patterns():
    assert required_literals(re.compile(r"\b(shell(ing|ed)?|artillery)\b")) == {
        "shell", "shelling", "shelled", "artillery"}
    # a rare required group beats the common words before it
    rx = re.compile(r"\b(government|state)\b(\W+\w+){0,8}?\W+(?P<t>seized|captured)\b")
    assert required_literals(rx) == {"seized", "captured"}
    # optional parts and small classes expand; lookarounds consume nothing
    grenade = required_literals(re.compile(r"\b(?<!propelled )(hand[- ])?grenades?\b"))
    assert "grenade" in grenade and all("grenade" in s for s in grenade)
    assert required_literals(re.compile(r"\bneutrali[sz]ed\b")) == {"neutralised", "neutralized"}


def test_patterns_without_useful_literals_are_always_run():
    assert required_literals(re.compile(r"\w+ \d+")) is None
    assert required_literals(re.compile(r"\bof\b")) is None  # too short to filter anything
    assert required_literals(re.compile("kyiv", re.I)) is None
    pf = Prefilter([re.compile(r"\d+ killed"), re.compile(r"\w+ \d+")])
    assert pf.possible("nothing here") == {1}
    assert pf.possible("3 killed in kharkiv") == {0, 1}


TEXTS = [
    "russian forces shelled kharkiv overnight, killing 3 civilians, officials said.",
    "protesters clashed with riot police in minsk after the vote.",
    "the government said the army had recaptured the town and seized weapons.",
    "a hand-grenade was thrown; talks in geneva resumed on friday.",
    "at least 12 people were killed and the death toll rose to 40, leaving 3 dead.",
    "nothing happened here at all.",
]


def test_the_events_prefilter_keeps_every_pattern_that_matches():
    regexes = [*STRATEGY_REGEXES, *(p.trigger for k in taxonomy.load() for p in k.patterns),
               *event_cues.TOLL_PATTERNS]
    pf = event_triggers.prefilter()
    for text in TEXTS:
        matching = {i for i, rx in enumerate(regexes) if rx.search(text)}
        assert matching <= pf.possible(text), text
    assert len(pf.possible(TEXTS[-1])) < len(regexes) // 4  # and it does filter


def test_anchored_patterns_are_found_where_their_literals_start():
    pf = event_triggers.prefilter()
    regexes = [*STRATEGY_REGEXES, *(p.trigger for k in taxonomy.load() for p in k.patterns),
               *event_cues.TOLL_PATTERNS]
    assert pf.anchored and len(pf.anchored) < len(regexes)
    for text in TEXTS + ["on 3 march 2021 and march 4, yesterday and 12 days ago, last friday"]:
        hits = pf.hits(text)
        for i in pf.anchored & set(hits):
            assert [m.span() for m in matches_at(regexes[i], text, hits[i])] == \
                [m.span() for m in regexes[i].finditer(text)], (regexes[i].pattern, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["shell", "ed", "artillery", "hand", "-", " ", "grenade", "s", "x",
                                 "seized", "state", "9", "."]), max_size=12))
def test_prefilter_is_a_superset_on_generated_texts(parts):
    regexes = [re.compile(r"\b(shell(ing|ed)?|artillery)\b"),
               re.compile(r"\b(?<!propelled )(hand[- ])?grenades?\b"),
               re.compile(r"\b(government|state)\b(\W+\w+){0,8}?\W+(?P<t>seized|captured)\b"),
               re.compile(r"\d+")]
    text = "".join(parts)
    matching = {i for i, rx in enumerate(regexes) if rx.search(text)}
    assert matching <= Prefilter(regexes).possible(text)


def _index(slots: dict[str, int], zipf: dict[str, float] | None = None) -> NameIndex:
    return NameIndex.from_parts(NameIndex.build(slots, zipf or {}))


def test_name_index_answers_like_a_dict():
    slots = {"kyiv": 5, "new york": 9, "new": 3, "newark": 4, "zurich": 7}
    idx = _index(slots, {"new": 5.9})
    for key, slot in slots.items():
        assert key in idx and idx.get(key) == slot
    for key in ("ky", "kyivv", "new yor", "", "zzz"):
        assert key not in idx and idx.get(key) is None and idx.get(key, -1) == -1
    assert len(idx) == 5 and sorted(idx) == sorted(slots) and dict(idx.items()) == slots
    assert idx.zipf("new") == 5.9 and idx.zipf("kyiv") == 0.0 and idx.zipf("nowhere") == 0.0
    assert idx.has_prefix("new ") and not idx.has_prefix("kyiv ") and not idx.has_prefix("york")
    assert isinstance(idx._slots, array)
    # the recogniser's two questions about a first word, asked at once
    assert idx.first_word("new") == (True, True) and idx.first_word("kyiv") == (True, False)
    assert idx.first_word("york") == (False, False) and idx.first_word("zurich") == (True, False)
    assert idx.first_word("zzz") == (False, False) and idx.first_word("ne") == (False, False)


def test_first_word_finds_longer_keys_past_a_control_character():
    """Keys with a character below the space after the word sort between 'new' and 'new …'."""
    idx = _index({"new": 1, "new\tx": 2, "new york": 3, "san\u0001": 4, "san jose": 5, "sanaa": 6})
    assert idx.first_word("new") == (True, True) and idx.first_word("san") == (False, True)
    assert idx.first_word("sanaa") == (True, False) and idx.first_word("york") == (False, False)


def test_empty_name_index():
    idx = _index({})
    assert "kyiv" not in idx and len(idx) == 0 and not idx.has_prefix("a")
    assert idx.first_word("kyiv") == (False, False)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab.!\n ", max_size=40), st.lists(st.sampled_from(["a", ".", "ab", "b.", "\n"]),
                                                             min_size=1, max_size=3))
def test_offsets_are_every_start_of_every_needle(text, needles):
    expected = sorted(i for n in needles for i in range(len(text)) if text.startswith(n, i))
    assert offsets(text, needles) == expected


def test_the_literal_table_is_kept_in_the_cache_folder_and_a_bad_file_is_rebuilt(tmp_path):
    from geo.text.prefilter import literal_table

    regexes = [re.compile(r"\b(shell(ing|ed)?|artillery)\b"), re.compile(r"\w+ \d+"),
               re.compile(r"\bmarch(ed|es)?\b")]
    fresh = literal_table(regexes)
    assert literal_table(regexes, tmp_path) == fresh
    [kept] = list(tmp_path.glob("prefilter-*.json"))
    assert literal_table(regexes, tmp_path) == fresh  # read back from the file
    kept.write_text("{not json", encoding="utf-8")
    assert literal_table(regexes, tmp_path) == fresh  # rebuilt, and written whole again
    assert literal_table(regexes[:2], tmp_path) == fresh[:2]  # other patterns, another file
    assert len(list(tmp_path.glob("prefilter-*.json"))) == 2


@pytest.mark.parametrize("text", ["", "plain", "“on 5 march” – ٣ days", "Zürich 😀", "lone \ud800 \udc00 surrogates"])
def test_non_ascii_keeps_the_characters_outside_ascii(text):
    assert non_ascii(text) == "".join(re.findall(r"[^\x00-\x7f]", text))
