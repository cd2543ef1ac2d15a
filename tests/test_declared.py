"""A coder's note that declares its category (geo/events/declared.py): notes written for the
tests in the form ACLED's coders use for strategic developments."""
from __future__ import annotations

import datetime as dt

import pytest

from geo.pipeline import parse


@pytest.mark.parametrize("note, subtype", [
    ("Property destruction: On 3 May 2022, unknown persons set fire to a village school in "
     "Kandahar province.", "Looting/property destruction"),
    ("Security measures: On 4 May 2022, the governor's office banned all marches, protests and "
     "sit-ins in Van province for 15 days.", "Change to group/activity"),
    ("Displacement: Around 9 February 2022, more than 300 residents fled their homes in the rural "
     "area of Guapi municipality (Cauca) after threats by an armed group.", "Other"),
    ("Other: On 3 March 2022, the government of Moldova applied for membership of the European "
     "Union in Chisinau.", "Other"),
    ("Defusal: On 12 May 2022, police defused an improvised explosive device found near a market "
     "in Maiduguri (Borno).", "Disrupted weapons use"),
])
def test_the_descriptor_of_a_coder_s_note_is_its_type(full_gaz, note, subtype):
    events = parse(note, gazetteer=full_gaz).events
    assert (events[0].type, events[0].subtype) == ("Strategic developments", subtype)
    assert events[0].date is not None and events[0].place is not None


def test_a_note_no_trigger_reads_still_gets_its_event_dated_and_placed(full_gaz):
    note = "Other: On 3 March 2022, the government of Moldova applied for membership of the European Union in Chisinau."
    (event,) = parse(note, gazetteer=full_gaz).events
    assert event.date == dt.date(2022, 3, 3) and event.place == "Chisinau" and event.trigger == ""


@pytest.mark.parametrize("text", [
    "Analysis: Russian forces shelled Kharkiv on Tuesday, officials said.",
    "Update: Russian forces shelled Kharkiv on Tuesday, officials said.",
    "Russian forces shelled Kharkiv on Tuesday. Other: nothing else was reported.",
])
def test_a_headline_label_or_a_colon_later_declares_nothing(full_gaz, text):
    events = parse(text, gazetteer=full_gaz).events
    assert events[0].subtype == "Shelling/artillery/missile attack"
