"""The stored-events view's counts: a continuous calendar, timeline bins, actors and tolls."""
from geo.maps import eventstats
from geo.store import StoredEvent


def ev(i, date, type_="Battles", **kw) -> StoredEvent:
    return StoredEvent(id=i, article_id=kw.pop("article_id", i), origin="extracted", type=type_,
                       date=date, **kw)


def test_the_calendar_and_the_daily_timeline_keep_empty_days_as_zero():
    events = [ev(1, "2022-02-24"), ev(2, "2022-02-27", "Protests"), ev(3, None)]
    assert eventstats.calendar_days(events) == ["2022-02-24", "2022-02-25", "2022-02-26", "2022-02-27"]
    unit, bins = eventstats.timeline(events)
    assert unit == "day" and len(bins) == 4 * 2           # every day, for both types shown
    by = {(b.period, b.type): b.events for b in bins}
    assert by["2022-02-25", "Battles"] == 0 and by["2022-02-27", "Protests"] == 1
    assert sum(by.values()) == 2                           # the undated event has no day


def test_a_long_span_is_binned_by_week_from_monday():
    events = [ev(1, "2022-01-05"), ev(2, "2022-01-06"), ev(3, "2022-08-01")]
    unit, bins = eventstats.timeline(events)
    assert unit == "week"
    assert bins[0].period == "2022-01-03" and bins[0].events == 2     # Wednesday, Thursday -> Monday
    assert bins[-1].period == "2022-08-01"
    assert len(bins) == (eventstats.dt.date(2022, 8, 1) - eventstats.dt.date(2022, 1, 3)).days // 7 + 1


def test_a_toll_reported_by_several_articles_or_events_counts_once():
    events = [ev(1, "2022-03-01", fatalities=4, incident_id=9),
              ev(2, "2022-03-01", fatalities=6, incident_id=9),           # same incident: 6, not 10
              ev(3, "2022-03-02", "Explosions/Remote violence", fatalities=3, article_id=5, start=100),
              ev(4, "2022-03-02", "Violence against civilians", fatalities=3, article_id=5, start=100),
              ev(5, "2022-03-02", fatalities=0), ev(6, "2022-03-03")]
    assert eventstats.fatalities_total(events) == 6 + 3
    _, bins = eventstats.timeline(events)
    assert sum(b.fatalities for b in bins) == 9
    assert {(b.period, b.type): b.fatalities for b in bins}["2022-03-01", "Battles"] == 6


def test_actors_are_counted_under_one_name():
    events = [ev(1, "2022-03-01", actors=("Russian troops", "police")),
              ev(2, "2022-03-02", actors=("Russian forces",)),
              ev(3, "2022-03-02", actors=("demonstrators", "protesters"))]
    assert eventstats.actor_counts(events) == {"Russian forces": 2, "police": 1, "protesters": 1}
