"""A small town far from everything else a story names, given no place cue, is no answer in
running text: the name is more likely another place's or a word ('Clifton Hill' in a story
from Ontario is no suburb of Melbourne)."""
from geo.pipeline import parse, parse_spans
from geo.resolve.resolver import STRAY


def test_a_small_town_abroad_without_a_cue_is_no_answer(full_gaz):
    text = "Visitors from Toronto, Ottawa, Hamilton and Kingston crowded Clifton Hill on Friday."
    parsed = parse(text, gazetteer=full_gaz)
    assert "Clifton Hill" not in {p.text for p in parsed.places}
    assert ("Clifton Hill", STRAY) in {(u.text, u.reason) for u in parsed.unresolved}


def test_a_town_the_story_puts_in_its_country_stays(full_gaz):
    text = "Visitors from Toronto, Ottawa, Hamilton and Kingston crowded Clifton Hill, Australia."
    assert "Clifton Hill" in {p.text for p in parse(text, gazetteer=full_gaz).places}


def test_a_given_span_always_gets_its_best_reading(full_gaz):
    text = "Visitors from Toronto, Ottawa, Hamilton and Kingston crowded Clifton Hill on Friday."
    start = text.index("Clifton Hill")
    places = parse_spans(text, [(start, start + 12)], gazetteer=full_gaz).places
    assert [p.text for p in places] == ["Clifton Hill"]
