"""The place of an event (geo/events/places.py, geo/events/seats.py): constructions of news
and of conflict coders' notes, each with a report written for the test."""
from __future__ import annotations

from dataclasses import replace

import pytest

from geo.events.places import place_for
from geo.geometry import great_circle_km
from geo.pipeline import parse
from geo.records import Place


def _at(text: str, name: str, kind: str, country: str, admin1: str, lat: float, lon: float,
        ident: str | None = None) -> Place:
    start = text.index(name)
    return Place(start=start, end=start + len(name), text=name, name=name, lat=lat, lon=lon,
                 country=country, admin1=admin1, kind=kind, id=ident or f"t:{name}", geonameid=None,
                 score=0.9)


# (report written for this test, the event's place, ACLED's geo precision, why)
EVENT_PLACES = [
    ("On 3 May 2023, police clashed with a band of armed smugglers who had crossed the mountains "
     "during the night, Spin Boldak district, Kandahar.", "Spīn Bōldak", 2,
     "a place far from the trigger with no locative before it is still the clause's place when it "
     "names no other: better than no place at all"),
    ("On 3 May 2023, about 300 students rallied at Garibaldi Square in Turin against tuition fees.",
     "Turin", 1, "a name inside a facility's name ('Garibaldi Square') is not the place: the town "
     "named after the facility is"),
    ("On 3 May 2023, in Dhondgaon (Nashik), truckers blocked the Pune - Aurangabad highway to "
     "protest fuel prices.", "Dhondgaon, Nashik", 2,
     "the ends of a road are not where the road was blocked: the place the clause opens with is"),
    ("On 3 May 2023, retired miners of Pervomaisk town in Luhansk region protested over unpaid "
     "pensions.", "Sokolohirsk", 1, "'X town in Y region': the town, not its region"),
    ("On 3 May 2023, dozens of teachers of Lyuban village (Tosno, Leningrad region) protested over "
     "wages.", "Lyuban’", 1, "down a chain of containers to the place they hold"),
    ("On 3 May 2023, gendarmes clashed with smugglers in the Ercis district of Van.", "Erciş", 2,
     "'the X district of Y': the district, not the town it is named of"),
    ("On 3 May 2023, about 200 people gathered outside the courthouse in Eugene (Oregon). The rally "
     "was a response to a ruling that may overturn Roe v. Wade.", "Eugene", 2,
     "a party to a court case is no place: the rally is where the story placed it"),
    ("On 3 May 2023, about 80 farmers marched from Sinnar to Nashik to demand higher onion prices.",
     "Nashik", 1, "'from X to Y': X is the origin, Y is not"),
    ("On 3 May 2023, residents of Kharkiv's Saltivskyi district protested against a new landfill.",
     "Kharkiv", 1, "a part of a place named by its possessive ('Kharkiv's ... district') is in that place"),
    ("On 3 May 2023, Benue militiamen abducted 12 farmers in Nigeria.", "Nigeria", 3,
     "the militia's home state names who they are, not where they struck"),
    ("On 3 May 2023, two shopkeepers were shot dead in the old bazaar area of Mazar-i-Sharif city.",
     "Mazār-e Sharīf", 1, "'in the X area of Y': a part of the town is in the town"),
    ("On 3 May 2023, Russian forces shelled Brovary (Brovary, Kyiv). Casualties unknown.", "Brovary", 1,
     "'X, Kyiv' is X in Kyiv Oblast though 'Kyiv' alone is the city, a unit of its own"),
    ("On 3 May 2023, Russian forces shelled Kamianka (Izium, Kharkiv). Casualties unknown.",
     "Kamianka", 1, "'village (district's town, region)': the region holds the village too, so a "
     "namesake town in another region is not it; of the region's Kamiankas (Ukraine's register), the "
     "one of Izium's community"),
    ("On 3 May 2023, coalition air raids targeted Haradh district (Hajjah). Casualties unknown.",
     "Ḩaraḑ", 1, "a name the gazetteer lacks before a unit's word and its region is a place, here a "
     "spelling of a town of that region one letter away"),
    ("On 3 May 2023, Russian forces shelled positions in Vysokopillia (Beryslav, Kherson).",
     "Vysokopillya", 1, "a name the gazetteer lacks with its district's town and region in brackets: "
     "the region's one town spelled one letter away ('ia' for 'ya')"),
    ("On 3 May 2023, Russian forces shelled Pokrovsk. Casualties unknown.", "Pokrovsk", 1,
     "'Russian forces' say who fired, not where: no lean to Russia's smaller Pokrovsk"),
]


@pytest.mark.parametrize("text,place,precision,why", EVENT_PLACES)
def test_the_event_is_at_the_most_specific_place_of_its_clause(full_gaz, text, place, precision, why):
    event = parse(text, "2023-05-10", gazetteer=full_gaz).events[0]
    assert (event.place, event.geo_precision) == (place, precision), why


# (report, the town conflict data put it at, (lat, lon) of that town, why)
SEATS = [
    ("On 3 May 2023, gunmen attacked a police post in Bamyan province.", (34.82, 67.83),
     "a province alone: its capital, which the province is named after"),
    ("On 3 May 2023, gunmen attacked a police post in Zaporizhzhia Oblast.", (47.85, 35.12),
     "the city the oblast is named after, not a village of that name"),
    ("On 3 May 2023, unknown gunmen attacked a checkpoint in Chad.", (12.11, 15.04),
     "a country alone: its capital"),
]


@pytest.mark.parametrize("text,point,why", SEATS)
def test_an_event_placed_only_in_a_region_is_at_its_seat(full_gaz, text, point, why):
    event = parse(text, "2023-05-10", gazetteer=full_gaz).events[0]
    assert event.geo_precision == 3, why
    assert great_circle_km(event.lat, event.lon, *point) < 5, why


def test_a_name_read_on_weak_evidence_gives_way_to_a_sure_place():
    text = "On 3 May 2023, clashes broke out in the Dorva Bala area of Kandor city."
    dorva = replace(_at(text, "Dorva", "city", "XA", "Lanark", 10.0, 10.0), score=0.2)
    kandor = _at(text, "Kandor", "city", "XB", "Kandor", 40.0, 40.0)
    place, precision = place_for(0, text.lower(), text.index("clashes"), [dorva, kandor])
    assert (place, precision) == (kandor, 1)


# (report, its trigger, its places as (name, kind, country, admin1, lat, lon, resolver score), the
# event's place, why): made-up places, so that only the construction decides
CONSTRUCTIONS = [
    ("On 3 May 2023, a convoy of protesters departed from Dorva toward the capital.", "departed",
     [("Dorva", "city", "XA", "A", 10, 10, 0.9)], "Dorva", "what people left is where they did it"),
    ("On 3 May 2023, in Dorva, hundreds of farmers and their families blocked the highway to Kandor.",
     "blocked", [("Dorva", "within", "XA", "A", 10, 10, 0.9), ("Kandor", "city", "XA", "A", 10.2, 10.2, 0.9)],
     "Dorva", "where a road leads is not where it was blocked"),
    ("On 3 May 2023, in Dorva (Lanark), police and a gang of armed robbers clashed in the Kandor "
     "neighbourhood.", "clashed",
     [("Dorva", "within", "XA", "A", 10, 10, 0.9), ("Lanark", "admin1", "XA", "A", 10.1, 10.1, 0.9),
      ("Kandor", "city", "XA", "A", 10.3, 10.3, 0.9)],
     "Dorva", "a neighbourhood's name read as a town is not the town the clause names"),
    ("On 3 May 2023, dozens rallied at Deer Lake in Kandor to save the lake.", "rallied",
     [("Deer Lake", "city", "XB", "B", 40, 40, 0.3), ("Kandor", "city", "XA", "A", 10, 10, 0.9)],
     "Kandor", "down a chain of containers only to a place the container can hold"),
    ("On 3 May 2023, gunmen attacked a checkpoint in Dorva Kalan village (Lanark).", "attacked",
     [("Dorva", "city", "XB", "B", 40, 40, 0.35), ("Lanark", "admin1", "XA", "A", 10, 10, 0.8)],
     "Lanark", "a weakly read name inside a longer one the gazetteer lacks is a namesake: the "
     "region named beside it is the better place"),
    ("On 3 May 2023, gunmen attacked a checkpoint in the Upper Dorva area (Lanark).", "attacked",
     [("Dorva", "city", "XB", "B", 40, 40, 0.35), ("Lanark", "admin1", "XA", "A", 10, 10, 0.8)],
     "Lanark", "the same with the longer name's first word before the known one"),
    ("On 3 May 2023, about 200 people rallied in Dorva at Freedom Square against the new tolls, the "
     "governor of Lanark said.", "rallied",
     [("Dorva", "city", "XA", "A", 10, 10, 0.35), ("Lanark", "admin1", "XA", "A", 10.5, 10.5, 0.8)],
     "Dorva", "an English word between two names ('at') does not join them into one"),
    ("On 3 May 2023, about 50 students rallied in front of Dorva Town Hall in Lanark.", "rallied",
     [("Dorva", "city", "XA", "A", 10, 10, 0.35), ("Lanark", "admin1", "XA", "A", 10, 10, 0.8)],
     "Dorva", "a word that says what kind of place follows ('Town Hall') keeps the name a place"),
    ("On 3 May 2023, Dorva herders clashed with farmers over grazing land in Lanark.", "clashed",
     [("Dorva", "city", "XB", "B", 40, 40, 0.3), ("Lanark", "admin1", "XA", "A", 10, 10, 0.8)],
     "Lanark", "a weak reading abroad named with no locative gives way to the clause's sure place"),
    ("On 3 May 2023, air raids hit Dorva (Lanark) overnight.", "hit",
     [("Dorva", "admin2", "XA", "A", 10, 10, 0.3), ("Lanark", "admin1", "XB", "B", 40, 40, 0.7)],
     "Dorva", "... but not when one names the other's container: either may be the misread name"),
    ("On 3 May 2023, in Kandor province, gunmen ambushed a convoy 10km from Dorva.", "ambushed",
     [("Dorva", "city", "XA", "A", 10, 10, 0.8), ("Kandor", "admin1", "XA", "A", 10.5, 10.5, 0.8)],
     "Dorva", "'10km from X' is a distance from X, not where the gunmen came from"),
    ("On 3 May 2023, about 300 residents protested in Kandor - Dorva Heights (Lanark).", "protested",
     [("Kandor", "city", "XA", "A", 10, 10, 0.9), ("Dorva Heights", "city", "XA", "A", 10.1, 10.1, 0.8),
      ("Lanark", "admin1", "XA", "A", 10.5, 10.5, 0.8)],
     "Dorva Heights", "'Town - Part': the part of the town the dash names, when it lies in that town"),
    ("On 3 May 2023, about 300 residents protested in Kandor - Dorva against the new tolls.", "protested",
     [("Kandor", "city", "XA", "A", 10, 10, 0.9), ("Dorva", "city", "XA", "B", 14, 14, 0.8)],
     "Kandor", "... not a town far away after the dash"),
    ("On 3 May 2023, members of the Lanark Farmers Union protested outside the governor's office, "
     "Dorva.", "protested",
     [("Lanark", "admin1", "XA", "A", 10, 10, 0.9), ("Dorva", "city", "XA", "A", 10.2, 10.2, 0.9)],
     "Dorva", "a region inside an organisation's name says who, not where, however sure its reading"),
    ("On 3 May 2023, hundreds of refugees protested in Dorva Refugee Camp (Lanark).", "protested",
     [("Dorva", "city", "XA", "A", 10, 10, 0.8), ("Lanark", "admin1", "XA", "A", 10.5, 10.5, 0.8)],
     "Dorva", "a facility named after a town of the region named after it is in that town"),
]


@pytest.mark.parametrize("text,trigger,specs,expected,why", CONSTRUCTIONS)
def test_constructions_of_the_events_place(text, trigger, specs, expected, why):
    places = [replace(_at(text, *spec[:6]), score=spec[6]) for spec in specs]
    place, _ = place_for(0, text.lower(), text.index(trigger), places, sentence=text)
    assert place is not None and place.name == expected, why


# (report, its trigger, its places as in CONSTRUCTIONS, the crowd's place, why): a crowd's cause
CROWD_CAUSES = [
    ("On 3 May 2023, workers of the old textile mills and their families gathered in Dorva on "
     "Sunday morning with banners and drums to denounce plans in Kandor.",
     "denounce", [("Dorva", "city", "XA", "A", 10, 10, 0.9), ("Kandor", "city", "XB", "B", 40, 40, 0.9)],
     "Dorva", "a place in what the crowd gathered for is not where it gathered"),
    ("On 3 May 2023, a few dozen activists held a silent vigil outside the embassy in Dorva on "
     "Friday night, some of them in tears, protesting over Kandor.",
     "protesting", [("Dorva", "city", "XA", "A", 10, 10, 0.9), ("Kandor", "city", "XB", "B", 40, 40, 0.9)],
     "Dorva", "'over ...' names the cause too"),
    ("On 3 May 2023, several hundred people marched through the centre of Dorva on Saturday "
     "afternoon with flags and banners in solidarity with Kandor.",
     "solidarity", [("Dorva", "city", "XA", "A", 10, 10, 0.9), ("Kandor", "city", "XA", "A", 10.5, 10.5, 0.9)],
     "Dorva", "'in solidarity with ...' as well"),
    ("On 3 May 2023, residents gathered to protest the demolition of homes in Kandor.",
     "protest", [("Kandor", "city", "XB", "B", 40, 40, 0.9)],
     "Kandor", "with no place of its own the crowd is where its cause is: the clause names no other"),
]


@pytest.mark.parametrize("text,trigger,specs,expected,why", CROWD_CAUSES)
def test_a_crowd_is_where_it_gathered_not_where_its_cause_is(text, trigger, specs, expected, why):
    places = [replace(_at(text, *spec[:6]), score=spec[6]) for spec in specs]
    place, _ = place_for(0, text.lower(), text.index(trigger), places, sentence=text, crowd=True)
    assert place is not None and place.name == expected, why


def test_a_cause_moves_only_a_crowd_s_event():
    """Read for an event that is no crowd's, the first clause keeps the rule of distance: the
    place nearer the trigger."""
    text, trigger, specs, _, _ = CROWD_CAUSES[0]
    places = [replace(_at(text, *spec[:6]), score=spec[6]) for spec in specs]
    place, _ = place_for(0, text.lower(), text.index(trigger), places, sentence=text)
    assert place.name == "Kandor"


def test_an_event_in_a_place_the_region_holds_is_at_the_region_s_seat(full_gaz):
    """A district the gazetteer lacks, named in a region, tells no more of the point than the
    region does: the event lies at the region's seat (Aktau), as ACLED codes such an event."""
    text = "On 2 January 2022, residents protested in Kandorsky district of Mangystau region."
    event = parse(text, "2022-01-05", gazetteer=full_gaz).events[0]
    region = next(p for p in parse(text, gazetteer=full_gaz).places if p.kind == "admin1")
    seat = full_gaz.seats[f"{region.country}|{region.admin1}"]
    assert event.geo_precision == 2
    assert great_circle_km(event.lat, event.lon, full_gaz.lats[seat], full_gaz.lons[seat]) < 1


@pytest.mark.parametrize("text,town", [
    ("On 12 April 2022, Russian forces shelled Balakliia (Iziumskyi, Kharkiv). Casualties unknown.", "Balakliya"),
    ("On 12 April 2022, Russian forces shelled Mala Rohan (Kharkivskyi, Kharkiv). Casualties unknown.", "Mala Rohan"),
])
def test_a_district_the_gazetteer_lacks_does_not_hide_the_town_it_holds(full_gaz, text, town):
    """'X (district, region)', the district unknown: the event is in X, not in the region's
    namesake city (Kharkiv lies 75 km from Balakliia)."""
    event = parse(text, "2022-04-15", gazetteer=full_gaz).events[0]
    assert event.place == town and event.geo_precision == 1
