"""A small town far from everything else a story names, given no place cue, is no answer in
running text: the name is more likely another place's or a word ('Clifton Hill' in a story
from Ontario is no suburb of Melbourne)."""
from geo.pipeline import parse, parse_spans
from geo.resolve.strays import STRAY


def test_a_small_town_abroad_without_a_cue_is_no_answer(full_gaz):
    text = "Visitors from Toronto, Ottawa, Hamilton and Kingston crowded Clifton Hill on Friday."
    parsed = parse(text, gazetteer=full_gaz)
    assert "Clifton Hill" not in {p.text for p in parsed.places}
    assert ("Clifton Hill", STRAY) in {(u.text, u.reason) for u in parsed.unresolved}


def test_a_town_the_story_puts_in_its_country_stays(full_gaz):
    text = "Visitors from Toronto, Ottawa, Hamilton and Kingston crowded Clifton Hill, Australia."
    assert "Clifton Hill" in {p.text for p in parse(text, gazetteer=full_gaz).places}


def given(text, names, gaz):
    spans = [(text.index(s), text.index(s) + len(s)) for s in names]
    return {p.text: p for p in parse_spans(text, spans, gazetteer=gaz).places}


def test_a_given_span_read_as_a_hamlet_far_off_goes_to_the_story_town(full_gaz):
    """Given spans are places: one whose only reading is a small town on another continent
    is a place the gazetteer lacks, in the town the story names ('Clifton Hill' in Niagara)."""
    text = "Visitors from Toronto, Ottawa and Kingston crowded Clifton Hill in Niagara Falls."
    places = given(text, ["Toronto", "Ottawa", "Kingston", "Clifton Hill", "Niagara Falls"], full_gaz)
    assert (places["Clifton Hill"].kind, places["Clifton Hill"].country) == ("within", "CA")


def test_a_given_span_keeps_its_reading_where_the_story_is_silent(full_gaz):
    text = "Visitors crowded Clifton Hill on Friday."
    places = given(text, ["Clifton Hill"], full_gaz)
    assert (places["Clifton Hill"].kind, places["Clifton Hill"].country) == ("city", "AU")


def test_a_city_named_only_by_another_of_its_names_far_from_the_story_is_no_answer(full_gaz):
    """A word that is only an alias of a city abroad ('Dining', an old writing of Jining,
    China) in a story whose places all lie elsewhere is a word, however big that city is;
    an alias in a story from its own country ('Kiev' beside Lviv) is that city."""
    text = "Visitors to Orlando, Tampa and Miami rate the Family Dining spots near Jacksonville highly."
    assert "Dining" not in {p.text for p in parse(text, gazetteer=full_gaz).places}
    text = "Flights from Kiev to Lviv, Kharkiv and Odesa resumed."
    assert {p.text: p.country for p in parse(text, gazetteer=full_gaz).places}["Kiev"] == "UA"


def test_a_capital_is_no_stray_however_small(full_gaz):
    """A country's capital named beside towns of another country is news from afar, not a
    word that happens to be a town's name: Nicosia (200,000 people) stays."""
    text = "The mayor of Akron, Ohio visited Nicosia and Bandung last week before talks in Lucknow."
    got = {p.text: p.country for p in parse(text, gazetteer=full_gaz).places}
    assert got.get("Nicosia") == "CY"


def test_the_unit_named_after_a_capital_is_no_stray_either(full_gaz):
    """'Bissau' alone reads as its region (bigger than the town): still the capital's news."""
    text = "Ministers from Toronto, Campinas and Bissau met in Mashhad on Tuesday."
    got = {p.text: p.country for p in parse(text, gazetteer=full_gaz).places}
    assert got.get("Bissau") == "GW"
