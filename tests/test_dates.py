"""Dates resolved against the publication date: a table of real phrasings."""
import datetime as dt
import re

import pytest

from geo.events.dates import _holds_year, _number_starts, find_dates

PUBLISHED = dt.date(2022, 2, 25)  # a Friday

CASES = [
    ("Lavrov said on Friday.", "2022-02-25", "day"),
    ("The invasion began early Thursday with missile strikes.", "2022-02-24", "day"),
    ("Putin signed treaties on February 21, recognising the regions.", "2022-02-21", "day"),
    ("Shelling resumed yesterday.", "2022-02-24", "day"),
    ("Sirens sounded last night.", "2022-02-24", "day"),
    ("Talks were held last week.", "2022-02-18", "week"),
    ("Prices rose earlier this month.", "2022-02-25", "month"),
    ("Troops massed last month.", "2022-01-31", "month"),
    ("Protests on Sunday, Dec. 15, 2019 turned violent.", "2019-12-15", "day"),
    ("The attack on 19 May 2022 killed six.", "2022-05-19", "day"),
    ("An explosion hit the depot three days ago.", "2022-02-22", "day"),
    ("On Monday, the convoy left.", "2022-02-21", "day"),
    ("Last Friday a bridge was hit.", "2022-02-18", "day"),
    ("It was reported on 2022-02-20.", "2022-02-20", "day"),
]


@pytest.mark.parametrize("text,iso,precision", CASES)
def test_dates(text, iso, precision):
    refs = find_dates(text, PUBLISHED)
    assert [(r.date.isoformat(), r.precision) for r in refs][:1] == [(iso, precision)]
    assert all(0 <= r.start < r.end <= len(text) for r in refs)


def test_december_date_in_a_january_article_is_last_year():
    assert find_dates("Fighting on December 30 killed four.", dt.date(2022, 1, 3))[0].date == dt.date(2021, 12, 30)


@pytest.mark.parametrize("text", ["It may 2 times.", "a march of 3 km", "February 30 is no day"])
def test_no_false_dates(text):
    assert find_dates(text, PUBLISHED) == []


def test_without_publication_date_only_explicit_years_count():
    assert [r.date for r in find_dates("On Friday, 3 March 2021 and on March 4.", None)] == [dt.date(2021, 3, 3)]


@pytest.mark.parametrize("text", ["on 21 february 2022, 3 days ago", "12345 and 7", "a 1 b 22", "", "x9",
                                  "“on 5 march”", "٣ days ago and 4 days", "0"])
def test_number_starts_are_where_digit_runs_begin(text):
    assert _number_starts(text) == [m.start() for m in re.finditer(r"\d+", text)]


@pytest.mark.parametrize("text", ["on 21 february 2022", "in 1999.", "20 people", "2019", "201", "19",
                                  "x2020x", "the 1920s", "20٣٣", "20²²", "", "1 2 0 2 0"])
def test_holds_year_is_a_search_for_a_year(text):
    assert _holds_year(text) == (re.search(r"(?:19|20)\d\d", text) is not None)


@pytest.mark.parametrize("text,published", [
    ("Shelling hit Kyiv 1000000 days ago.", dt.date(2022, 2, 25)),
    ("Shelling hit Kyiv 99999999999999999999 days ago.", dt.date(2022, 2, 25)),
    ("Shelling hit Kyiv yesterday, last week, last month and on Friday.", dt.date(1, 1, 1)),
])
def test_a_relative_date_past_the_calendar_is_no_date(text, published):
    found = find_dates(text, published)
    assert all(dt.date.min <= d.date <= published for d in found)
    assert "days ago" not in "".join(text[d.start:d.end] for d in found)


DATELINES = [  # (head of an article written for this test, the publication date it states)
    ("KARACHI, August 27, 2022 — Floodwaters cut the city's eastern districts off on Saturday.",
     "2022-08-27"),
    ("NAIROBI, Kenya, March 7, 2023 (Reuters) - Police fired tear gas at marchers on Tuesday.",
     "2023-03-07"),
    ("Kahramanmaraş, 6 Feb 2023: rescuers dug through the night.", "2023-02-06"),
    ("Quake survivors wait for tents\nPublished: 8 February 2023\nAid convoys reached Antakya.",
     "2023-02-08"),
    ("River levels fall in Sindh\nSunday, Sept. 4, 2022\n\nThe Indus began to recede.", "2022-09-04"),
    ("Posted on 2022-08-30 by the desk\nRelief flights landed in Sukkur.", "2022-08-30"),
    # no dateline: a full date inside the lead is what the article reports, not its date
    ("On March 11, 2011, a tsunami struck the coast, and on Saturday a memorial was held.", None),
    ("Police said on Saturday that three people were killed.", None),
    ("Talks may resume.\nThey failed in May 2021 and again on Friday.", None),
    ("Line one.\nLine two.\nLine three.\nAugust 27, 2022", None),  # past the first lines
]


@pytest.mark.parametrize("text,iso", DATELINES)
def test_dateline_states_the_publication_date_at_the_head_only(text, iso):
    from geo.events.dates import dateline

    found = dateline(text)
    assert (found.isoformat() if found else None) == iso


def test_a_dated_lead_dates_its_weekdays_and_none_leaves_them_undated(small_gaz):
    import geo

    dated = geo.parse("KYIV, August 27, 2022 — Shelling hit Kharkiv on Saturday, killing 3 civilians.",
                      gazetteer=small_gaz)
    assert dated.published == dt.date(2022, 8, 27)
    assert [(e.date, e.date_precision) for e in dated.events] == [(dt.date(2022, 8, 27), "day")]
    given = geo.parse("KYIV, August 27, 2022 — Shelling hit Kharkiv on Saturday, killing 3 civilians.",
                      dt.date(2022, 8, 29), gazetteer=small_gaz)
    assert given.published == dt.date(2022, 8, 29)  # a date given wins over the dateline
    undated = geo.parse("Shelling hit Kharkiv on Saturday, killing 3 civilians.", gazetteer=small_gaz)
    assert undated.published is None
    assert [(e.date, e.date_precision) for e in undated.events] == [(None, None)]
