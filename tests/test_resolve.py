"""Resolution: context, containment, kind cues, rivers meeting cities, features on their own."""
import pytest

from geo import geometry as G
from geo.pipeline import parse, parse_spans
from geo.resolve import features as F
from geo.resolve.article_lists import lists, runs
from geo.resolve.resolver import NO_TOWN


def places(text, gaz):
    return {p.text: p for p in parse(text, gazetteer=gaz).places}


def span_place(text, span, gaz):
    """The place of `span` (its first occurrence) given as a gold span."""
    start = text.index(span)
    return parse_spans(text, [(start, start + len(span))], gazetteer=gaz).places[0]


def test_nearby_mentions_pick_bucha_near_kyiv(small_gaz):
    got = places("Russian troops withdrew from Bucha after weeks near Kyiv.", small_gaz)
    assert got["Bucha"].country == "UA"


def test_container_after_comma_overrides_prominence(small_gaz):
    got = places("He was arrested in Alexandria, La., on Friday.", small_gaz)
    assert got["Alexandria"].country == "US"
    assert places("Protests in Alexandria drew crowds.", small_gaz)["Alexandria"].country == "EG"


def test_one_answer_per_name_within_an_article(small_gaz):
    art = parse("Alexandria, La. is quiet. Later Alexandria police reported a fire.", gazetteer=small_gaz)
    assert {p.country for p in art.places if p.text == "Alexandria"} == {"US"}


def test_river_named_with_a_city_sits_where_it_meets_the_city(small_gaz):
    got = places("Fire broke out on a bridge across the Dnieper River in Kyiv.", small_gaz)
    river = got["Dnieper River"]
    assert river.kind == "river"
    assert G.great_circle_km(river.lat, river.lon, 50.45, 30.52) < 10


def test_place_carries_ids_confidence_and_runner_ups(small_gaz):
    p = places("Shelling in Alexandria.", small_gaz)["Alexandria"]
    assert p.id == "gn:361058" and p.geonameid == 361058 and 0 < p.score <= 1
    assert [a.country for a in p.alternatives] == ["US"]


def test_gold_spans_are_resolved_in_order(small_gaz):
    text = "Kiev and the Dnieper River"
    art = parse_spans(text, [(0, 4), (9, 26)], gazetteer=small_gaz)
    assert [(p.start, p.name) for p in art.places] == [(0, "Kyiv"), (9, "Dnieper")]


def test_unknown_gold_span_is_unresolved_with_a_reason(small_gaz):
    art = parse_spans("Off to Xyzzyville.", [(7, 17)], gazetteer=small_gaz)
    assert art.places == () and art.unresolved[0].reason == "not in the gazetteer"


# --- features, each on its own -----------------------------------------------------------

def test_great_circle_matches_known_distance():
    assert G.great_circle_km(50.4501, 30.5234, 52.2297, 21.0122) == pytest.approx(690, abs=5)


@pytest.mark.parametrize("hint,kind,fit", [("river", "river", 1), ("river", "city", -1),
                                           ("admin", "admin1", 1), (None, "city", 0)])
def test_kind_fit(hint, kind, fit):
    assert F.kind_fit(hint, kind) == fit


def test_containment():
    assert F.containment("US", "Louisiana", ("admin1", "US", "Louisiana")) == 1
    assert F.containment("EG", "Alexandria", ("admin1", "US", "Louisiana")) == -1
    assert F.containment("UA", "Kyiv Oblast", ("country", "UA", "")) == 1
    assert F.containment("UA", "Kyiv Oblast", None) == 0


def test_nearest_on_line_projects_onto_segments():
    lat, lon, d = G.nearest_on_line(50.0, 30.5, ((49.0, 30.0), (51.0, 30.0)))
    assert lat == pytest.approx(50.0, abs=0.01) and lon == pytest.approx(30.0)
    assert d == pytest.approx(35.8, abs=1.0)


def test_article_context_shares_and_proximity():
    ctx = F.ArticleContext()
    ctx.add("UA", "Kyiv Oblast", 50.45, 30.52, 1.0, "kyiv", "city")
    ctx.add("US", "", 38.0, -97.0, 1.0, "united states", "country")
    assert ctx.country_share("UA") == 0.5 and ctx.dominant_country(exclude="US") == "UA"
    assert ctx.proximity(50.55, 30.2, "bucha") > 0.8 > ctx.proximity(50.9, 11.5, "bucha")


# Old and new spellings in English news resolve to the same place (full gazetteer).
SPELLINGS = [("Kiev", "Kyiv"), ("Kharkov", "Kharkiv"), ("Chernobyl", "Chornobyl"),
             ("Lugansk", "Luhansk"), ("Nikolaev", "Mykolaiv"), ("Odessa", "Odesa"),
             ("Dnepr River", "Dnieper River"), ("Dnipro River", "Dnieper River"),
             ("Zaporozhye", "Zaporizhzhia")]


@pytest.mark.parametrize("old,new", SPELLINGS)
def test_transliteration_variants_resolve_alike(full_gaz, old, new):
    a = parse(f"Reports came from {old} on Monday.", gazetteer=full_gaz).places
    b = parse(f"Reports came from {new} on Monday.", gazetteer=full_gaz).places
    if a and a[0].country != "UA":  # 'Odessa' alone is also a Texan city of 120,000: add context
        a = parse(f"Ukraine: reports came from {old} on Monday.", gazetteer=full_gaz).places[1:]
    assert a and b, (a, b)
    assert G.great_circle_km(a[0].lat, a[0].lon, b[0].lat, b[0].lon) < 25, (a[0], b[0])


def test_street_is_placed_in_the_town_the_text_names(full_gaz):
    """'Memphis St., Alexandria' lies in Alexandria (Louisiana here), not in Memphis."""
    text = ("ALEXANDRIA, La. -- Chiquita Raquel Henry, 19, of 1935 Orchard St., Alexandria, was "
            "arrested. Police went to her Memphis Street home.")
    parsed = parse(text, gazetteer=full_gaz)
    by_text = {p.text: p for p in parsed.places}
    town = by_text["Alexandria"]
    for street in ("Orchard St.", "Memphis Street"):
        p = by_text[street]
        assert (p.kind, p.lat, p.lon, p.country) == ("street", town.lat, town.lon, "US")
        assert p.name == f"{street}, Alexandria" and p.score < town.score
    assert "Memphis" not in by_text


def test_an_address_puts_its_street_in_the_town_after_the_postcode(full_gaz):
    parsed = parse("Open late: Holzmarktgasse 4, 1010 Vienna; Lindenstrasse 9, 10969 Berlin.",
                   gazetteer=full_gaz)
    assert {p.text: p.name for p in parsed.places if p.kind == "street"} == {
        "Holzmarktgasse": "Holzmarktgasse, Vienna", "Lindenstrasse": "Lindenstrasse, Berlin"}


def test_street_with_no_town_is_unresolved_with_the_reason(full_gaz):
    parsed = parse("Water pipes burst under Gillis Street overnight.", gazetteer=full_gaz)
    assert not parsed.places
    assert [(u.text, u.reason) for u in parsed.unresolved] == [("Gillis Street", NO_TOWN)]


def test_a_bare_town_name_also_offers_the_counties_named_after_it(full_gaz):
    from geo.resolve.candidates import candidates

    kinds = {(full_gaz.names[n], full_gaz.kinds[n], full_gaz.admin1s[n])
             for n, _ in candidates(full_gaz, "dekalb")}
    assert ("DeKalb", "city", "Illinois") in kinds and ("DeKalb County", "admin2", "Georgia") in kinds


def test_saint_and_st_spellings_share_theircandidates(full_gaz):
    from geo.resolve.candidates import candidates

    assert {n for n, _ in candidates(full_gaz, "mt vernon")} \
        >= {n for n, _ in candidates(full_gaz, "mount vernon")}


def test_a_state_outranks_its_namesake_city_only_when_bigger(full_gaz):
    """'Santiago' is Chile's capital, not the Dominican province of Santiago."""
    assert places("Protests filled the streets of Santiago on Sunday.", full_gaz)["Santiago"].country == "CL"


def test_a_country_has_no_admin1_share_to_lose_when_named_again():
    # a country has no admin-1 unit: naming it four times must not count against it
    ctx = F.ArticleContext()
    for _ in range(4):
        ctx.add("KE", "", 0.2, 37.9, 1.0, "kenya", "country")
    ctx.add("UG", "", 1.3, 32.4, 1.0, "uganda", "country")
    assert ctx.shares("KE", "", "kenya") == (0.0, 0.0)


def test_a_country_named_often_beside_few_other_places_is_resolved(full_gaz):
    text = ("Aid agencies appealed for funds for Kenya after the election. Kenya has seen "
            "clashes for weeks, and donors in Europe were asked to help Kenya. Officials said "
            "Kenya would need food for months; refugees also crossed into Uganda.")
    art = parse(text, gazetteer=full_gaz)
    assert [p.country for p in art.places if p.text == "Kenya"] == ["KE"] * 4
    assert not [u for u in art.unresolved if u.text == "Kenya"]


@pytest.mark.parametrize("text,town,country,admin1", [
    ("Bird flu samples from Sumatra, Indonesia, went to a laboratory in Atlanta, Georgia.",
     "Atlanta", "US", "Georgia"),
    ("The delegation landed in Tbilisi, Georgia, on Monday.", "Tbilisi", "GE", ""),
])
def test_a_container_is_read_in_the_sense_that_holds_the_town(full_gaz, text, town, country, admin1):
    got = places(text, full_gaz)
    assert got[town].country == country and got[town].admin1.startswith(admin1)
    assert got["Georgia"].country == country


def test_a_place_named_twice_is_no_evidence_of_its_own_closeness():
    ctx = F.ArticleContext()
    ctx.add("UA", "Kyiv City", 50.45, 30.52, 1.0, "kyiv", "city")
    assert ctx.proximity(50.45, 30.52, "kyiv city") == 0.0  # the same point under another name
    assert ctx.proximity(50.55, 30.2, "bucha") > 0.8


def test_proximities_of_a_batch_match_one_target_at_a_time():
    """The per-article Targets (names' unit vectors joined) masks each name's own rows."""
    ctx = F.ArticleContext()
    ctx.add("UA", "Kyiv City", 50.45, 30.52, 1.0, "kyiv", "city")
    ctx.add("UA", "Kyiv Oblast", 50.55, 30.2, 0.8, "bucha", "city")
    points = {"kyiv": [(50.45, 30.52), (50.0, 36.2)], "bucha": [(50.55, 30.2)],
              "irpin": [(50.52, 30.25)]}
    targets = F.Targets([(key, F.unit_vectors(at)) for key, at in points.items()])
    one_by_one = [ctx.proximity(lat, lon, key) for key, at in points.items() for lat, lon in at]
    assert ctx.proximities(targets) == one_by_one
    assert one_by_one[0] > 0.6 and one_by_one[2] > 0.8  # Kyiv is no evidence for itself


def test_a_name_placed_by_its_container_keeps_that_place_in_the_whole_article(full_gaz):
    text = ("The actress arrived today in Athens, Greece, for a charity tour. She grew up near "
            "Toronto, Canada, and flies back to Canada next week. At a central Athens hotel "
            "she handed over the cheque.")
    athens = [p for p in parse(text, gazetteer=full_gaz).places if p.text == "Athens"]
    assert [p.country for p in athens] == ["GR", "GR"]


def test_an_ocean_fits_the_news_of_any_country(full_gaz):
    # the ocean has no country, so country coherence must not count against it
    text = ("Drought hit Indonesia and the Philippines as warming in the tropical Pacific "
            "shifted the rains away from Jakarta and Manila.")
    pacific = places(text, full_gaz)["Pacific"]
    assert pacific.kind == "sea" and pacific.name == "Pacific Ocean"


def test_a_list_of_provinces_stays_in_one_country(full_gaz):
    # Ontario, Ohio and New Brunswick, New Jersey are near the article's other places
    text = ("Cases were found in Mansfield and Columbus, Ohio, and in Newark and Trenton, New "
            "Jersey. Illnesses also occurred in British Columbia, Alberta, Manitoba, Ontario and "
            "New Brunswick.")
    got = places(text, full_gaz)
    assert got["Ontario"].country == "CA" and got["Ontario"].kind == "admin1"
    assert got["New Brunswick"].country == "CA"


def test_lists_have_three_members_or_more():
    from geo.records import Mention
    text = "Washington and Moscow; Alberta, Manitoba, Ontario and Quebec; Kyiv, Ukraine"
    spans = [(0, 10), (15, 21), (23, 30), (32, 40), (42, 49), (54, 60), (62, 66), (68, 75)]
    mentions = [Mention(a, b, text[a:b], text[a:b].lower()) for a, b in spans]
    assert lists(list(runs(mentions, text))) == {2: (3, 4, 5), 3: (2, 4, 5), 4: (2, 3, 5), 5: (2, 3, 4)}


def test_a_valley_takes_the_place_of_its_namesake_town(full_gaz):
    text = "The spinach was traced to farms in the Salinas Valley region of California."
    valley = places(text, full_gaz)["Salinas Valley"]
    assert valley.country == "US" and valley.admin1 == "California"


@pytest.mark.parametrize("text,name,lat,lon", [
    ("Doctors held medical camps in Nyanza province, Kenya, last week.", "Nyanza", -0.5, 34.6),
    ("Fighting spread across Katanga province in the Democratic Republic of Congo.", "Katanga", -8.5, 26.5),
    ("Ice covered the shore of Lake Erie near Monroe, Michigan.", "Lake Erie", 42.2, -81.2),
])
def test_historical_provinces_and_great_lakes_are_found(full_gaz, text, name, lat, lon):
    got = places(text, full_gaz)
    hit = next(p for t, p in got.items() if t.startswith(name))
    assert G.great_circle_km(hit.lat, hit.lon, lat, lon) < 161


@pytest.mark.parametrize("text,name,kind", [
    ("Mosquitoes carrying the virus were trapped across the Houston region this week.", "Houston", "city"),
    ("El Nino warmed the tropical Pacific region and brought floods to Peru and Ecuador.",
     "Pacific", "sea"),
    ("Fighting in the Kharkiv region continued overnight.", "Kharkiv", "admin1"),  # the oblast
])
def test_the_region_of_a_city_or_an_ocean_is_its_area(full_gaz, text, name, kind):
    # not Houston County (another county in Texas) nor Pacific County, Washington
    assert places(text, full_gaz)[name].kind == kind


@pytest.mark.parametrize("text,span,kind", [
    ("Cases rose in Nyanza province after the rains.", "Nyanza", "region"),
    ("The city of Sao Paulo reported more deaths.", "Sao Paulo", "city"),
])
def test_given_spans_use_the_kind_word_around_them(full_gaz, text, span, kind):
    assert span_place(text, span, full_gaz).kind == kind


@pytest.mark.parametrize("text,span,kind", [
    ("The first case was found in December of 2003 in the state of Washington, officials in "
     "Oregon and Idaho said.", "Washington", "admin1"),
    ("Floods hit the Indian state of Maharashtra.", "Maharashtra", "admin1"),
    ("Protests spread in the state of Mexico, outside the capital.", "Mexico", "admin1"),
    ("Cases rose in the county of Kent.", "Kent", "admin2"),
    # a capitalised name before the kind word: the span is where that province lies
    ("Troops left parts of the Punjab province of Pakistan.", "Pakistan", "country"),
    ("A clinic opened in the eastern region of Chad.", "Chad", "country"),
])
def test_a_kind_word_with_of_before_a_span_is_its_cue(full_gaz, text, span, kind):
    assert span_place(text, span, full_gaz).kind == kind
    assert places(text, full_gaz)[span].kind == kind


@pytest.mark.parametrize("text,names,kind", [
    ("Partial building collapses were reported in Harvey, Harper and Kingman counties in "
     "Kansas.", ("Harvey", "Harper", "Kingman"), "admin2"),
    ("The jobless rate of the metro area - Clarke, Madison and Oglethorpe counties - stayed "
     "low, Georgia's labor department said.", ("Madison", "Oglethorpe"), "admin2"),
    ("Over 1,200 cases were reported in Kenya, in the provinces of Nyanza, Rift Valley and "
     "Coast.", ("Nyanza", "Rift Valley"), "region"),
])
def test_a_plural_kind_word_speaks_for_the_whole_list(full_gaz, text, names, kind):
    got = places(text, full_gaz)
    assert {got[n].kind for n in names} == {kind}


def test_a_capitalised_plural_kind_word_speaks_for_its_list(full_gaz):
    from geo.recognize.mentions import find_mentions
    from geo.resolve.article_lists import plural_hints, runs

    text = "Boats ply the Usumacinta, Salinas and Suchiate Rivers near Tenosique."
    mentions = find_mentions(text, full_gaz)
    hinted = plural_hints(mentions, text, list(runs(mentions, text)))
    assert [m.kind_hint for m in hinted if m.text != "Tenosique"] == ["river"] * 3


def test_a_list_of_states_keeps_washington_a_state(full_gaz):
    text = ("Salmonella cases in the United States were found in Oregon, Tennessee, Utah, "
            "Washington and Wyoming.")
    assert places(text, full_gaz)["Washington"].kind == "admin1"


@pytest.mark.parametrize("text,name,country", [
    ("The airline will fly from New York, Atlanta and Chicago to Russia next month. One-way "
     "tickets to Moscow start at $400, its Philadelphia office said.", "Moscow", "RU"),
    ("Officials in Chile said the Institute of Public Health in Santiago confirmed 393 cases. "
     "Brazil reported cases in Rio de Janeiro and Porto Alegre.", "Santiago", "CL"),
])
def test_a_country_the_article_names_speaks_for_its_capital(full_gaz, text, name, country):
    assert places(text, full_gaz)[name].country == country


def test_a_capital_of_a_country_not_named_gets_no_help(full_gaz):
    text = "The fair in Moscow, near Pullman and Lewiston, drew farmers from across Idaho."
    assert places(text, full_gaz)["Moscow"].country == "US"


def test_capitals_are_the_countries_own_towns(full_gaz):
    by_country = {iso: full_gaz.names[n] for n, iso in full_gaz.capitals.items()}
    assert by_country["RU"] == "Moscow" and by_country["US"] == "Washington"
    assert by_country["UA"] in ("Kyiv", "Kiev") and by_country["CL"] == "Santiago"


def test_a_country_is_no_evidence_for_a_capital_of_its_own_name():
    # 'Kuwait' the country must not vote for Kuwait City under the key 'kuwait' itself
    ctx = F.ArticleContext()
    ctx.add("KW", "", 29.3, 47.6, 1.0, "kuwait", "country")
    assert not ctx.names_country("KW", exclude="kuwait")
    assert ctx.names_country("KW", exclude="kuwait city") and not ctx.names_country("SA")


@pytest.mark.parametrize("text,country", [
    ("The Mansfield council approved $765,000 in financing for repairs to the Mansfield Law "
     "Enforcement Center.", "US"),
    ("The Mansfield council approved £765,000 in financing for repairs to the Mansfield Law "
     "Enforcement Center.", "GB"),
    ("The Mansfield council approved financing for repairs to the Mansfield Law Enforcement "
     "Center.", "GB"),  # no other cue: the biggest Mansfield
])
def test_a_currency_sign_speaks_for_the_countries_that_write_it(full_gaz, text, country):
    assert places(text, full_gaz)["Mansfield"].country == country


@pytest.mark.parametrize("text", ["Exports from Korea rose for a third month, customs data showed.",
                                  "Korea and Japan agreed to resume talks on fishing rights."])
def test_a_country_short_name_is_the_country_not_a_namesake_village(full_gaz, text):
    # 'Korea' is also a village in Ivory Coast; news writing Korea means the South
    place = places(text, full_gaz)["Korea"]
    assert (place.country, place.kind) == ("KR", "country")


def test_a_country_adjective_speaks_for_its_capital(full_gaz):
    # 'Egyptian' names Egypt though no place: the court's Cairo is Egypt's, not a US namesake
    text = ("A court in Cairo fined the blogger 2,000 Egyptian pounds on Tuesday. His brother, who "
            "lives in California, said rights groups in the U.S. would appeal.")
    assert places(text, full_gaz)["Cairo"].country == "EG"


def test_a_country_adjective_does_not_turn_the_country_into_its_capital(full_gaz):
    text = "Mexican officials said Mexico would close the border crossing for a week."
    assert places(text, full_gaz)["Mexico"].kind == "country"


def test_a_shared_demonym_is_the_most_populous_country(full_gaz):
    assert (full_gaz.demonyms["french"], full_gaz.demonyms["chinese"]) == ("FR", "CN")
    assert span_place("Chinese officials inspected the flooded farms.", "Chinese", full_gaz).country == "CN"


def test_a_given_landmark_the_gazetteer_lacks_goes_to_its_town(full_gaz):
    text = "Fans packed Harbourview Stadium in Wellington on Saturday for the final."
    spans = [(text.index(s), text.index(s) + len(s)) for s in ("Harbourview Stadium", "Wellington")]
    place, town = parse_spans(text, spans, gazetteer=full_gaz).places
    assert (place.kind, place.country, place.name) == ("within", "NZ", "Harbourview Stadium, Wellington")
    assert (place.lat, place.lon) == (town.lat, town.lon) and place.score < town.score


def test_a_given_landmark_with_no_town_in_the_text_stays_unresolved_with_the_reason(full_gaz):
    text = "Crowds filled Zorblatt Plaza on Saturday."
    start = text.index("Zorblatt Plaza")
    art = parse_spans(text, [(start, start + 14)], gazetteer=full_gaz)
    assert not art.places and art.unresolved[0].reason == "not in the gazetteer"


def test_running_text_never_guesses_a_town_for_an_unknown_name(full_gaz):
    """A name the gazetteer lacks is no place in running text unless its last word says it
    is one ('Harbourview Stadium': tests/test_landmarks.py); then it goes to its town."""
    text = "Fans cheered the Harbourview Hurricanes in Wellington on Saturday for the final."
    assert "Harbourview Hurricanes" not in places(text, full_gaz)
    text = "Fans packed Harbourview Stadium in Wellington on Saturday for the final."
    assert places(text, full_gaz)["Harbourview Stadium"].name == "Harbourview Stadium, Wellington"


@pytest.mark.parametrize("text, name, country", [
    ("Vineyards across Moravia, a few hours east of Prague, reported a record harvest.", "Moravia", "CZ"),
    ("Castles of Bohemia drew more visitors than Prague's old town this summer.", "Bohemia", "CZ"),
    ("Surfers in Cornwall welcomed the new lifeguard rota, British coastguards said.", "Cornwall", "GB"),
    ("Flooding in Yorkshire closed roads between Leeds and York.", "Yorkshire", "GB"),
    # the story says which: the namesake town in New York state keeps its name
    ("Police in Bohemia, N.Y., closed the road after the crash.", "Bohemia", "US"),
])
def test_a_historical_region_beats_its_small_namesakes_when_the_story_is_there(full_gaz, text, name, country):
    assert places(text, full_gaz)[name].country == country


@pytest.mark.parametrize("text, span, country", [
    ("French officials in Paris and Lyon said the US would send aid.", "US", "US"),
    ("Ministers met in Versailles and Paris before the UK vote.", "UK", "GB"),
])
def test_a_country_s_acronym_is_the_country_not_a_village_of_the_story_s_country(full_gaz, text, span, country):
    """'US' folds to the key of Us, a village near Paris: in capitals it abbreviates the
    country, however French the rest of the story."""
    found = places(text, full_gaz)[span]
    assert (found.kind, found.country) == ("country", country)


def test_the_adjective_of_armed_forces_is_no_cue_of_the_story_s_country():
    """'Russian forces' fight abroad; 'Kenyan police' work at home."""
    text = "Russian forces and Israeli airstrikes hit targets; Kenyan police made arrests."
    assert F.demonym_countries(text, {"russian": "RU", "israeli": "IL", "kenyan": "KE"}) == ("KE",)


def test_an_abbreviated_saint_far_from_the_story_s_other_places_is_still_a_place(full_gaz):
    """'St. Gallen' reaches Sankt Gallen by its alias, yet it is the name as news writes it, not
    a word that happens to be an alias ('Dining' for Jining): no stray, though the story's other
    places are all elsewhere."""
    text = ("Hundreds of people, among them members of the Ukrainian community, demonstrated in "
            "St. Gallen. They denounced the invasion of Ukraine by Russia.")
    assert places(text, full_gaz)["St. Gallen"].country == "CH"


def test_a_reading_the_story_pulled_abroad_does_not_pull_the_rest(full_gaz):
    """A name read in another country than its own cues chose counts only PULLED_WEIGHT as
    context: one Washington in the US must not take Geneva to Ohio, then London and Paris."""
    text = ("Diplomats from London and Paris met in Geneva on Tuesday, and officials in "
            "Washington said sanctions on Moscow would follow.")
    got = places(text, full_gaz)
    assert {n: got[n].country for n in ("London", "Paris", "Geneva", "Moscow")} == {
        "London": "GB", "Paris": "FR", "Geneva": "CH", "Moscow": "RU"}


@pytest.mark.parametrize("text", [
    "The mayor of Phoenix visited Warsaw and Lisbon last week.",
    "Officials in Denver said flights to Lisbon, Warsaw and Athens were cancelled.",
])
def test_one_us_town_does_not_take_world_cities_home(full_gaz, text):
    """Warsaw, Indiana is a town of 14,000: one US place beside it is too little to prefer it
    to Poland's capital (OUTSHONE_GAP, OUTSHONE_SUPPORT)."""
    got = places(text, full_gaz)
    assert (got["Warsaw"].country, got["Lisbon"].country) == ("PL", "PT")


def test_news_from_the_town_s_own_state_keeps_the_outshone_town(full_gaz):
    text = "The county fair in Warsaw drew visitors from Fort Wayne, Goshen and Elkhart."
    assert (places(text, full_gaz)["Warsaw"].country, places(text, full_gaz)["Warsaw"].admin1) == ("US", "Indiana")


def test_a_country_s_support_counts_places_not_their_share():
    ctx = F.ArticleContext()
    ctx.add("US", "Indiana", 41.2, -85.9, 1.0, "warsaw", "city")
    ctx.add("US", "Indiana", 39.8, -86.2, 1.5, "indianapolis", "city")
    ctx.add("PT", "Lisboa", 38.7, -9.1, 1.0, "lisbon", "city")
    assert ctx.support("US", "warsaw") == 1.5 and ctx.support("US") == 2.5
    assert ctx.support("PL", "warsaw") == 0.0
