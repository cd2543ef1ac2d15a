"""Containment: 'X, Y', 'X in Y' and 'X (Y' pick the X inside Y, in every country (full gazetteer)."""
import pytest

from geo.geometry import great_circle_km
from geo.pipeline import parse, parse_spans
from geo.resolve import features as F


def places(text, gaz):
    """Each name's first place."""
    return {p.text: p for p in reversed(parse(text, gazetteer=gaz).places)}


@pytest.mark.parametrize("text", [
    "Artillery struck Mykolaivka, Donetsk, overnight.",          # the region by its short name
    "Artillery struck Mykolaivka in Donetsk overnight.",
    "Artillery struck Mykolaivka, Donetsk region, overnight.",
])
def test_a_village_is_the_one_inside_the_region_named_after_it(full_gaz, text):
    got = places(text, full_gaz)["Mykolaivka"]
    assert (got.country, got.admin1, got.kind) == ("UA", "Donetsk Oblast", "city")


@pytest.mark.parametrize("text,town,country,admin1", [
    ("Farmers marched in Paris (Texas) on Sunday.", "Paris", "US", "Texas"),
    ("Workers held a sit-in in Mahdia (Mahdia) over unpaid wages.", "Mahdia", "TN", "Mahdia"),
    # a province written without its word ('North Western Province'), as coders write it
    ("On 5 June 2022, fishermen protested in Chilaw (Chilaw, North Western) over fuel prices.",
     "Chilaw", "LK", "North Western Province"),
])
def test_a_region_in_brackets_holds_the_town_before_it(full_gaz, text, town, country, admin1):
    got = places(text, full_gaz)[town]
    assert (got.country, got.admin1, got.kind) == (country, admin1, "city")


def test_a_unit_does_not_hold_itself():
    assert F.containment("TN", "Mahdia", ("admin1", "TN", "Mahdia"), "admin1") == -1
    assert F.containment("TN", "Mahdia", ("admin1", "TN", "Mahdia"), "city") == 1
    assert F.containment("US", "Indiana", ("admin1", "US", "Illinois"), "admin1") == -0.5


def test_a_village_the_gazetteer_lacks_goes_to_the_region_the_text_names(full_gaz):
    """No gazetteer entry is named Kandorivka (a name made up for the test): 'Kandorivka,
    Donetsk' is placed where the text's Donetsk is, saying so by its kind."""
    text = "Shelling was reported in Kandorivka, Donetsk, on Tuesday. The village lost power."
    parsed = parse(text, gazetteer=full_gaz)
    donetsk = next(p for p in parsed.places if p.text == "Donetsk")
    (p,) = [p for p in parsed.places if p.text == "Kandorivka"]
    assert (p.kind, p.lat, p.lon, p.admin1) == ("within", donetsk.lat, donetsk.lon, "Donetsk Oblast")
    assert p.name == "Kandorivka, Donetsk" and p.score < donetsk.score
    start = text.index("Kandorivka")
    given = parse_spans(text, [(start, start + 10), (start + 12, start + 19)], gazetteer=full_gaz).places
    assert (given[0].kind, given[0].admin1) == ("within", "Donetsk Oblast")


def test_a_village_of_the_register_in_the_region_the_text_names_is_that_village(full_gaz):
    """GeoNames' cities500 knows no Pisky in Donetsk oblast, only namesakes hundreds of km
    away; Ukraine's register has it, by Donetsk (geo/gazetteer/registers.py)."""
    text = "Shelling was reported in Pisky, Donetsk, on Tuesday. Pisky lost power."
    pisky = [p for p in parse(text, gazetteer=full_gaz).places if p.text == "Pisky"]
    assert len(pisky) == 2
    for p in pisky:
        assert (p.kind, p.admin1) == ("city", "Donetsk Oblast") and p.id.startswith("katottg:")
        assert great_circle_km(p.lat, p.lon, 48.0159, 37.8028) < 30  # Donetsk city


@pytest.mark.parametrize("text,town,country", [
    ("Trains run from Boston, Chicago was next on the list.", "Boston", "US"),   # a pair, not a container
    ("Travellers go to Prague, Brno and Ostrava.", "Prague", "CZ"),
    ("Near the Indiana, Ill., line the storm eased.", "Indiana", "US"),
])
def test_a_known_place_is_never_moved_into_its_neighbour(full_gaz, text, town, country):
    got = places(text, full_gaz)[town]
    assert got.kind != "within" and got.country == country


@pytest.mark.parametrize("text,name,kind,country", [
    ("Taxi drivers in Sao Paulo, Brazil, went on strike.", "Sao Paulo", "city", "BR"),
    ("Floods cut roads in Lagos on Monday.", "Lagos", "city", "NG"),
    ("Officials of Kano state met on Monday.", "Kano", "admin1", "NG"),     # the kind word says so
    ("Bushfires spread across Victoria, Australia.", "Victoria", "admin1", "AU"),  # no city of millions there
])
def test_a_city_of_millions_is_what_its_name_means_not_its_state(full_gaz, text, name, kind, country):
    got = places(text, full_gaz)[name]
    assert (got.kind, got.country) == (kind, country)


def test_the_word_for_what_a_place_is_may_stand_between_it_and_its_region(full_gaz):
    """'Gaziosmanpasa town, Istanbul': the only Gaziosmanpasa the gazetteer has is in Ankara."""
    parsed = places("Doctors marched in Gaziosmanpasa town, Istanbul on Monday.", full_gaz)
    town, city = parsed["Gaziosmanpasa"], parsed["Istanbul"]
    assert (town.kind, town.lat, town.lon) == ("within", city.lat, city.lon)


@pytest.mark.parametrize("text,name,holder", [
    ("Gunfire was heard in Zorbavka village, Kharkiv region.", "Zorbavka", "Kharkiv"),
    ("Police were called to a fire in Grumbleton (Ohio) on Monday.", "Grumbleton", "Ohio"),
])
def test_a_name_the_gazetteer_lacks_goes_where_the_text_puts_it(full_gaz, text, name, holder):
    parsed = parse(text, gazetteer=full_gaz)
    got = {p.text: p for p in parsed.places}
    assert (got[name].kind, got[name].lat, got[name].lon) == ("within", got[holder].lat, got[holder].lon)
    assert not parsed.unresolved


def test_a_name_the_gazetteer_lacks_beside_a_country_stays_unresolved(full_gaz):
    parsed = parse("Fighting was reported in Zorbavka, Ukraine.", gazetteer=full_gaz)
    assert [u.text for u in parsed.unresolved] == ["Zorbavka"]


@pytest.mark.parametrize("text,name,kind,country", [
    ("Floods closed roads across Kent as forecasters warned England of more rain.", "Kent", "admin2", "GB"),
    ("Students gathered outside a school in Milano on Friday.", "Milano", "city", "IT"),  # the town, not its province
])
def test_a_county_of_millions_outranks_a_small_namesake_town(full_gaz, text, name, kind, country):
    got = places(text, full_gaz)[name]
    assert (got.kind, got.country) == (kind, country)


# A city of millions named by its state's own name ('New York' for New York City): what the
# text says decides, and where it is silent, where the story is told from.
@pytest.mark.parametrize("text,kind", [
    ("Dairy farmers in upstate New York fear the drought.", "admin1"),
    ("Tolls rise near the New York border next month.", "admin1"),
    ("She grew up in Buffalo, New York, and moved away.", "admin1"),
    ("The New York state assembly met in Albany. Lawmakers in New York voted.", "admin1"),
    ("Turnout fell in Ohio, Texas and New York.", "admin1"),                     # a list of states
    ("Prices are highest in Oslo, New York and Singapore.", "city"),            # a list of cities
    ("The Bergen choir flew from Oslo to New York for two concerts.", "city"),  # news from abroad
    ("The Dallas choir will travel to New York in March.", "admin1"),           # news at home
    # paired with a city abroad, even in a story about flights from Dallas and Houston
    ("From Dallas and Houston the airline will fly to New York and Bangkok.", "city"),
])
def test_a_city_named_like_its_state_is_read_by_the_text(full_gaz, text, kind):
    got = [p for p in parse(text, gazetteer=full_gaz).places if p.text == "New York"]
    assert got and {(p.kind, p.country) for p in got} == {(kind, "US")}


def test_the_city_named_like_its_state_is_a_candidate_of_the_bare_name(full_gaz):
    """GeoNames lists 'New York' among New York City's names; though a frequent phrase, it stays."""
    assert {full_gaz.kinds[m.entry] for m in full_gaz.lookup("new york")} >= {"admin1", "city"}


@pytest.mark.parametrize("text", [
    "Dairy farmers in upstate New York fear the drought.",
    "Tolls rise near the New York border next month.",
])
def test_given_spans_read_the_state_cues_too(full_gaz, text):
    start = text.index("New York")
    got = parse_spans(text, [(start, start + 8)], gazetteer=full_gaz).places[0]
    assert got.kind == "admin1"


def test_a_state_beside_a_country_it_is_not_in_is_no_x_in_y(full_gaz):
    """'Move over, Ohio, Vietnam is ...': a first-level unit of another country than Y is, like
    a country, held by no Y; read as held, Ohio fell under the floor and went unresolved."""
    got = places("Move over, Ohio, Vietnam is the new factory floor of the world.", full_gaz)
    assert (got["Ohio"].kind, got["Ohio"].country) == ("admin1", "US")


def test_a_district_the_gazetteer_lacks_is_in_the_region_after_district_of(full_gaz):
    """'X district of Y' says where X is as 'X district, Y' does; a bare 'of' does not ('the
    University of Kent' names no container). Kandorsky is a made-up name."""
    text = "On 2 January 2022, residents protested in Kandorsky district of Mangystau region."
    (p,) = [p for p in parse(text, gazetteer=full_gaz).places if p.text == "Kandorsky"]
    assert (p.kind, p.country) == ("within", "KZ")


def test_a_name_the_gazetteer_lacks_links_a_chain_of_containers(full_gaz):
    """'Akbulak village in Kandorsky district of Mangystau region': Kandorsky (made up) is
    unknown, but the chain still puts Akbulak in Mangystau, so no Akbulak of Turkey."""
    text = ("On 2 January 2022, residents of Akbulak village in Kandorsky district of Mangystau "
            "region protested against gas prices.")
    countries = {p.text: p.country for p in parse(text, gazetteer=full_gaz).places}
    assert countries.get("Akbulak", "KZ") == "KZ" and countries["Kandorsky"] == "KZ"
