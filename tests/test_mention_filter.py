"""The learned mention filter: the shipped model loads offline, and on made-up sentences it
refuses names the rules took for places (a person, a team, a family) and keeps the places."""
import json

import pytest

from geo.recognize import mention_filter as mf
from geo.recognize.mentions import find_mentions
from geo.recognize.tokens import Scan


def texts(text, gaz, learned=True):
    return [m.text for m in find_mentions(text, gaz, learned=learned)]


def test_shipped_model_loads_offline(no_network):
    mf.load.cache_clear()
    model = mf.load()
    assert len(model.weights) == mf.BUCKETS
    assert 0.0 < model.threshold < 1.0


def test_model_file_is_small_and_has_its_note():
    size = mf.MODEL_PATH.stat().st_size
    assert size <= 100 * 1024
    note = json.loads(mf.MODEL_PATH.with_suffix(".json").read_text(encoding="utf-8"))
    assert note["bytes"] == size  # the note describes this very file
    assert {c["half"] for c in note["trained_on"].values()} == {"read"}
    assert note["buckets"] == mf.BUCKETS and note["threshold"] == mf.load().threshold


# (made-up sentence, what the rules alone report, what the filter keeps) — the rules' own
# checks miss these: a surname no title or given name announces, a team, a family
REFUSED = [
    ("Reporters met Victoria Beckham at the gala.", ["Victoria"], []),
    ("The Phoenix Suns lost to Denver.", ["Phoenix", "Denver"], ["Denver"]),
    ("The Jackson family moved to a farm near Salem.", ["Jackson", "Salem"], ["Salem"]),
]


@pytest.mark.parametrize("text, rules, learned", REFUSED)
def test_refuses_what_is_no_place_here(full_gaz, text, rules, learned):
    assert texts(text, full_gaz, learned=False) == rules
    assert texts(text, full_gaz) == learned


@pytest.mark.parametrize("text, expected", [
    ("Kenya and Uganda signed a trade deal in Nairobi.", ["Kenya", "Uganda", "Nairobi"]),
    ("The fire spread from Bristol to Bath overnight.", ["Bristol", "Bath"]),
    ("Officials in Lagos said the market would reopen.", ["Lagos"]),
    ("The Dallas choir will travel to New York in March.", ["Dallas", "New York"]),
])
def test_keeps_places(full_gaz, text, expected):
    assert texts(text, full_gaz) == expected


def test_features_fill_every_named_slot_in_order(full_gaz):
    scan = Scan(full_gaz, "Floods reached Lagos, Nigeria on Monday.")
    i = scan.toks.key.index("lagos")
    feats = mf.features(scan, i, i + 1, i + 1, "lagos", None, 0.8, variant=False, inner=False,
                        seen=mf.Seen(2, True))
    slots = dict(feats)
    assert slots[mf.DENSE.index("conf")] == 0.8
    assert slots[mf.DENSE.index("next_to_place")] == 1.0
    assert mf.DENSE.index("locative") not in slots  # "reached" is no preposition
    assert all(0 <= s < mf.BUCKETS for s in slots)
    hashed = [s for s in slots if s >= len(mf.DENSE)]
    assert len(hashed) == 8  # kind, hint, words and gaps beside it, kind|previous, the word


def test_hashing_does_not_depend_on_pythons_salted_hash():
    # crc32: the same slot in every process, so a model trained in one serves all others
    assert mf._hashed("prev=in") == len(mf.DENSE) + 451825296 % (mf.BUCKETS - len(mf.DENSE))
