"""Spans given from outside that the gazetteer lacks still get an answer that says what it is."""
import pytest

from geo.pipeline import parse_spans
from geo.recognize.given_spans import key_for_span


def given(text, spans, gaz):
    parsed = parse_spans(text, [(text.index(s), text.index(s) + len(s)) for s in spans], gazetteer=gaz)
    return {p.text: p for p in parsed.places}, parsed.unresolved


@pytest.mark.parametrize("text,span,inner,country", [
    ("Students at the University of Kent marched through Canterbury, England.", "University of Kent",
     "Kent", "GB"),
    ("Cranes were idle at the Port of Odesa as talks went on in Kyiv.", "Port of Odesa", "Odesa", "UA"),
    ("Crews sprayed North Dallas after the storm, Texas officials said.", "North Dallas", "Dallas", "US"),
])
def test_a_place_inside_a_name_is_its_place(full_gaz, text, span, inner, country):
    places, _ = given(text, [span, *(w for w in ("Canterbury", "England", "Kyiv", "Texas") if w in text)], full_gaz)
    got = places[span]
    assert got.kind == "within" and got.name.endswith(inner) and got.country == country
    assert got.name.startswith(span + ", ")


def test_a_landmark_goes_to_the_town_the_text_puts_it_in(full_gaz):
    places, unresolved = given("The team trained at Jamsil Stadium in Seoul on Monday.",
                               ["Jamsil Stadium", "Seoul"], full_gaz)
    stadium, seoul = places["Jamsil Stadium"], places["Seoul"]
    assert (stadium.kind, stadium.lat, stadium.lon) == ("within", seoul.lat, seoul.lon)
    assert stadium.score < seoul.score and not unresolved


def test_a_span_with_nothing_to_place_it_is_unresolved_with_the_reason(full_gaz):
    places, unresolved = given("Tickets for the Zorbatron Arena went on sale.", ["Zorbatron Arena"], full_gaz)
    assert not places and [u.reason for u in unresolved] == ["not in the gazetteer"]


def test_a_span_in_a_story_naming_no_town_goes_to_the_unit_or_country_it_is_about(full_gaz):
    text = "Dead swans were found in a Vernouzac pond, and France ordered tests. Brittany farms wait."
    places, unresolved = given(text, ["Vernouzac", "France", "Brittany"], full_gaz)
    assert (places["Vernouzac"].kind, places["Vernouzac"].admin1) == ("within", "Bretagne")
    text = "Dead swans were found in a Vernouzac pond, and France ordered tests."
    places, unresolved = given(text, ["Vernouzac", "France"], full_gaz)
    assert (places["Vernouzac"].kind, places["Vernouzac"].country) == ("within", "FR") and not unresolved


@pytest.mark.parametrize("text,span", [
    ("Fans packed the Quelbrand Family Stadium on Sunday. France has never seen such a crowd.",
     "Quelbrand Family Stadium"),
    ("Residents of Vellamy Street protested on Sunday, and France promised a new law.", "Vellamy Street"),
])
def test_a_landmark_or_street_in_a_story_naming_no_town_goes_to_its_country(full_gaz, text, span):
    places, unresolved = given(text, [span, "France"], full_gaz)
    assert (places[span].kind, places[span].country) == ("within", "FR") and not unresolved


@pytest.mark.parametrize("span,key", [
    ("El Peten", "peten"),          # a province written with its article
    ("El Quiche", "quiche"),
    ("Pyeong Chang", "pyeongchang"),  # two words the gazetteer runs together (Machu Picchu was
    # one; it is a curated landmark now, found by its own two words)
])
def test_a_given_name_written_otherwise_is_found_before_a_typo(full_gaz, span, key):
    assert key_for_span(span, full_gaz) == (key, None, False)


@pytest.mark.parametrize("span", ["Los Feliz", "L.A."])
def test_a_town_keeps_its_article_and_initials_are_not_run_together(full_gaz, span):
    got = key_for_span(span, full_gaz)[0]
    assert got not in ("feliz", "la")


def test_a_landmark_named_after_a_country_lies_in_it(full_gaz):
    """A country starting the name is surer than a town the text names elsewhere."""
    text = "Guests left Naranja, Florida, for the Tanzania Safari Lodge on Monday."
    start = text.index("Tanzania")
    got = parse_spans(text, [(start, start + len("Tanzania Safari Lodge"))], gazetteer=full_gaz).places[0]
    assert (got.country, got.kind) == ("TZ", "within")


@pytest.mark.parametrize("text,full,short", [
    ("Rafting trips leave Victoria Falls at dawn, and the spray of the Falls is seen for miles.",
     "Victoria Falls", "Falls"),
    ("Aid trucks crossed into the Gaza Strip on Monday; the Strip has been sealed since May.",
     "Gaza Strip", "Strip"),
])
def test_a_feature_noun_alone_is_the_place_named_whole_before(full_gaz, text, full, short):
    """'the Falls' after 'Victoria Falls' is that place, not Falls County, Texas."""
    at = text.rindex(short)
    parsed = parse_spans(text, [(text.index(full), text.index(full) + len(full)), (at, at + len(short))],
                         gazetteer=full_gaz)
    whole, alone = parsed.places
    assert (alone.name, alone.country, alone.lat, alone.lon) == (whole.name, whole.country, whole.lat, whole.lon)


def test_a_word_that_is_no_feature_noun_is_not_read_back(full_gaz):
    """'Africa' after 'South Africa' is the continent: only feature nouns shorten a name."""
    text = "Exports from South Africa grew faster than anywhere in Africa last year."
    parsed = parse_spans(text, [(13, 25), (text.index("in Africa") + 3, text.index("in Africa") + 9)],
                         gazetteer=full_gaz)
    assert [p.kind for p in parsed.places] == ["country", "continent"]


def test_a_spelling_variant_of_a_town_abroad_is_a_place_of_the_story(full_gaz):
    """A given span read only as a typo of a town in a country the story never goes to (an
    invented 'Tamperre' beside Kenyan towns: not Tampere, Finland) goes to the story's town."""
    text = "Floods cut off Tamperre, a hamlet near Kisumu. Officials in Nairobi, Nakuru and Eldoret sent boats."
    names = ["Tamperre", "Kisumu", "Nairobi", "Nakuru", "Eldoret"]
    places, _ = given(text, names, full_gaz)
    assert (places["Tamperre"].kind, places["Tamperre"].country) == ("within", "KE")


def test_a_span_in_a_story_naming_its_country_only_by_its_people_goes_to_that_country(full_gaz):
    """'Kenyan herders': the story names no place, yet says which country; the span is put there."""
    text = "Kenyan herders clashed near the Lorukumu wells on Sunday."
    places, unresolved = given(text, ["Lorukumu"], full_gaz)
    assert (places["Lorukumu"].kind, places["Lorukumu"].country) == ("within", "KE") and not unresolved


def test_a_name_the_gazetteer_lacks_is_one_place_however_often_given(full_gaz):
    """One place per name: both 'Velankor' spans take the town named closest to either (Eldoret,
    right before the second), not each its own nearest (Nairobi, far before the first)."""
    text = ("Nairobi sent police as pilgrims reached Velankor on Friday after a long walk through "
            "the hills, singing and praying all the way. Buses left Eldoret for Velankor village at dawn.")
    parsed = parse_spans(text, [(m, m + 8) for m in (text.index("Velankor"), text.rindex("Velankor"))]
                         + [(0, 7), (text.index("Eldoret"), text.index("Eldoret") + 7)], gazetteer=full_gaz)
    first, second = [p for p in parsed.places if p.text == "Velankor"]
    assert first.name == second.name == "Velankor, Eldoret"
