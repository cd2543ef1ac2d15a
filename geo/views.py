"""What the dashboard shows, computed without Streamlit: filters and counts over stored events."""
from __future__ import annotations

from collections import Counter


def filter_events(events: list[dict], *, types: list[str] | None = None, day_from: str | None = None,
                  day_to: str | None = None, min_score: float = 0.0) -> list[dict]:
    """Events of the given types, dated within [day_from, day_to] (ISO dates), scoring at least
    `min_score`. Undated events pass only when no day is asked for."""
    out = []
    for e in events:
        if types is not None and e["type"] not in types:
            continue
        if (day_from or day_to) and not e.get("date"):
            continue
        if day_from and e["date"] < day_from or day_to and e["date"] > day_to:
            continue
        if (e.get("score") or 0.0) < min_score:
            continue
        out.append(e)
    return out


def type_counts(events: list[dict]) -> Counter:
    return Counter(e["type"] for e in events)


def days(events: list[dict]) -> list[str]:
    """The distinct event days, in order."""
    return sorted({e["date"] for e in events if e.get("date")})


def highlight(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Article text as HTML with spans marked: [(start, end, css class)], non-overlapping ones
    kept in order. Every piece of text is escaped: article text is hostile."""
    import html

    out, pos = [], 0
    for start, end, cls in sorted(spans):
        if start < pos or end <= start:
            continue  # overlapping or empty span: keep the earlier one
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark class="{html.escape(cls)}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def per_day(events: list[dict]) -> dict[str, Counter]:
    """Events per day and type, for the timeline."""
    out: dict[str, Counter] = {}
    for e in events:
        if e.get("date"):
            out.setdefault(e["date"], Counter())[e["type"]] += 1
    return dict(sorted(out.items()))
