"""Properties of event extraction over templated reports (written here, not taken from any corpus).

What a report says happened must not depend on how it is dated, where it is, who did it or
in which order its clauses come (date first, last or between subject and verb): none of these
may make its event vanish or change type; every month name, abbreviated or not, in every day
form is tried, not sampled. A denial or a hypothesis of the same report still removes the
event.
"""
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.pipeline import parse

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PUBLISHED = "2022-12-20"

# (past form, gerund, base form, event type): report verbs of conflict news, each followed by
# its place
REPORTS = [
    ("shelled", "shelling", "shell", "Explosions/Remote violence"),
    ("fired artillery at", "firing artillery at", "fire artillery at", "Explosions/Remote violence"),
    ("launched missiles at", "launching missiles at", "launch missiles at", "Explosions/Remote violence"),
    ("clashed with rebels near", "clashing with rebels near", "clash with rebels near", "Battles"),
    ("engaged in an offensive in the direction of", "engaging in an offensive in the direction of",
     "engage in an offensive in the direction of", "Battles"),
    ("established control over", "establishing control over", "establish control over", "Battles"),
    ("fired on a police patrol near", "firing on a police patrol near", "fire on a police patrol near",
     "Battles"),
    ("shot down a drone over", "shooting down a drone over", "shoot down a drone over",
     "Strategic developments"),
    ("opened fire on a car in", "opening fire on a car in", "open fire on a car in",
     "Violence against civilians"),
]
# towns of the shipped gazetteer in different countries
TOWNS = ["Izium", "Kramatorsk", "Maiduguri", "Gao", "Peshawar", "Homs", "Mosul", "Goma"]
ACTORS = ["Russian forces", "Government troops", "Rebel fighters", "The army", "Militants",
          "Unidentified armed men"]


@st.composite
def dates(draw):
    """(a date phrase, the date it names or None when only the weekday or month is given)."""
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    name = MONTHS[month - 1]
    when = dt.date(2022, month, day)
    form = draw(st.sampled_from(["d M Y", "M d", "M d, Y", "in M", "weekday", "iso"]))
    if form == "d M Y":
        return f"on {day} {name} 2022", when
    if form == "M d":
        return f"on {name} {day}", None
    if form == "M d, Y":
        return f"on {name} {day}, 2022", when
    if form == "in M":
        return f"in {name}", None
    if form == "weekday":
        return f"on {draw(st.sampled_from(WEEKDAYS))}", None
    return f"on {when.isoformat()}", when


def _sentence(actor: str, verb: str, town: str, date: str, date_first: bool) -> str:
    if date_first:
        return f"{date[0].upper()}{date[1:]}, {actor[0].lower()}{actor[1:]} {verb} {town}."
    return f"{actor} {verb} {town} {date}."


def _orders(actor: str, verb: str, town: str, date: str) -> list[str]:
    """The same report with its date first, last and between subject and verb."""
    return [_sentence(actor, verb, town, date, True), _sentence(actor, verb, town, date, False),
            f"{actor}, {date}, {verb} {town}."]



def _events(full_gaz, text):
    return parse(text, PUBLISHED, gazetteer=full_gaz).events


PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(report=st.sampled_from(REPORTS), town=st.sampled_from(TOWNS), actor=st.sampled_from(ACTORS),
       date=dates(), order=st.integers(0, 2))
def test_date_place_actor_and_clause_order_never_lose_or_retype_an_event(
        full_gaz, report, town, actor, date, order):
    past, _, _, etype = report
    text = _orders(actor, past, town, date[0])[order]
    events = _events(full_gaz, text)
    assert events, text
    assert events[0].type == etype, (text, events[0])
    if date[1] is not None:
        assert events[0].date == date[1], (text, events[0])


@PROPERTY
@given(report=st.sampled_from(REPORTS), town=st.sampled_from(TOWNS), actor=st.sampled_from(ACTORS),
       date=dates(), order=st.integers(0, 2),
       mood=st.sampled_from(["denied {gerund}", "could {base}", "may {base}", "might {base}",
                             "would {base}", "never {past}", "did not {base}"]))
def test_a_denial_or_a_hypothesis_still_removes_the_event(
        full_gaz, report, town, actor, date, order, mood):
    past, gerund, base, etype = report
    verb = mood.format(past=past, gerund=gerund, base=base)
    text = _orders(actor, verb, town, date[0])[order]
    assert not [e for e in _events(full_gaz, text) if e.type == etype], text


ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]
# every way a news report dates its event on the 3rd, {m} the month's name, {a} its abbreviation
DAY_FORMS = ["on 3 {m} 2022", "on {m} 3", "on {m} 3, 2022", "on 3 {m}", "on the 3rd of {m}",
             "on 3 {a} 2022", "on {a}. 3, 2022", "on {a} 3", "early on 3 {m} 2022"]


@pytest.mark.parametrize("month", range(1, 13), ids=MONTHS)
def test_every_month_name_and_date_form_keeps_the_event_and_its_day(full_gaz, month):
    """Not sampled: every month (the modal 'May' and the noun 'March' among them) in every
    form and clause order gives the event, with the 3rd of that month as its date."""
    name, abbreviation = MONTHS[month - 1], ABBREVIATIONS[month - 1]
    for form in DAY_FORMS:
        date = form.format(m=name, a=abbreviation)
        for text in _orders("Russian forces", "shelled", "Izium", date):
            events = _events(full_gaz, text)
            assert events and events[0].type == "Explosions/Remote violence", text
            assert events[0].date == dt.date(2022, month, 3), (text, events[0].date)
