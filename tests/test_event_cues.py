"""Sentence cues for events: modality, death tolls, claims, actors."""
import pytest

from geo.events import cues as C


def at(low, word):
    return C.modality(low, low.index(word))


@pytest.mark.parametrize("sentence,trigger,mood", [
    ("after denying for weeks he planned to invade, putin argued", "invade", "negated"),
    ("estimated up to 4 million could flee if the fighting escalates", "flee", "hypothetical"),
    ("russia is ready to hold negotiations soon", "negotiations", "planned"),
    ("an invasion that has fueled fears of a wider war", "war", "feared"),
    ("russia does not plan to occupy ukraine", "occupy", "negated"),
    ("un officials said they were preparing for millions to flee ukraine", "flee", "planned"),
    ("russian troops launched an operation against ukraine", "operation", None),
    ("russia's military said it had seized a strategic airport", "seized", None),
    ("rebels will advance to al-bab after seizing the town of dabiq", "seizing", None),
])
def test_modality(sentence, trigger, mood):
    assert at(sentence, trigger) == mood


@pytest.mark.parametrize("sentence,count", [
    ("ukrainian officials reported at least 137 deaths on the ukrainian side", 137),
    ("un officials reported 25 civilian deaths, mostly from shelling", 25),
    ("the warplanes struck the village, killing 6 civilians", 6),
    ("two nigerian soldiers were killed and six others injured", 2),
    ("the death toll rose to 1,042 on sunday", 1042),
    ("killed 38 people, mostly soldiers", 38),
    ("at least a dozen people died in the blast", 12),
    ("up to 4 million could flee", None),
    ("the bomb killed 40 percent of the herd", None),
    ("claimed hundreds on the russian one", None),
])
def test_fatalities(sentence, count):
    assert C.fatalities(sentence) == count


def test_claims_and_generic_statements():
    assert C.claimed("russia's military said it had seized a strategic airport")
    assert not C.claimed("shelling hit the city")
    assert C.generic("when bombs fall on kyiv, it happens in europe")
    assert not C.generic("when a grenade exploded on thursday, seven were hurt")


def test_actors_and_report_dates():
    demonyms = {"russian": "RU", "ukrainian": "UA"}
    assert C.actors("Russian troops and Ukrainian forces clashed; police and protesters watched.",
                    demonyms) == ("Russian troops", "Ukrainian forces", "police")
    assert C.actor_countries("Russia's military said it had seized the airport", {"Russia": "RU"},
                             demonyms) == {"RU"}
    low = "russia said friday it was working with the ukrainians"
    assert C.is_report_date(low, low.index("friday"))
    assert not C.is_report_date("fighting on friday", len("fighting on "))


@pytest.mark.parametrize("dated", [
    "on 3 may 2022, army units shelled the depot", "on may 3, army units shelled the depot",
    "on may 3, 2022, army units shelled the depot", "on may 3rd army units shelled the depot",
    "in may army units shelled the depot", "in mid-may army units shelled the depot",
    "on the 3rd of may, army units shelled the depot", "early may, army units shelled the depot",
    "between april and may-june army units shelled the depot",
])
def test_the_month_may_is_no_modal(dated):
    assert at(dated, "shelled") is None


@pytest.mark.parametrize("modal", [
    "army units may shell the depot", "officials said army units may soon shell the depot",
    "in may army units may shell the depot", "the depot may be shelled",
])
def test_the_modal_may_still_makes_a_hypothesis(modal):
    assert at(modal, "shell") == "hypothetical"


@pytest.mark.parametrize("sentence,count", [
    ("gunmen stormed the market, killing one civilian", 1),
    ("two men were killed near the checkpoint", 2),
    ("four smugglers were shot and killed by the border guards", 4),
    ("a farmer was hacked and killed by herders", 1),
    ("the wounded driver later died in hospital", 1),
    ("unknown assailants shot dead a shopkeeper in the square", 1),
    ("militiamen killed a village chief overnight", 1),
    ("rockets hit the monastery, killing a monk", 1),
    ("a volunteer was killed while delivering bread", 1),
    ("between 12 to 15 villagers were killed", 12),
    ("at least 20-25 people were killed", 20),
    ("there were no casualties", 0),
    ("no one was hurt in the blast", 0),
    ("casualties unknown", None),
    ("an unknown number of people were killed", None),
    ("casualties are unknown, though 3 bodies were seen", None),
    ("there was one fatality", 1),
    ("7 fatalities", 7),
    ("an unclear number of fatalities in a remote area coded as 4", 4),
    ("30 fatalities split across 5 events", None),
    ("51 fighters were killed or wounded in the raid", None),
    ("a man was arrested for the theft", None),
])
def test_fatalities_as_conflict_data_counts_them(sentence, count):
    assert C.fatalities(sentence) == count


def test_a_run_of_statements_gives_the_last_toll_not_their_sum():
    assert C.stated_toll(["shelling hit the depot, killing 3", "the death toll rose to 9"]) == 9
    assert C.stated_toll(["shelling hit the depot", "nothing else is known"]) is None


def test_other_verbs_of_killing_state_a_toll():
    assert C.fatalities("residents chased and lynched two men accused of theft") == 2
    assert C.fatalities("the militia executed 5 hostages at dawn") == 5


@pytest.mark.parametrize("sentence,kept", [
    ("Members of the We Will Stop Violence Movement staged a protest.", "we      stop"),
    ("At the call of Reporters without Borders, citizens marched.", "reporters         borders"),
    ("Troops will attack the town.", "troops will attack"),             # the modal verb stays
    ("Police said Protesters will not march.", "will not march"),        # lower-case cues stay
    ("Russia Will Invade Ukraine Within Days", "russia will invade"),    # a title-case headline
])
def test_cue_words_inside_names_are_blanked_for_modality(sentence, kept):
    low = sentence.lower()
    out = C.without_names(sentence, low)
    assert len(out) == len(low) and kept in out
