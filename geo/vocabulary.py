"""The shared vocabulary: place kinds, the words that name them, and the cue-word lists.

One table per idea, imported by every stage that needs it (sources, recognize, resolve, the
span helpers), so that no stage imports another's constants and no list is kept twice.
Kinds are the gazetteer's (`KINDS`); hints are what the text says of a name ('river',
'admin'), mapped to the kinds they fit by `HINT_KINDS`.
"""
from __future__ import annotations

from geo.text.normalize import fold

# -- place kinds -------------------------------------------------------------------------

# every kind a gazetteer entry may have (a curated CSV row with another one is refused)
KINDS = frozenset({
    "city", "country", "continent", "admin1", "admin2", "region", "river", "sea", "lake", "bridge",
    "airport", "npp", "border_crossing", "dam", "island", "peninsula", "strait", "mountain",
    "landmark", "city_district", "military_base"})
# the kinds contained in no other place: 'Greece, Bulgaria' is a list, 'Russia, US' no container
COUNTRY_OR_CONTINENT = frozenset({"country", "continent"})
# the kinds that name an area rather than a point
AREA_KINDS = frozenset({"country", "continent", "admin1", "admin2", "region", "sea"})
# areas too large for closeness to other places to say anything (a county, admin2, is not);
# an event placed in one has ACLED's geo precision 3 (the region, not the spot)
FAR_KINDS = AREA_KINDS - {"admin2"}
# the other readings a container may take ('Atlanta, Georgia': the state; 'Tbilisi, Georgia')
BROAD_AREAS = frozenset({"country", "admin1"})
# populated places: what a clicked point and a river's city are matched to
SETTLEMENT_KINDS = frozenset({"city", "city_district"})
# what a street may be placed in, and which entries' aliases the gazetteer checks as towns'
TOWN_KINDS = SETTLEMENT_KINDS | {"admin2"}
ADMIN_KINDS = frozenset({"admin1", "admin2"})

# -- hints: what the text says of a name --------------------------------------------------

STREET = "street"    # a street or road: placed in the town the article puts it in
UNKNOWN = "unknown"  # a name the gazetteer lacks, after 'in', 'near' ...: reported, never guessed
BORDER = "border"    # 'the Polish border': a country's border (Mention.border_of says which)
# a place the gazetteer lacks that the text puts in a town or region ('Jamsil Stadium' in
# Seoul, 'Pisky, Donetsk'): it carries that town's or region's point
WITHIN = "within"

# -- how exactly a kind of place pins an event down ----------------------------------------

# an event placed in one of these is where it happened (ACLED geo precision 1), unless 'near'
PRECISE_KINDS = frozenset({"city", "city_district", "landmark", "bridge", "airport", "npp",
                           "military_base", "border_crossing", "dam", STREET})
# which of a sentence's places locates its event, the more specific the likelier (kinds not
# listed count 2, as an admin1 does)
SPECIFICITY = {"city_district": 5, "landmark": 5, "bridge": 5, "airport": 5, "npp": 5,
               "military_base": 5, "border_crossing": 5, "dam": 5, "city": 4,
               STREET: 4,  # placed at its town's point: no more precise than the town
               WITHIN: 4,  # likewise
               BORDER: 3.5,
               "admin2": 3, "river": 3, "island": 3, "lake": 3, "strait": 2.5, "peninsula": 2.5,
               "admin1": 2, "region": 2, "sea": 1.5, "country": 1, "continent": 0}

# Lower-case words that may end a name and say what kind of place it is (word -> hint).
KIND_WORDS = {
    "region": "area", "oblast": "admin", "province": "admin", "county": "admin", "district": "admin",
    "raion": "admin", "governorate": "admin", "prefecture": "admin", "state": "admin",
    "parish": "admin", "municipality": "admin", "voivodeship": "admin", "krai": "admin",
    "river": "river", "sea": "sea", "lake": "lake", "bay": "sea", "strait": "strait",
    "airport": "airport", "airfield": "airport", "island": "island", "islands": "island",
    "peninsula": "peninsula", "city": "city", "town": "city", "village": "city",
    "mountains": "mountain", "valley": "valley", "dam": "dam", "bridge": "bridge",
    "plant": "plant", "station": "plant",
}
# 'counties' -> 'county': the kind words in the plural ('Clarke and Madison counties',
# 'the Esperance Lakes')
PLURAL_KIND_WORDS = {(w[:-1] + "ies" if w[-1] == "y" and w[-2] not in "aeiou"
                      else w + "es" if w.endswith("sh") else w + "s"): w
                     for w in KIND_WORDS if not w.endswith("s")}
# kind words that say the same before a name: 'the city of X', 'the Indian state of X'; not
# after a name ('the Punjab province of Pakistan' names where the province lies), and
# 'region' never ('the eastern region of Chad')
KINDS_BEFORE_OF = frozenset({"city", "town", "village", "state", "province", "county",
                             "district", "oblast", "governorate", "prefecture", "island"})
# words before a name that make it a state or province, not its namesake city ('upstate New York')
UNIT_WORDS_BEFORE = frozenset({"upstate", "downstate"})
# words after a name that make it a state, province or country: 'the New York border'
BORDER_WORDS = frozenset({"border", "frontier"})
# hint -> the gazetteer kinds it fits
HINT_KINDS = {
    "unit": frozenset({"country", "admin1", "admin2", "region"}),
    "admin1": frozenset({"admin1"}),  # the Y of 'Buffalo, New York' (geo/resolve/containers.py)
    "admin": frozenset({"admin1", "admin2", "region"}),
    # 'the Houston region' is the city's area, 'the Kharkiv region' the province, 'the Pacific
    # region' the ocean's
    "area": frozenset({"admin1", "admin2", "region", "city", "sea"}),
    "river": frozenset({"river"}), "sea": frozenset({"sea", "strait", "lake"}),
    "lake": frozenset({"lake"}), "strait": frozenset({"strait", "sea"}),
    "airport": frozenset({"airport", "military_base"}), "island": frozenset({"island"}),
    "peninsula": frozenset({"peninsula", "region"}), "city": SETTLEMENT_KINDS,
    "mountain": frozenset({"mountain", "region"}), "region": frozenset({"region", "admin1", "admin2"}),
    "dam": frozenset({"dam"}), "bridge": frozenset({"bridge"}),
    "plant": frozenset({"npp", "dam", "landmark"}),
    # a valley takes its name from a river, a town or a district: 'Salinas Valley', 'Swat Valley'
    "valley": frozenset({"region", "admin1", "admin2", "city", "city_district", "river"}),
}

# -- streets and roads --------------------------------------------------------------------

# Street and road words, and whether each is an abbreviation that keeps its dot ('Memphis St.').
STREET_WORDS = {"street": False, "avenue": False, "road": False, "boulevard": False, "drive": False,
                "lane": False, "parkway": False, "highway": False, "freeway": False,
                "expressway": False, "turnpike": False, "alley": False, "st": True, "ave": True,
                "rd": True, "blvd": True, "pkwy": True, "hwy": True}
# Capitalised words that end the name of a structure or a site the gazetteer lacks: 'Tahrir
# Square', 'Shanghai Tower', 'Tointon Family Stadium' (not bodies such as a museum or a
# university: a story names their town inside them, 'Paris Public Library', 'University of Kent')
LANDMARK_WORDS = frozenset({"square", "tower", "palace", "zoo", "canal", "planetarium", "castle",
                            "stadium", "fortress", "grottoes", "beach", "pier"})
NUMBERED_ROADS = frozenset({"highway", "route", "interstate", "hwy", "road", "i"})  # 'Highway 200', 'I-94'
# articles that may start a province's name as written, though not as the gazetteer has it
# ('El Petén', 'Al Anbar'), and the kinds of place so written
NAME_ARTICLES = frozenset({"el", "la", "le", "les", "los", "las", "il", "al"})
ARTICLE_UNIT_KINDS = frozenset({"admin1", "admin2", "region"})
COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast",
                     "southwest", "ne", "nw", "se", "sw"})

# -- cue words of running text (folded) ----------------------------------------------------

# small words inside a name: 'Rio de Janeiro', 'Stratford-upon-Avon'
CONNECTORS = frozenset({"of", "de", "del", "della", "di", "da", "do", "dos", "das", "du", "la", "le",
                        "les", "los", "las", "el", "al", "am", "an", "der", "den", "on", "upon", "sur",
                        "y", "and", "the", "s", "au", "aux", "op", "im", "bin"})
TITLES = frozenset(fold(w) for w in """
mr mrs ms miss dr prof president presidents vice minister ministers secretary chancellor premier pope
king queen prince princess emperor sheikh judge justice mayor sheriff officer deputy chief coach
rev reverend father sister brother sen sens senator rep reps representative gov governor gen general lt
lieutenant sgt sergeant capt captain col colonel maj major adm admiral cmdr commander spokesman
spokeswoman spokesperson counterpart ambassador envoy commissioner detective trooper inspector
superintendent councilman councilwoman councillor chairman chairwoman ceo director dean professor
pastor bishop archbishop cardinal rabbi imam lord lady sir dame mister madam patriarch
const constable cpl corporal pvt det agent
""".split())
ORG_WORDS = frozenset(fold(w) for w in """
union council commission parliament court bank times post herald journal tribune gazette news
university college school academy hospital clinic department ministry agency committee association
federation club party church cathedral company corp corporation inc ltd group network radio
television tv airlines airways institute foundation organisation organization society museum
fund program programme league assembly congress senate cabinet government office bureau service
board chamber
""".split())
# 'West Nile virus', 'Marburg fever': a disease named after a place is not that place
NAMED_AFTER = frozenset("""virus viruses ebolavirus fever hemorrhagic haemorrhagic encephalitis disease
                          flu influenza strain syndrome""".split())
# 'the New York Times', 'China Daily', 'Agence France-Presse': a newspaper or a news agency
# names a place it is not reporting from
NEWS_TITLES = frozenset("""times post daily herald tribune journal gazette chronicle telegraph
                           inquirer examiner courier dispatch enquirer presse""".split())
SPEECH_VERBS = frozenset("""said says told added stressed urged argued announced asked explained
noted wrote claimed insisted warned replied declared tweeted""".split())
# closed-class words that open sentences: no name runs on into them ('in Sens. They left' is
# the town, not senators; 'in Pau. The rally' no person called Pau The)
SENTENCE_OPENERS = frozenset("""the a an they he she it we i you this that these those there their
his her its our my your but and or so yet if as when while after before during however meanwhile
some many most all both each several no one two three four five on in at by for""".split())
LOCATIVE = frozenset("""in at near from to outside across into toward towards around throughout via
between through within inside across along off of""".split())
CALENDAR = frozenset(fold(w) for w in """
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
saturday sunday today tomorrow yesterday
""".split())
# Directions name regions only with a kind word ('Western Province'), never alone ('Western powers').
DIRECTIONS = frozenset("""north south east west northern southern eastern western central northeast
northwest southeast southwest northeastern northwestern southeastern southwestern upper
lower middle inner outer coast coastal""".split())
