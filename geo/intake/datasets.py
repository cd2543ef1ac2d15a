"""Readers for existing event datasets, imported for comparison as layers of their own:
an ACLED export CSV and a UCDP GED CSV (`acled_rows`, `ucdp_rows`)."""
from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Iterator

from geo.errors import InputError

ACLED_PRECISION = {"1": "day", "2": "week", "3": "month"}
UCDP_TYPES = {"1": ("Battles", "Armed clash"), "2": ("Battles", "Armed clash"),
              "3": ("Violence against civilians", "Attack")}


def _open(path: Path, needed: set[str], what: str) -> csv.DictReader:
    fh = open(path, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(fh)
    missing = needed - set(reader.fieldnames or ())
    if missing:
        fh.close()
        raise InputError(f"{path} is not {what}: missing columns {', '.join(sorted(missing))}")
    return reader


def _date(value: str) -> str | None:
    value = (value or "").strip()
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _float(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def acled_rows(path: str | Path) -> Iterator[dict]:
    """Events of an ACLED export (columns as ACLED's data export names them)."""
    reader = _open(Path(path), {"event_id_cnty", "event_date", "event_type", "sub_event_type",
                                "latitude", "longitude"}, "an ACLED export")
    for r in reader:
        yield dict(external_id=r["event_id_cnty"], type=r["event_type"], subtype=r["sub_event_type"],
                   date=_date(r["event_date"]), date_precision=ACLED_PRECISION.get(r.get("time_precision", ""), "day"),
                   place=r.get("location") or None, lat=_float(r["latitude"]), lon=_float(r["longitude"]),
                   country=(r.get("iso3") or r.get("country") or "")[:2] or None,
                   geo_precision=_int(r.get("geo_precision")), fatalities=_int(r.get("fatalities")),
                   actors=json.dumps([a for a in (r.get("actor1"), r.get("actor2")) if a]),
                   sentence=r.get("notes") or None, score=1.0, claimed=False)


def ucdp_rows(path: str | Path) -> Iterator[dict]:
    """Events of a UCDP GED CSV; UCDP codes the type of violence, mapped to ACLED's types."""
    reader = _open(Path(path), {"id", "type_of_violence", "latitude", "longitude", "date_start"},
                   "a UCDP GED file")
    for r in reader:
        type_, subtype = UCDP_TYPES.get(r["type_of_violence"].strip(), ("Battles", "Armed clash"))
        yield dict(external_id=r["id"], type=type_, subtype=subtype, date=_date(r["date_start"]),
                   date_precision="day" if r.get("date_prec", "1") == "1" else "week",
                   place=r.get("where_coordinates") or r.get("where_description") or None,
                   lat=_float(r["latitude"]), lon=_float(r["longitude"]), country=None,
                   geo_precision=_int(r.get("where_prec")), fatalities=_int(r.get("best")),
                   actors=json.dumps([a for a in (r.get("side_a"), r.get("side_b")) if a]),
                   sentence=r.get("source_headline") or r.get("source_article") or None, score=1.0,
                   claimed=False)
