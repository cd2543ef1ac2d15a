"""Landmarks the gazetteer lacks ('Tahrir Square', 'Shanghai Tower'): named whole, placed in their
town; and two words the gazetteer writes as one ('Machu Picchu')."""
import pytest

from geo.pipeline import parse
from geo.recognize.mentions import find_mentions
from geo.resolve.resolver import NO_LANDMARK_TOWN


def by_text(text, gaz):
    return {p.text: p for p in parse(text, gazetteer=gaz).places}


@pytest.mark.parametrize("text,landmark", [
    ("Protesters filled Zarmina Square again on Friday.", "Zarmina Square"),
    ("The Shanghai Tower rose above the fog.", "Shanghai Tower"),
    ("Visitors queued outside the Quelbrand Family Stadium for hours.", "Quelbrand Family Stadium"),
    ("The Vorlesk Palace reopened after repairs.", "Vorlesk Palace"),
])
def test_a_landmark_is_named_whole(full_gaz, text, landmark):
    found = [m.text for m in find_mentions(text, full_gaz)]
    assert landmark in found
    assert not any(t != landmark and t in landmark for t in found), found  # no 'Shanghai' inside it


@pytest.mark.parametrize("text,word", [
    ("Palace officials declined to comment.", "Palace"),          # a landmark word alone
    ("Fans packed Madison Square Garden.", "Square"),             # a longer name goes on
    ("He moved to Tower Hamlets last year.", "Tower"),
])
def test_no_landmark_without_a_name_before_or_with_one_after(full_gaz, text, word):
    assert not any(word in m.text and m.kind_hint == "within" for m in find_mentions(text, full_gaz))


def test_a_landmark_goes_to_the_town_the_text_puts_it_in(full_gaz):
    places = by_text("Crowds gathered in Zarmina Square in Cairo on Friday.", full_gaz)
    square, cairo = places["Zarmina Square"], places["Cairo"]
    assert (square.kind, square.lat, square.lon, square.country) == ("within", cairo.lat, cairo.lon, "EG")
    assert square.name == "Zarmina Square, Cairo"


def test_a_landmark_takes_the_town_its_name_starts_with_in_the_same_country(full_gaz):
    places = by_text("Shanghai's skyline: the Shanghai Tower rose above Pudong and Shanghai.", full_gaz)
    assert places["Shanghai Tower"].country == "CN"
    assert places["Shanghai Tower"].name == "Shanghai Tower, Shanghai"


def test_a_landmark_named_after_a_place_abroad_stays_in_the_story_town(full_gaz):
    """'Lubyanka Square' in a story from Moscow: Lubyanka is also a Ukrainian village."""
    places = by_text("MOSCOW -- Thousands rallied in Lubyanka Square. Moscow police watched.", full_gaz)
    assert places["Lubyanka Square"].country == "RU"


def test_a_landmark_named_after_its_country_lies_there(full_gaz):
    places = by_text("Ships crossed the Panama Canal after leaving Maya.", full_gaz)
    assert places["Panama Canal"].country == "PA"


def test_a_landmark_with_no_town_is_unresolved_with_the_reason(full_gaz):
    parsed = parse("Fans packed the Quelbrand Family Stadium.", gazetteer=full_gaz)
    assert [(u.text, u.reason) for u in parsed.unresolved] == [("Quelbrand Family Stadium", NO_LANDMARK_TOWN)]


def test_a_name_the_gazetteer_knows_whole_is_no_landmark(full_gaz):
    found = find_mentions("Tourists crowded Red Square on Sunday.", full_gaz)
    assert [(m.text, m.kind_hint) for m in found][0] == ("Red Square", None)


def test_two_words_the_gazetteer_writes_as_one_are_that_place(full_gaz):
    # GeoNames writes the town Machupicchu; the site is now also a curated entry under its two
    # words, so this holds either way (the run-together key itself: test_given_spans)
    places = by_text("Tourists took the train from Cusco to Machu Picchu.", full_gaz)
    assert places["Machu Picchu"].country == "PE"


@pytest.mark.parametrize("text,water,country", [
    # a bay, a river the gazetteer lacks: not the namesake town abroad, but where the text is
    ("Junks sailed across Halong Bay before docking in Hanoi.", "Halong Bay", "VN"),
    ("Fishermen on the Periyar River sell their catch in Kochi.", "Periyar River", "IN"),
])
def test_water_the_gazetteer_lacks_goes_to_the_town_the_text_names(full_gaz, text, water, country):
    p = by_text(text, full_gaz)[water]
    assert (p.kind, p.country) == ("within", country)


def test_a_town_named_with_a_water_word_stays_that_town(full_gaz):
    """'Elbow Lake' is a Minnesota town: the gazetteer knows the whole name."""
    p = by_text("Voters in Elbow Lake, Minnesota, approved the levy.", full_gaz)["Elbow Lake"]
    assert (p.kind, p.country) == ("city", "US")


def test_a_name_paired_with_an_unfound_one_before_a_plural_kind_word_takes_that_kind(full_gaz):
    """'the Periyar and Pamba rivers': Pamba is no place found, yet 'rivers' says what
    Periyar is; a river the gazetteer lacks goes to the town the text names, not to the
    town abroad or far away an alias gives."""
    p = by_text("Boats sail along the Periyar and Pamba rivers near Kochi.", full_gaz)["Periyar"]
    assert (p.kind, p.country, p.name) == ("within", "IN", "Periyar, Kochi")


@pytest.mark.parametrize("text,name,country,lat,lon", [
    # world-famous sites and features named alone, with no town beside them (gazetteer/curated.csv)
    ("Tourists returned to the Taj Mahal once the heat broke.", "Taj Mahal", "IN", 27.18, 78.04),
    ("Two climbers died on Mount Everest this week.", "Mount Everest", "NP", 27.99, 86.92),
    ("Rangers closed parts of Yosemite after the storm.", "Yosemite", "US", 37.87, -119.54),
    ("Police cleared the square in front of the Brandenburg Gate.", "Brandenburg Gate", "DE", 52.52, 13.38),
    ("Prayers at Al-Aqsa passed off peacefully.", "Al-Aqsa", "IL", 31.78, 35.24),
])
def test_a_famous_site_named_alone_is_found_at_its_own_point(full_gaz, text, name, country, lat, lon):
    got = by_text(text, full_gaz)[name]
    assert got.country == country and got.kind in ("landmark", "mountain")
    assert (round(got.lat, 2), round(got.lon, 2)) == (lat, lon)
