"""Villages of a national register that cities500 lacks (geo/gazetteer/registers.py): the
romanisation, where a village is placed, and what the built gazetteer does with them."""
from __future__ import annotations

import pytest

from geo.gazetteer.registers import Entry, romanise_uk, ukraine_register
from geo.gazetteer.sources import Row
from geo.geometry import great_circle_km
from geo.pipeline import parse


@pytest.mark.parametrize("cyrillic, national, older", [
    ("Високопілля", "Vysokopillia", "Vysokopillya"),
    ("Згурівка", "Zghurivka", "Zghurivka"),        # 'зг' is 'zgh', not 'zh'
    ("Юріївка", "Yuriivka", "Yuriyivka"),          # word-initial 'ю' is 'yu' in both
    ("Мар'їнка", "Marinka", "Maryinka"),           # the apostrophe is dropped
    ("Кривий Ріг", "Kryvyi Rih", "Kryvyy Rih"),
    ("Яблунівка", "Yablunivka", "Yablunivka"),
    ("Щастя", "Shchastia", "Shchastya"),
])
def test_ukrainian_names_are_romanised_by_the_national_system(cyrillic, national, older):
    assert romanise_uk(cyrillic) == national
    assert romanise_uk(cyrillic, older=True) == older


def _town(n, name, lat, lon, admin1="Dorva Oblast"):
    return Row(id=f"gn:{n}", name=name, aliases=(), kind="city", country="UA", admin1=admin1,
               lat=lat, lon=lon, population=1000, source="geonames")


# a made-up register: one region, two communities of one district, a namesake far away
ENTRIES = [
    Entry("C1", "Алмазне", "R1", "D1", "H1"), Entry("C2", "Берізки", "R1", "D1", "H1"),
    Entry("C3", "Вишневе", "R1", "D1", "H1"), Entry("C4", "Гайове", "R1", "D1", "H1"),
    Entry("C5", "Дубове", "R1", "D1", "H2"), Entry("C6", "Жовтневе", "R1", "D1", "H2"),
    Entry("C7", "Ясне", "R1", "D1", "H3"), Entry("C8", "Щастя", "R2", "D2", "H4"),
]
TOWNS = [
    _town(1, "Almazne", 48.00, 37.00), _town(2, "Berizky", 48.10, 37.10),
    _town(3, "Vyshneve", 48.05, 37.05),
    _town(5, "Dubove", 48.40, 37.60),
    _town(9, "Hayove", 50.00, 30.00, admin1="Kandor Oblast"),  # a namesake in another region
    _town(8, "Shchastya", 50.10, 30.10, admin1="Kandor Oblast"),  # spelled the older way
]


def test_a_village_the_gazetteer_lacks_is_placed_at_the_middle_of_its_community():
    villages, _ = ukraine_register(TOWNS, ENTRIES)
    by_name = {v.name: v for v in villages}
    # Hayove: its community's towns are Almazne, Berizky and Vyshneve; the namesake in Kandor
    # Oblast is another place
    assert (by_name["Haiove"].lat, by_name["Haiove"].lon) == (48.05, 37.05)
    assert by_name["Haiove"].admin1 == "Dorva Oblast" and by_name["Haiove"].spellings == ("Hayove",)
    # Zhovtneve: its community's one town
    assert (by_name["Zhovtneve"].lat, by_name["Zhovtneve"].lon) == (48.40, 37.60)
    # Yasne: a community with no town of the gazetteer, so its district's middle
    assert (by_name["Yasne"].lat, by_name["Yasne"].lon) == (48.075, 37.075)
    assert not {"Almazne", "Berizky", "Vyshneve", "Dubove"} & set(by_name)  # the gazetteer has those


def test_the_register_s_spelling_of_a_town_the_gazetteer_has_is_kept_as_its_own():
    _, spellings = ukraine_register(TOWNS, ENTRIES)
    assert spellings["gn:8"] == ("Shchastia",)
    assert "gn:1" not in spellings  # 'Almazne' is its name already


def test_an_anchor_far_from_its_community_is_a_namesake_left_out_of_the_middle():
    # Hayove now matches a town of its region, 200 km from the rest of its community: taken
    # for it, but left out of the middle where Zoriane, which the gazetteer lacks, is placed
    towns = TOWNS + [_town(4, "Hayove", 49.50, 35.00)]
    villages, _ = ukraine_register(towns, ENTRIES + [Entry("C9", "Зоряне", "R1", "D1", "H1")])
    zoriane = next(v for v in villages if v.name == "Zoriane")
    assert great_circle_km(zoriane.lat, zoriane.lon, 48.05, 37.05) < 1


# reports written for the tests; the villages are in the register, not in cities500
@pytest.mark.parametrize("text, name, oblast", [
    ("Russian shelling hit the village of Doiarnia in Vinnytsia region overnight.", "Doiarnia",
     "Vinnytsia Oblast"),
    ("Ukrainian forces repelled an attack near Bukiv in Volyn region.", "Bukiv", "Volyn Oblast"),
    ("Fighting was reported in Khmelove, Zhytomyr oblast, on Monday.", "Khmelove", "Zhytomyr Oblast"),
    # no preposition: a coder's note names the district's town and the region in brackets ...
    ("On 3 May 2022, Russian forces shelled Khmelove (Zhytomyr, Zhytomyr).", "Khmelove", "Zhytomyr Oblast"),
    # ... or the region after a comma
    ("Russian artillery struck Khmelove, Zhytomyr oblast, at dawn.", "Khmelove", "Zhytomyr Oblast"),
])
def test_a_register_village_is_found_where_the_text_puts_it(full_gaz, text, name, oblast):
    result = parse(text, gazetteer=full_gaz)
    place = next(p for p in result.places if p.text == name)
    assert (place.kind, place.country, place.admin1) == ("city", "UA", oblast)
    assert place.id.startswith("katottg:")
    assert result.events and result.events[0].place == place.name


def test_the_older_spelling_of_a_register_village_finds_it_too(full_gaz):
    result = parse("Shells fell on the village of Doyarnya in Vinnytsia region.", gazetteer=full_gaz)
    assert [p.name for p in result.places if p.text == "Doyarnya"] == ["Doiarnia"]


def test_the_register_s_spelling_of_a_cities500_town_reaches_it(full_gaz):
    # GeoNames spells it Vysokopillya; the national system and ACLED write Vysokopillia
    result = parse("Russian forces shelled Vysokopillia in Kherson region.", gazetteer=full_gaz)
    place = next(p for p in result.places if p.text == "Vysokopillia")
    assert place.name == "Vysokopillya" and place.geonameid


def test_a_register_village_does_not_take_a_name_in_a_story_from_elsewhere(full_gaz):
    # 'Nova' and 'Bukiv' are villages of the register; nothing here is about Ukraine
    result = parse("Nova Scotia fishermen met in Halifax. Bukiv, the band's drummer, left early.",
                   gazetteer=full_gaz)
    assert not [p for p in result.places if p.country == "UA"]


def test_only_a_region_or_its_namesake_town_in_brackets_makes_a_small_town_of_a_name(full_gaz):
    # 'ALMA' names towns called Alma, one of them in the state that has a village Alliance
    result = parse("The Coastal Fisheries Alliance (ALMA) met in Lagos on Friday.", gazetteer=full_gaz)
    assert [p.text for p in result.places] == ["Lagos"]


def test_of_a_region_s_namesake_villages_the_one_near_the_district_s_town_is_meant(full_gaz):
    # Kharkiv oblast has several villages named Kamianka; the coder's note names Izium's district
    result = parse("On 7 March 2022, Russian forces shelled Kamianka (Izium, Kharkiv), killing 2 civilians.",
                   gazetteer=full_gaz)
    place = next(p for p in result.places if p.text == "Kamianka")
    izium = next(p for p in result.places if p.text == "Izium")
    assert place.kind == "city" and place.id.startswith("katottg:")
    assert great_circle_km(place.lat, place.lon, izium.lat, izium.lon) < 25
    assert result.events[0].place == place.name
