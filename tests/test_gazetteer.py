"""The gazetteer: compiled index, sources, curated data integrity, user entries."""
import pytest

from geo.errors import GazetteerError
from geo.gazetteer import build as gazetteer_build
from geo.gazetteer import index as gazetteer
from geo.gazetteer.sources import KINDS, Row, curated_csv
from geo.settings import GAZETTEER_DIR, Settings

CURATED = GAZETTEER_DIR / "curated.csv"

# The 27 first-level units of Ukraine, by a name each must be findable under.
UKRAINE_ADMIN1 = [
    "Cherkasy Oblast", "Chernihiv Oblast", "Chernivtsi Oblast", "Dnipropetrovsk Oblast",
    "Donetsk Oblast", "Ivano-Frankivsk Oblast", "Kharkiv Oblast", "Kherson Oblast",
    "Khmelnytskyi Oblast", "Kirovohrad Oblast", "Kyiv Oblast", "Luhansk Oblast", "Lviv Oblast",
    "Mykolaiv Oblast", "Odesa Oblast", "Poltava Oblast", "Rivne Oblast", "Sumy Oblast",
    "Ternopil Oblast", "Vinnytsia Oblast", "Volyn Oblast", "Zakarpattia Oblast",
    "Zaporizhzhia Oblast", "Zhytomyr Oblast", "Autonomous Republic of Crimea", "Kyiv City",
    "Sevastopol",
]


def test_fixture_lookup_orders_by_prominence(small_gaz):
    found = [small_gaz.candidate(m.entry) for m in small_gaz.lookup("alexandria")]
    assert [c.country for c in found] == ["EG", "US"]  # the 3.8 M city first, before context


def test_alias_and_primary_flags(small_gaz):
    (entry,) = small_gaz.lookup("kiev")
    assert small_gaz.names[entry.entry] == "Kyiv" and not entry.primary  # an alias, not the name
    assert small_gaz.lookup("kyiv")[0].primary


def test_fuzzy_keys_tolerate_one_typo_on_long_names_only(small_gaz):
    assert small_gaz.fuzzy_keys("dneiper") == ("dnieper",)   # transposition
    assert small_gaz.fuzzy_keys("dnieperr") == ("dnieper",)  # insertion
    assert small_gaz.fuzzy_keys("dniepar") == ("dnieper",)   # substitution
    assert small_gaz.fuzzy_keys("dnepr") == ()               # too short to guess
    assert small_gaz.fuzzy_keys("sevastapoll") == ()         # two typos are too many


def test_memoised_answers_are_forgotten_on_request(small_gaz):
    """lookup() and fuzzy_keys() answer again from their memos; forget() drops them (the
    benchmark times every pass from cold answers) and the answers stay the same."""
    first = small_gaz.lookup("kyiv"), small_gaz.fuzzy_keys("dneiper")
    assert (small_gaz.lookup("kyiv"), small_gaz.fuzzy_keys("dneiper")) == first
    assert small_gaz._found and small_gaz._fuzzy
    small_gaz.forget()
    assert not small_gaz._found and not small_gaz._fuzzy
    assert (small_gaz.lookup("kyiv"), small_gaz.fuzzy_keys("dneiper")) == first


def _typos(key: str) -> list[str]:
    """The key and one-typo variants of it that keep its first letter."""
    mid = len(key) // 2
    return [key, key[:mid] + key[mid + 1:], key[:mid] + "x" + key[mid:], key[:mid] + "x" + key[mid + 1:],
            key[:mid] + key[mid + 1] + key[mid] + key[mid + 2:], key[0] + key[2:], key[:-1] + "a"]


def _letter_pool(gaz, letter: str) -> list[str]:
    """All of a letter's fuzzy pool keys, in the order the build listed them."""
    from array import array

    keyed = []
    for pool, places in gaz.fuzzy_pool[letter].values():
        keyed += zip(array("I", places), pool.strip("|").split("|"), strict=True)
    return [k for _, k in sorted(keyed)]


def test_fuzzy_keys_answer_as_a_full_scan_of_the_letters_keys(full_gaz):
    """Comparing only the keys that share the first or last three letters loses no answer,
    and keeps the full scan's choice among more than eight ties."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    for letter in "ks":
        pool = _letter_pool(full_gaz, letter)
        many_ties = [k for k in ("karbala", "sirakuza", "kharkiv") if k[0] == letter]  # 12, 11 answers
        for key in [q for k in pool[::400] for q in _typos(k)] + many_ties:
            hits = process.extract(key, pool, scorer=OSA.distance, score_cutoff=1, limit=8)
            expected = tuple(sorted(k for k, _, _ in hits)) if len(key) >= 7 else ()
            assert full_gaz.fuzzy_keys(key) == expected, key


def test_merge_rows_lets_curated_ids_correct_and_user_rows_win_ties():
    base = [Row("gn:1", "Springfield", (), "city", "US", "Illinois", 39.8, -89.6, 100_000)]
    curated = [Row("gn:1", "Springfield", ("Springfield IL",), "city", "US", "Illinois", 39.80, -89.65)]
    user = [Row("user:1", "Springfield", (), "city", "US", "Oregon", 44.05, -123.0, 0, 0.6)]
    rows = gazetteer_build.merge_rows(base, curated, user)
    merged = next(r for r in rows if r.id == "gn:1")
    assert merged.lon == -89.65 and "Springfield IL" in merged.aliases and merged.population == 100_000
    mine = next(r for r in rows if r.id == "user:1")
    assert mine.importance == pytest.approx(0.65) and mine.source == "user"


def test_a_region_named_like_its_neighbours_alias_keeps_its_towns():
    """A city that is a region of its own (GeoNames' 'Minsk', beside 'Minskaya voblasts' whose
    aliases include 'Minsk') is renamed by a curated row ('Minsk City'): its towns, which name
    it by GeoNames' name, follow it there, never to the province, and not left apart."""
    base = [Row("gn:1", "Minskaya voblasts", ("Minsk", "Minsk Oblast"), "admin1", "BY",
                "Minskaya voblasts", 53.5, 28.0, 1_400_000, 0.8),
            Row("gn:2", "Minsk", ("Gorod Minsk",), "admin1", "BY", "Minsk", 53.9, 27.57, 2_000_000, 0.8),
            Row("gn:3", "Minsk", (), "city", "BY", "Minsk", 53.9, 27.57, 2_000_000),
            Row("gn:4", "Barysaw", (), "city", "BY", "Minskaya voblasts", 54.23, 28.5, 140_000)]
    curated = [Row("cur:minsk-city", "Minsk City", ("City of Minsk", "Gorod Minsk"), "admin1", "BY",
                   "Minsk City", 53.9, 27.57, 0, 0.6),
               Row("cur:minsk-oblast", "Minsk Oblast", ("Minsk Region",), "admin1", "BY",
                   "Minsk Oblast", 53.5, 28.0, 0, 0.75)]
    rows = {r.id: r for r in gazetteer_build.merge_rows(base, curated)}
    assert rows["gn:2"].name == "Minsk City" and rows["gn:1"].name == "Minsk Oblast"
    assert rows["gn:3"].admin1 == "Minsk City" and rows["gn:4"].admin1 == "Minsk Oblast"


def test_curated_csv_rows_are_valid():
    rows = list(curated_csv(CURATED))
    ids = [r.id for r in rows]
    assert len(ids) == len(set(ids)), "duplicate ids in gazetteer/curated.csv"
    for r in rows:
        assert r.kind in KINDS and r.name and r.source, r
        assert -90 <= r.lat <= 90 and -180 <= r.lon <= 180, r
        if r.kind == "river":
            assert len(r.geometry) >= 2, f"{r.id}: rivers need a polyline"


def test_curated_csv_reports_bad_rows_with_line_and_fix(tmp_path):
    bad = tmp_path / "mine.csv"
    header = "id,name,aliases,kind,country,admin1,lat,lon,importance,source\n"
    bad.write_text(header + "x:1,Somewhere,,volcano,IS,,64.0,-19.0,0.5,me\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"mine.csv:2: unknown kind 'volcano'"):
        list(curated_csv(bad))
    bad.write_text(header + "x:1,Somewhere,,city,IS,,164.0,-19.0,0.5,me\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="out of range"):
        list(curated_csv(bad))


def test_missing_user_gazetteer_is_a_configuration_error(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        Settings(user_csv=tmp_path / "nope.csv")


@pytest.mark.parametrize("unit", UKRAINE_ADMIN1)
def test_all_27_first_level_units_of_ukraine(full_gaz, unit):
    from geo.text.normalize import name_key

    entries = full_gaz.lookup(name_key(unit))
    kinds = {(full_gaz.kinds[m.entry], full_gaz.countries[m.entry]) for m in entries}
    assert ("admin1", "UA") in kinds or ("city", "UA") in kinds and unit == "Sevastopol", unit


def test_full_gazetteer_has_every_source(full_gaz):
    kinds = set(full_gaz.kinds)
    assert len(full_gaz) > 250_000
    assert {"city", "country", "admin1", "admin2", "continent", "airport", "npp", "river",
            "border_crossing", "bridge", "sea"} <= kinds
    assert len(full_gaz.country_entry) > 200


def test_cache_is_reused_and_reloads(full_gaz):
    path = gazetteer.cache_path(Settings.from_env())
    assert path.exists()
    again = gazetteer._from_data(__import__("marshal").loads(path.read_bytes()))
    assert len(again) == len(full_gaz) and again.lookup("kyiv") == full_gaz.lookup("kyiv")


def test_gazetteer_readme_counts_match_the_build():
    """gazetteer/README.md states the row counts; they must be the ones the build produces."""
    readme = (GAZETTEER_DIR / "README.md").read_text(encoding="utf-8")
    for label, count in gazetteer.source_counts().items():
        source, kind = label.split("|")
        assert f"| {source} | {kind} | {count:,} |" in readme, (label, count)


def test_geonames_aliases_far_commoner_than_their_town_are_dropped(full_gaz):
    """GeoNames lists 'White House' (a translation) for Casablanca and 'The City' for
    Oakville; the English phrases are not those towns. Historical and transliterated
    names of famous places stay."""
    def names(key):
        return [full_gaz.names[m.entry] for m in full_gaz.lookup(key)]

    assert "Casablanca" not in names("white house")
    assert names("the city") == [] and "Warner Robins" not in names("york")
    for old, new in (("kiev", "Kyiv"), ("bombay", "Mumbai"), ("leningrad", "Saint Petersburg"),
                     ("kharkov", "Kharkiv")):
        assert new in names(old), old


def test_a_towns_old_name_that_is_a_bigger_towns_own_name_names_that_town(full_gaz):
    """GeoNames lists 'Maryville' for Beeville, Texas, and 'Kaliningrad' for Korolev (its
    name until 1996): the names are Maryville's, Tennessee, and Kaliningrad's own."""
    def names(key):
        return [full_gaz.names[m.entry] for m in full_gaz.lookup(key)]

    assert "Beeville" not in names("maryville") and "Maryville" in names("maryville")
    assert names("kaliningrad")[:1] == ["Kaliningrad"] and "Korolev" not in names("kaliningrad")


def test_a_name_with_an_apostrophe_inside_a_word_is_found_without_it(full_gaz):
    """English news drops a transliteration's inner marks: 'Sekota' for GeoNames' 'Sek’ot’a'
    (Ethiopia), 'Buin Zahra' for 'Bū’īn Zahrā' (Iran); the spelling with them still works."""
    def countries(key):
        return {full_gaz.countries[m.entry] for m in full_gaz.lookup(key)}

    assert "ET" in countries("sekota") and "ET" in countries("sek ot a")
    assert "IR" in countries("buin zahra")


def test_common_english_spellings_of_a_city_name_it(full_gaz):
    """gazetteer/aliases.csv: 'Zaporizhia', as news agencies and conflict data write it."""
    top = full_gaz.lookup("zaporizhia")[0].entry
    assert (full_gaz.names[top], full_gaz.countries[top], full_gaz.kinds[top]) == ("Zaporizhzhya", "UA", "city")


def test_names_that_news_uses_for_something_else_are_no_towns(full_gaz):
    """gazetteer/not_places.csv: 'Hamas' is no alternate name of Hamm in news text."""
    assert full_gaz.lookup("hamas") == () and full_gaz.lookup("wagner") == ()
    assert full_gaz.lookup("el nino") == () and full_gaz.lookup("la nina") == ()
    assert full_gaz.lookup("toyota") == () and full_gaz.lookup("toyota city")  # the city keeps its full name
    assert full_gaz.lookup("metro") == () and full_gaz.lookup("kota metro")
    assert full_gaz.lookup("hamm")  # the town keeps its own name


@pytest.mark.parametrize("old,iso", [("zaire", "CD"), ("ceylon", "LK"), ("persia", "IR"),
                                     ("soviet union", "RU"), ("holland", "NL")])
def test_former_and_informal_country_names_name_the_country(full_gaz, old, iso):
    top = full_gaz.lookup(old)[0].entry
    assert (full_gaz.kinds[top], full_gaz.countries[top]) == ("country", iso)


def test_nearest_town_gives_a_clicked_point_its_country_offline(full_gaz):
    kyiv = full_gaz.nearest_town(50.45, 30.52)
    assert kyiv is not None and kyiv.country == "UA"
    assert full_gaz.nearest_town(49.0, 22.9).country in ("UA", "PL", "SK")  # near a border: some town
    assert full_gaz.nearest_town(0.0, -30.0) is None  # mid-Atlantic: no town within 50 km
    # a click on the next copy of the world west of the first: Anadyr, across the antimeridian
    assert full_gaz.nearest_town(64.73, 177.51 - 360).name == "Anadyr"


def test_a_region_has_one_spelling_across_its_towns_and_its_own_entry(full_gaz):
    """GeoNames towns say 'Donetska oblast', the region's entry 'Donetsk Oblast': one spelling,
    so the dashboard's region filter lists each oblast once."""
    regions = {full_gaz.names[n] for n, kind in enumerate(full_gaz.kinds)
               if kind == "admin1" and full_gaz.countries[n] == "UA"}
    towns = {full_gaz.admin1s[n] for n, kind in enumerate(full_gaz.kinds)
             if kind == "city" and full_gaz.countries[n] == "UA"}
    assert "Donetska oblast" not in towns and "Donetsk Oblast" in towns
    assert towns - regions <= {""}  # 'Kyiv' (GeoNames' name of the city's own region) too
    kramatorsk = full_gaz.lookup("kramatorsk")[0].entry
    assert full_gaz.admin1s[kramatorsk] == "Donetsk Oblast"


def test_area_centroids_weigh_the_far_north_by_its_area():
    """The points of countries and provinces are area centroids on an equal-area map: a band
    from the equator to 80 N has half its area south of 29.5 N, not of 40 N (its middle
    on a lon/lat grid), and a unit square around the equator stays where it is."""
    import importlib.util

    path = GAZETTEER_DIR / "build_admin1_points.py"
    spec = importlib.util.spec_from_file_location("build_admin1_points", path)
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    lat, lon, _ = build.ring_centroid([(0.0, 0.0), (10.0, 0.0), (10.0, 80.0), (0.0, 80.0)])
    assert lat == pytest.approx(29.5, abs=0.1) and lon == pytest.approx(5.0)
    lat, lon, _ = build.ring_centroid([(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)])
    assert lat == pytest.approx(0.0, abs=1e-9) and lon == pytest.approx(0.0, abs=1e-9)


def test_a_country_whose_centroid_stands_for_it_poorly_keeps_the_factbook_point():
    """A hooked mainland (a made-up 'L' of two arms) has its area centroid outside itself and
    fills little of its convex hull; a plain square neither. The build marks such a country
    not `central` in country_points.csv, so it keeps countryinfo's point, as Norway, Vietnam,
    Canada and India do; Peru keeps its centroid."""
    import csv
    import importlib.util

    path = GAZETTEER_DIR / "build_country_points.py"
    spec = importlib.util.spec_from_file_location("build_country_points", path)
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    hook = [[0.0, 0.0], [10.0, 0.0], [10.0, 1.0], [1.0, 1.0], [1.0, 10.0], [0.0, 10.0], [0.0, 0.0]]
    land = build.mainland_centroid({"type": "Polygon", "coordinates": [hook]})
    assert not land.inside and land.compact < build.COMPACT_SHARE
    square = [[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0]]
    land = build.mainland_centroid({"type": "Polygon", "coordinates": [square]})
    assert land.inside and land.compact == pytest.approx(1.0)
    with open(GAZETTEER_DIR / "country_points.csv", encoding="utf-8", newline="") as fh:
        central = {r["country"]: r["central"] == "1" for r in csv.DictReader(fh)}
    assert not any(central[c] for c in ("NO", "VN", "CA", "IN", "RU")) and central["PE"] and central["US"]
