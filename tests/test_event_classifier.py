"""The learned event classifier: the shipped model, its export round trip, and `combine`."""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from geo.errors import ConfigurationError, GeoError
from geo.events import classifier as ec
from geo.events import combination as cb
from geo.events import taxonomy
from geo.records import Event, Evidence, Place

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


train = _script("train_event_classifier")


def test_shipped_model_loads_offline_with_taxonomy_labels(no_network):
    ec.load.cache_clear()
    model = ec.load()
    assert ec.classify("Rebels shelled the airport.", model=model)
    known = {(k.type, k.subtype) for k in taxonomy.load()}
    assert model.labels and set(model.labels) <= known
    assert len(set(model.labels)) == len(model.labels)
    assert set(model.types) >= set(taxonomy.ACLED_TYPES)


def test_model_file_is_small_and_has_its_note():
    assert ec.MODEL.stat().st_size <= 25 * 1024 * 1024
    note = json.loads(ec.MODEL.with_suffix(".json").read_text(encoding="utf-8"))
    assert note["bytes"] == ec.MODEL.stat().st_size  # the note describes this very file
    assert {s["half"] for s in note["sets"].values()} == {"read"}


@pytest.mark.parametrize("text, type_, subtype", [
    ("Warplanes of the coalition bombed a rebel camp outside the town on Monday, the air force said.",
     "Explosions/Remote violence", "Air/drone strike"),
    ("Hundreds of teachers marched peacefully to the ministry on Friday to demand higher pay.",
     "Protests", "Peaceful protest"),
    ("Police arrested the opposition leader at his home in the capital and took him to a station.",
     "Strategic developments", "Arrests"),
    ("Soldiers and militants exchanged fire for two hours near the border post; three fighters died.",
     "Battles", "Armed clash"),
])
def test_obvious_made_up_reports(text, type_, subtype):
    best = ec.classify(text)[0]
    assert (best.type, best.subtype) == (type_, subtype), ec.classify(text)[:3]


def test_probabilities_leave_none_of_these_its_share_and_types_sum_their_subtypes():
    guesses = ec.classify("A roadside bomb exploded as a patrol passed the market.")
    total = sum(g.probability for g in guesses)
    assert 0.0 < total <= 1.0 + 1e-6  # 1, less a "none of these" share if the model has one (Model.none)
    assert [g.probability for g in guesses] == sorted((g.probability for g in guesses), reverse=True)
    by_type = ec.type_probabilities(guesses)
    assert abs(sum(by_type.values()) - total) < 1e-5
    assert ec.classify("") and ec.classify("...")  # no tokens: the bias alone, never a crash


def test_hashing_does_not_depend_on_pythons_salted_hash():
    code = ("from geo.events.classifier import hashed_features as h; "
            "i, v = h('Rebels shelled the airport at dawn.', 1 << 16); print(list(i), list(v))")
    outs = {subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}, check=True).stdout
            for seed in ("1", "2")}
    assert len(outs) == 1
    idx, _ = ec.hashed_features("Rebels shelled the airport at dawn.", 1 << 16)
    assert outs.pop().startswith(str(list(idx)))


@pytest.mark.parametrize("text, masked", [
    ("On 3 May, Kandor troops shelled Dorva.", "On 3 qname, qname troops shelled qname."),
    ("Police arrested two men. Troops withdrew from the ZRF base.",  # a sentence's first word stays
     "Police arrested two men. Troops withdrew from the qname base."),
    ('"Rebels fired first," the army said.\nSoldiers of the (Kandor) army',
     '"Rebels fired first," the army said.\nSoldiers of the (Kandor) army'),
    ("no names at all", "no names at all"),
])
def test_names_inside_a_sentence_are_read_alike(text, masked):
    assert ec.masked_names(text) == masked


def test_a_report_reads_the_same_whatever_the_names():
    # who and where are not what happened: the shipped model sees no difference between places
    model = ec.load()
    assert model.names
    one = ec.probabilities("Militants of the Dorva Front ambushed an army patrol near Kandor.", model)
    two = ec.probabilities("Militants of the Ostrava Brigade ambushed an army patrol near Lumbe.", model)
    assert np.array_equal(one, two)


def test_split_is_the_scorers_split():
    scorer = SHARED / "eval" / "score_events.py"
    if not scorer.exists():
        message = f"the event scorer is not under {SHARED} (it ships beside the repo)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    spec = importlib.util.spec_from_file_location("score_events", scorer)
    score_events = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score_events)
    with_country = [{"id": f"x:{i}", "country": c} for i, c in enumerate(
        ["Chad", "Peru", "Nepal", "Fiji", "Oman", "Mali", "Laos", "Cuba", "Iran", "Togo"] * 3)]
    by_id = [{"id": f"snippet:{i}"} for i in range(60)]
    mixed = with_country[:5] + by_id[:5]  # not every record has a country: split by id
    for docs in (with_country, by_id, mixed):
        marks = train.in_read_half(docs)
        assert [d for d, r in zip(docs, marks, strict=True) if r] == score_events.half_of(docs, "read")
        assert [d for d, r in zip(docs, marks, strict=True) if not r] == score_events.half_of(docs, "check")
        assert 0 < sum(marks) < len(docs)


TINY = [
    ("Jets bombed the hills north of the city", "Explosions/Remote violence", "Air/drone strike"),
    ("A drone strike hit a convoy on the highway", "Explosions/Remote violence", "Air/drone strike"),
    ("Aircraft struck a depot before dawn", "Explosions/Remote violence", "Air/drone strike"),
    ("Nurses rallied outside the hospital over wages", "Protests", "Peaceful protest"),
    ("Students held a peaceful sit-in at the university", "Protests", "Peaceful protest"),
    ("Farmers marched with banners to the parliament", "Protests", "Peaceful protest"),
    ("Police detained a journalist at the airport", "Strategic developments", "Arrests"),
    ("Officers arrested two councillors for bribery", "Strategic developments", "Arrests"),
    ("The suspect was taken into custody on Sunday", "Strategic developments", "Arrests"),
]


@pytest.mark.parametrize("dtype, tolerance", [(np.float32, 1e-5), (np.float16, 2e-2)])
def test_training_and_export_round_trip(tmp_path, dtype, tolerance):
    texts = [t for t, _, _ in TINY]
    labels = [(ty, sub) for _, ty, sub in TINY]
    model, clf, x = train.fit(texts, labels, buckets=1 << 12, learner="lr", C=10.0)
    path = tmp_path / "tiny.npz"
    train.export(model, path, dtype=dtype)
    loaded = ec.load(path)
    assert loaded.labels == tuple(sorted(set(labels)))
    sk = clf.decision_function(x)
    ours = np.array([ec.decision(t, loaded) for t in texts])
    assert np.abs(ours - sk).max() < tolerance
    assert (ours.argmax(axis=1) == clf.predict(x)).all()
    probs = clf.predict_proba(x)
    for t, p in zip(texts, probs, strict=True):
        best = ec.classify(t, model=loaded)[0]
        assert (best.type, best.subtype) == model.labels[int(p.argmax())]
        assert abs(best.probability - p.max()) < 10 * tolerance


def test_two_classes_export_as_a_softmax_pair(tmp_path):
    texts = [t for t, _, _ in TINY[:6]]
    labels = [(ty, sub) for _, ty, sub in TINY[:6]]
    model, clf, x = train.fit(texts, labels, buckets=1 << 12, learner="lr", C=10.0)
    train.export(model, tmp_path / "two.npz", dtype=np.float32)
    loaded = ec.load(tmp_path / "two.npz")
    p_ours = np.array([[g.probability for g in sorted(ec.classify(t, model=loaded),
                                                       key=lambda g: loaded.labels.index((g.type, g.subtype)))]
                       for t in texts])
    assert np.allclose(p_ours, clf.predict_proba(x), atol=1e-5)


def test_svm_export_is_its_scores_times_the_temperature_beside_none_of_these(tmp_path):
    texts = [t for t, _, _ in TINY]
    labels = [(ty, sub) for _, ty, sub in TINY]
    model, clf, x = train.fit(texts, labels, buckets=1 << 12, learner="svm", C=1.0, none=-0.3)
    train.export(model, tmp_path / "svm.npz", dtype=np.float32)
    loaded = ec.load(tmp_path / "svm.npz")
    t = clf.temperature_
    assert t > 0 and loaded.none == pytest.approx(-0.3 * t)
    ours = np.array([ec.decision(text, loaded) for text in texts])
    assert np.abs(ours - clf.decision_function(x) * t).max() < 1e-4
    for z, text in zip(ours, texts, strict=True):
        e = np.exp(np.append(z, loaded.none))
        assert np.allclose(ec.probabilities(text, loaded), e[:-1] / e.sum(), atol=1e-6)
    # a text no class's SVM claims leaves most to none of these
    empty = ec.probabilities("", loaded)
    assert empty.sum() < 1.0


def test_a_missing_or_foreign_model_says_how_to_rebuild(tmp_path):
    with pytest.raises(ConfigurationError, match="train_event_classifier"):
        ec.load(tmp_path / "absent.npz")
    np.savez(tmp_path / "old.npz", format=np.array(ec.FORMAT + 1))
    with pytest.raises(GeoError, match="rebuild"):
        ec.load(tmp_path / "old.npz")


def _event(sentence: str, type_: str, subtype: str, score: float = 0.5) -> Event:
    return Event(type=type_, subtype=subtype, date=dt.date(2023, 4, 2), date_precision="day",
                 place="Riverton", place_id="gn:1", lat=10.0, lon=20.0, country="XX", geo_precision=1,
                 fatalities=2, actors=("rebels",), trigger="hit", sentence=sentence, start=0,
                 end=len(sentence), score=score, evidence=(Evidence(0, len(sentence), sentence, "hit"),))


AIRSTRIKE = "Fighter jets bombed rebel positions in the hills, an air force spokesman said."


def test_combine_retypes_a_doubtful_primary_and_keeps_its_place_date_and_toll():
    wrong = _event(AIRSTRIKE, "Protests", "Peaceful protest")
    out = cb.combine(AIRSTRIKE, (wrong,), [], dt.date(2023, 4, 3))
    assert (out[0].type, out[0].subtype) == ("Explosions/Remote violence", "Air/drone strike")
    assert (out[0].place, out[0].date, out[0].fatalities, out[0].trigger) == (
        "Riverton", dt.date(2023, 4, 2), 2, "hit")


def test_combine_leaves_agreeing_or_unknown_types_and_lesser_events_alone():
    right = _event(AIRSTRIKE, "Explosions/Remote violence", "Air/drone strike")
    assert cb.combine(AIRSTRIKE, (right,), [], None) == (right,)
    sanctions = _event(AIRSTRIKE, "Sanctions", "Sanctions and embargoes")  # a type the model lacks
    assert cb.combine(AIRSTRIKE, (sanctions,), [], None) == (sanctions,)
    lesser = _event(AIRSTRIKE, "Protests", "Peaceful protest", score=0.1)
    out = cb.combine(AIRSTRIKE, (right, lesser), [], None)
    assert out[1] is lesser  # only the primary event is the classifier's business


@pytest.mark.parametrize("sentence", [
    "Demonstrators clashed with riot police outside the parliament in Lima on Friday.",
    "Hundreds of protesters clashed with security forces near the port, and two were killed.",
])
def test_a_crowds_event_is_never_retyped_as_a_battle(sentence):
    """'clashed with' pulls the model to Battles; the crowd the sentence names keeps it a
    protest or a riot (the model may still choose between those two)."""
    for rule_type, subtype in (("Protests", "Excessive force against protesters"),
                               ("Riots", "Violent demonstration")):
        out = cb.combine(sentence, (_event(sentence, rule_type, subtype),), [], None)
        assert out[0].type in cb.CROWD_TYPES


def test_combine_adds_a_confident_event_the_rules_missed_with_the_sentence_place():
    text = "Fighter jets bombed rebel positions near Riverton on 2 April 2023."
    start = text.index("Riverton")
    town = Place(start, start + 8, "Riverton", "Riverton", 10.0, 20.0, "XX", "North", "city", "gn:1",
                 1, 0.9)
    (event,) = cb.combine(text, (), [town], dt.date(2023, 4, 3), policy=cb.Policy(add=0.3, short_add=0.3))
    # placed as the rules place an event: 'near Riverton' is ACLED's geo precision 2
    assert (event.type, event.place, event.date, event.geo_precision) == (
        "Explosions/Remote violence", "Riverton", dt.date(2023, 4, 2), 2)
    assert text[event.start:event.end] == event.sentence
    assert cb.combine(text, (), [town], None, policy=cb.Policy(add=1.01, short_add=1.01)) == ()


def test_an_added_event_is_placed_as_the_rules_place_one():
    """Not the sentence's first town: where its locative puts the event ('from Dorva' is where
    the jets came from), a country only when no other place is named."""
    text = "Fighter jets from Dorva bombed rebel positions in Kandor, Lanark on 2 April 2023."

    def town(name, kind, country):
        start = text.index(name)
        return Place(start, start + len(name), name, name, 10.0, 20.0, country, "North", kind,
                     f"t:{name}", None, 0.9)

    places = [town("Dorva", "city", "XX"), town("Kandor", "city", "XX"), town("Lanark", "country", "XX")]
    (event,) = cb.combine(text, (), places, None, policy=cb.Policy(add=0.3, short_add=0.3))
    assert (event.place, event.geo_precision) == ("Kandor", 1)


@pytest.mark.parametrize("text", [
    "The city council approved a budget for two new parks and a library on Tuesday.",
    "The home team won the final 3-1 after a late goal from their captain.",
    "Shares of the carmaker rose four percent after it reported record quarterly sales.",
])
def test_combine_adds_nothing_to_news_without_an_event(text):
    assert cb.combine(text, (), [], dt.date(2023, 4, 3)) == ()


def test_combine_reads_the_next_sentence_and_takes_the_callers_sentences():
    lead = "Fighter jets struck the area on Monday."
    text = lead + " They bombed rebel positions in the hills, an air force spokesman said."
    doubtful = _event(lead, "Protests", "Peaceful protest")
    policy = cb.Policy(context=2, short=0, long=True)
    out = cb.combine(text, (doubtful,), [], None, policy=policy)
    assert out[0].type == "Explosions/Remote violence"
    from geo.text.sentences import split
    assert cb.combine(text, (doubtful,), [], None, policy=policy, sentences=split(text)) == out
    window = cb._window(text, split(text), 0, 2)
    assert window == text and cb._window(text, split(text), 0, 1) == lead


# (sentence the model reads as another type, the rules' reading, the type it must never become)
RULE_STANDS_CASES = [
    ("Gunmen shot and killed two farmers in their field on Sunday.", ("Battles", "Armed clash"),
     "Violence against civilians"),
    ("A roadside bomb exploded near the market, killing four people.",
     ("Strategic developments", "Disrupted weapons use"), "Explosions/Remote violence"),
    ("Thousands marched peacefully through the city centre on Saturday.", ("Riots", "Violent demonstration"),
     "Protests"),
    ("A bomb exploded at a busy bus station, killing four people.",
     ("Disasters", "Accident or industrial disaster"), "Explosions/Remote violence"),
]


@pytest.mark.parametrize("sentence,rule,never", RULE_STANDS_CASES, ids=[c[2] for c in RULE_STANDS_CASES])
def test_the_rules_reading_of_how_it_happened_stands(sentence, rule, never):
    """ACLED codes by how it happened; the model leans on who is named. Even a model trusted
    at any confidence (retype 0) never turns these rule readings into `never`."""
    assert next(iter(ec.type_probabilities(ec.classify(sentence)))) == never  # the model's own reading
    trusting = cb.Policy(retype=0.0, short_retype=0.0, doubt=1.0)
    out = cb.combine(sentence, (_event(sentence, *rule),), [], None, policy=trusting)
    assert out[0].type != never, out[0]


def test_a_short_report_is_read_whole():
    """A brief of a few sentences is one happening told in order: its last sentence ('jets
    bombed ...') types the lead's event though it lies beyond the window of a long article."""
    text = ("Heavy fighting was reported on Monday. Residents fled the area. Roads were closed. "
            "Fighter jets bombed rebel positions in the hills, the air force said.")
    doubtful = _event(text[:text.index(" Residents")], "Protests", "Peaceful protest")
    whole = cb.combine(text, (doubtful,), [], None, policy=cb.Policy(context=1, before=0))
    assert whole[0].type == "Explosions/Remote violence"
    long = cb.combine(text, (doubtful,), [], None, policy=cb.Policy(context=1, before=0, short=3, long=True))
    assert long[0].type == "Protests"  # read as a long article: the lead sentence alone says nothing


def test_a_long_article_is_read_by_the_model_only_when_asked():
    """On long news the model changed no event (docs/event-classifier.md): by default it does
    not read them, and `long` turns it on."""
    text = ("Fighter jets struck the area on Monday. They bombed rebel positions in the hills, an air "
            "force spokesman said. Smoke rose over the valley. Shops stayed closed. Schools were shut. "
            "Roads were empty.")
    doubtful = _event(text[:text.index(" They")], "Protests", "Peaceful protest")
    assert cb.combine(text, (doubtful,), [], None) == (doubtful,)
    read = cb.combine(text, (doubtful,), [], None, policy=cb.Policy(long=True))
    assert read[0].type == "Explosions/Remote violence"


@pytest.mark.parametrize("text", [
    "Residents of the district met the governor on Friday to discuss water supply.",
    "Members of the union met in the capital on Friday.",
])
def test_a_rule_event_becomes_a_protest_only_where_the_text_names_one(text):
    """A peaceful protest is the model's prior for text it cannot read: however much it is
    trusted, it does not turn a rule's event into one unless a protest is named."""
    rule = _event(text, "Strategic developments", "Other")
    assert next(iter(ec.type_probabilities(ec.classify(text)))) == "Protests"  # the model's own reading
    out = cb.combine(text, (rule,), [], None, policy=cb.Policy(retype=0.0, short_retype=0.0, doubt=1.0))
    assert out[0].type == "Strategic developments"
    named = text.replace(" met", " rallied and met")
    out = cb.combine(named, (_event(named, "Strategic developments", "Other"),), [], None,
                     policy=cb.Policy(retype=0.0, short_retype=0.0, doubt=1.0))
    assert out[0].type == "Protests"


@pytest.mark.parametrize("text, fight", [
    ("Militants killed three soldiers at a checkpoint with rockets.", False),
    ("Militants killed three soldiers at a checkpoint with rockets after they clashed on the road.", True),
])
def test_a_strike_becomes_a_battle_only_where_the_text_tells_of_a_fight(text, fight):
    """Who is named (militants, soldiers) makes the model read a battle; a rocket attack the
    rules read stays one unless a fight on the ground is told."""
    assert next(iter(ec.type_probabilities(ec.classify(text)))) == "Battles"  # the model's own reading
    rule = _event(text, "Explosions/Remote violence", "Shelling/artillery/missile attack")
    trusting = cb.Policy(retype=0.0, short_retype=0.0, doubt=1.0)
    out = cb.combine(text, (rule,), [], None, policy=trusting)
    assert out[0].type == ("Battles" if fight else "Explosions/Remote violence")


def test_the_model_picks_which_rule_event_leads_when_it_reads_one_of_them():
    """Two happenings of one sentence: the model reading the second one's type does not
    retype the first, it puts the second first; both keep their readings."""
    text = "Gunmen fired at a patrol near the river and jets bombed rebel positions in the hills."
    first = _event(text, "Battles", "Armed clash", score=0.6)
    second = _event(text, "Explosions/Remote violence", "Air/drone strike", score=0.5)
    out = cb.combine(text, (first, second), [], None, policy=cb.Policy(retype=0.0, short_retype=0.0, doubt=1.0))
    assert [(e.type, e.subtype) for e in out] == [(e.type, e.subtype) for e in (first, second)]
    assert max(out, key=lambda e: e.score).type == next(iter(ec.type_probabilities(ec.classify(text))))


def test_the_window_reads_sentences_before_the_event():
    from geo.text.sentences import split
    text = "Rebels attacked an army post on Monday. Two soldiers were killed. The army said so."
    assert cb._window(text, split(text), 1, 1, before=1) == text[:text.index(" The army")]
    assert cb._window(text, split(text), 1, 2, before=5) == text
