"""Command line: a thin layer over the library (`python -m geo --help`)."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import sys
from typing import TYPE_CHECKING, Iterable, TextIO

from geo.errors import GazetteerError, GeoError, InputError
from geo.gazetteer.index import Gazetteer, ensure_built, load, source_counts
from geo.pipeline import parse, parse_spans
from geo.processes import WARM_UP, WorkersDied, ordered_map
from geo.settings import Settings

if TYPE_CHECKING:
    from geo.store import Store

# The store's commands import the store where they run: SQLAlchemy and Alembic cost `geo parse`
# (which never opens a store) 0.4 s of start-up, a fifth of a cold parse of 817 articles.

log = logging.getLogger("geo")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAK = re.compile("[\x85\u2028\u2029]")


def _dumps(obj: dict) -> str:
    # a JSON-escaped lone surrogate ("\ud800") survives json.loads but has no UTF-8 form:
    # it goes out as U+FFFD, one character for one, so offsets still count the same
    line = _LONE_SURROGATE.sub("\ufffd", json.dumps(obj, ensure_ascii=False))
    # NEL and the Unicode line and paragraph separators, legal raw in a JSON string, end a
    # line for str.splitlines and many readers: escaped, one record stays one line (a regex, not
    # a dict translate, which looked up every character: 6% of parsing)
    return _LINE_BREAK.sub(lambda m: f"\\u{ord(m[0]):04x}", line)


def _finite(number: str) -> float:
    value = float(number)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"number {number[:20]} is out of range")
    return value


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity could not be written back as JSON


def _load(line: str):
    try:
        return json.loads(line, parse_float=_finite, parse_constant=_no_constant)
    except ValueError as exc:
        raise InputError(f"not valid JSON ({exc})") from None
    except RecursionError:
        raise InputError("JSON nested too deeply: each line is one flat object") from None


def parse_record(line: str, gaz: Gazetteer, focus: str | None = None) -> dict:
    """One JSON Lines input record -> one output record (raises InputError on bad input)."""
    rec = _load(line)
    if not isinstance(rec, dict):
        raise InputError("each line must be a JSON object with 'id' and 'text'")
    text = rec.get("text")
    if not isinstance(text, str):
        raise InputError("missing or non-string 'text'")
    spans = rec.get("spans")
    published = rec.get("published")
    if spans is not None:
        if not isinstance(spans, list) or not all(
                isinstance(s, (list, tuple)) and len(s) == 2 for s in spans):
            raise InputError("'spans' must be a list of [start, end] pairs")
        article = parse_spans(text, [tuple(s) for s in spans], published, gazetteer=gaz, focus=focus)
    else:
        article = parse(text, published, gazetteer=gaz, focus=focus)
    return {"id": rec.get("id"), **article.to_json()}


def _lines(paths: list[str]) -> Iterable[str]:
    """Input lines as text: read as bytes and decoded here, so that invalid UTF-8 becomes
    U+FFFD whatever the locale or PYTHONIOENCODING say, instead of ending the stream."""
    if not paths or paths == ["-"]:
        for raw in sys.stdin.buffer:
            yield raw.decode("utf-8", errors="replace")
        return
    for path in paths:
        try:
            with open(path, "rb") as fh:
                for raw in fh:
                    yield raw.decode("utf-8", errors="replace")
        except OSError as exc:
            raise GeoError(f"cannot read {path}: {exc.strerror}") from exc


def cmd_parse(args: argparse.Namespace, out: TextIO | None = None) -> int:
    if out is None:
        out = sys.stdout
        if hasattr(out, "reconfigure"):  # JSON Lines are UTF-8, whatever the locale says
            out.reconfigure(encoding="utf-8", errors="strict")
    global _GAZ, _FOCUS  # read by _parse_line, here and in the forked workers
    _GAZ, _FOCUS = load(Settings.from_env()), getattr(args, "focus", None)
    workers = _parse_workers(args)
    failed = bugs = 0
    try:
        for output, message, kind in ordered_map(_parse_line, enumerate(_lines(args.files), 1),
                                                 workers, warm_up=_warm_up):
            if message:
                print(message, file=sys.stderr)
            failed += kind == "input"
            bugs += kind == "bug"
            if output is not None:
                out.write(output)
                if out.isatty():
                    out.flush()
    except WorkersDied as exc:
        out.flush()
        print(f"error: {exc}; the lines written so far are complete — parse the rest again, "
              f"or with --workers 1", file=sys.stderr)
        return 2
    out.flush()
    # a bad line is the input's (exit 1 with --strict); an internal error is ours: always 1
    return 1 if bugs or (failed and args.strict) else 0


_GAZ: Gazetteer | None = None
_FOCUS: str | None = None


def _parse_workers(args: argparse.Namespace) -> int:
    """Processes for `geo parse`: one per core unless asked; one for a terminal, where a person
    types a line and waits for its answer."""
    if not args.files and sys.stdin.isatty():
        return 1
    return getattr(args, "workers", None) or os.cpu_count() or 1


def _warm_up() -> None:
    """Build the matchers and load the model here, before the workers are forked."""
    assert _GAZ is not None
    parse(WARM_UP, None, gazetteer=_GAZ)


def _parse_line(numbered: tuple[int, str]) -> tuple[str | None, str | None, str]:
    """One input line -> (its output line or None for a blank one, a message for stderr or
    None, 'ok' / 'input' / 'bug'). A module-level function: forked workers run it."""
    number, line = numbered
    if not line.strip():
        return None, None, "ok"
    assert _GAZ is not None
    try:
        result = parse_record(line, _GAZ, focus=_FOCUS) if _FOCUS else parse_record(line, _GAZ)
        return _dumps(result) + "\n", None, "ok"
    except InputError as exc:
        return (_dumps({"id": _guess_id(line), "error": str(exc)}) + "\n",
                f"geo parse: input line {number}: {exc}", "input")
    except Exception as exc:  # a bug must not lose the rest of the batch
        log.exception("geo parse: input line %d: internal error", number)
        return (_dumps({"id": _guess_id(line), "error": f"internal error: {exc!r}"}) + "\n",
                None, "bug")


def _guess_id(line: str):
    try:
        rec = _load(line)
    except InputError:
        return None
    return rec.get("id") if isinstance(rec, dict) else None


def cmd_gazetteer(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    from geo.gazetteer.add import add as add_places  # build-side code: not loaded by 'geo parse'
    from geo.gazetteer.add import added_files
    settings = Settings.from_env()
    if args.action == "add":
        if not args.file:
            print("error: give the file to add: python -m geo gazetteer add UA.txt", file=sys.stderr)
            return 2
        try:
            added = add_places(args.file, settings)
        except GazetteerError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"added {added.kept:,} places to {added.path} ({added.skipped:,} features of other "
              f"kinds skipped); rebuilding the gazetteer", file=out)
    path = ensure_built(settings)
    if args.action in ("build", "add"):
        print(f"gazetteer ready: {path}", file=out)
    elif args.markdown:
        print("| source | kind | rows |\n| --- | --- | ---: |", file=out)
        for label, count in sorted(source_counts(settings).items()):
            source, kind = label.split("|")
            print(f"| {source} | {kind} | {count:,} |", file=out)
    else:
        gaz = load(settings)
        print(f"gazetteer: {path}\nentries: {len(gaz):,}\nnames: {len(gaz.index):,}", file=out)
        for label, count in sorted(source_counts(settings).items()):
            print(f"  {label:45s} {count:8,d}", file=out)
        for name, count in added_files(settings):
            print(f"added with 'gazetteer add': {settings.added_dir / name} ({count:,} places)", file=out)
    return 0


def _store(args: argparse.Namespace) -> Store:
    from geo.store import Store

    return Store(args.db or Settings.from_env().db)


def _date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: use YYYY-MM-DD") from None


def _shown(text: str) -> str:
    """Text as one printable line: a file name with a newline, an escape sequence or a
    right-to-left override could otherwise forge or hide a progress line."""
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii")
                   for c in text)


def cmd_ingest(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    from geo.intake.batch import ingest_paths
    from geo.intake.geocode import OnlineGeocoder

    store = _store(args)
    total = [0]

    def progress(name: str, what: str) -> None:
        total[0] += 1
        print(f"[{total[0]}] {_shown(name)}: {_shown(what)}", file=sys.stderr)

    settings = Settings.from_env()
    network = args.network or settings.network
    geocoder = None
    if args.geocode:
        if not network:
            print("error: --geocode asks an online service: add --network (or NEWSMAP_NETWORK=1)",
                  file=sys.stderr)
            return 2
        geocoder = OnlineGeocoder(store, service=settings.geocoder, domain=settings.geocoder_domain)
    try:
        if args.cluster:
            if geocoder is not None:
                print("error: --geocode asks one online service at its rate limit: not with --cluster",
                      file=sys.stderr)
                return 2
            summary = _ingest_on_cluster(args, network, progress)
        else:
            summary = ingest_paths(args.paths, store, published=args.published, source=args.source,
                                   workers=args.workers, network=network, geocoder=geocoder,
                                   focus=args.focus, progress=progress)
    except InputError as exc:  # a focus the gazetteer does not know: nothing was read
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(summary.line(), file=out)
    for name, reason in summary.failed:
        print(f"failed: {_shown(name)}: {_shown(reason)}", file=out)
    return 1 if summary.failed else 0


def _ingest_on_cluster(args: argparse.Namespace, network: bool, progress):
    from geo.intake import cluster  # lazy: Dask is loaded only when a cluster is asked for

    db = args.db or Settings.from_env().db
    # Dask says every worker's start and stop at INFO: kept for -v
    logging.getLogger("distributed").setLevel(logging.INFO if args.verbose else logging.ERROR)
    return cluster.ingest_on_cluster(args.paths, str(db), args.cluster, published=args.published,
                                     source=args.source, network=network, focus=args.focus, progress=progress,
                                     bar=cluster.ProgressBar())


def cmd_export(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    from geo.store.export import render

    events = _store(args).events(types=args.type, date_from=args.date_from and args.date_from.isoformat(),
                                 date_to=args.date_to and args.date_to.isoformat(),
                                 origins=[args.origin])
    text = render(events, args.format)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
        print(f"{len(events)} events written to {args.output}", file=sys.stderr)
    else:
        out.write(text)
    return 0


def cmd_import(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    from geo.intake import datasets

    rows = datasets.acled_rows(args.file) if args.origin == "acled" else datasets.ucdp_rows(args.file)
    new, old = _store(args).import_events(args.origin, rows)
    print(f"{args.origin}: {new} new events, {old} already stored", file=out)
    return 0


def cmd_reprocess(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    n = _store(args).reprocess(lambda text, published: parse(text, published))
    print(f"reprocessed {n} articles; corrections kept", file=out)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from geo.benchmarks.run import main as bench_main  # a dev tool (folium, spaCy): loaded only when asked

    return bench_main((["--quick"] if args.quick else []) + (["--json", args.json] if args.json else [])
                      + (["--only", args.only] if args.only else []))


def _add_ingest(sub, db_help: str) -> None:
    i = sub.add_parser("ingest", help="read files or folders of articles into the store",
                       description="Formats: .txt .md .html .htm .pdf .docx .json .jsonl .csv .zip. "
                                   "Prints one line per article and a summary; exit 1 if any failed.")
    i.add_argument("paths", nargs="+", help="files, folders, or (with --network) article or feed URLs")
    i.add_argument("--network", action="store_true",
                   help="allow fetching URLs and RSS/Atom feeds (off by default; or NEWSMAP_NETWORK=1)")
    i.add_argument("--geocode", action="store_true",
                   help="look up names the gazetteer lacks online (needs --network; "
                        "NEWSMAP_GEOCODER picks the geopy service, default nominatim)")
    i.add_argument("--published", type=_date_arg, help="publication date for files that lack one")
    i.add_argument("--source", help="source name for articles that lack one")
    i.add_argument("--focus", metavar="CC", help="country code ('GB') that the articles' names lean "
                   "to where they do not say (default: none)")
    i.add_argument("--workers", type=int, default=None, help="parsing processes (default: all cores)")
    i.add_argument("--cluster", metavar="WHERE",
                   help="parse on a Dask cluster: local (a worker per core), local:N, or a scheduler's "
                        "address tcp://HOST:8786 (docs/store-and-ingestion.md)")
    i.add_argument("--db", help=db_help)
    i.set_defaults(func=cmd_ingest)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m geo", description="Newsmap geoparser.")
    ap.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="JSON Lines {id, text[, spans][, published]} -> places",
                       description="Read JSON Lines records from files or stdin and write one "
                                   "output line per input line: {id, places, unresolved}. "
                                   "With 'spans', resolve exactly those spans.")
    p.add_argument("files", nargs="*", help="input files (default: stdin)")
    p.add_argument("--strict", action="store_true", help="exit 1 if any input line was bad")
    p.add_argument("--focus", metavar="CC", help="country code ('GB') that names lean to where "
                                                 "an article does not say")
    p.add_argument("--workers", type=int, default=None,
                   help="parsing processes (default: all cores; one when typing at a terminal)")
    p.set_defaults(func=cmd_parse)
    db_help = "SQLite file or database URL (default: $NEWSMAP_DB or data/newsmap.db)"
    _add_ingest(sub, db_help)
    e = sub.add_parser("export", help="stored events as CSV, GeoJSON or KML")
    e.add_argument("--format", choices=["csv", "geojson", "kml"], default="geojson")
    e.add_argument("--type", action="append", help="only this event type (repeatable)")
    e.add_argument("--from", dest="date_from", type=_date_arg, help="first day, YYYY-MM-DD")
    e.add_argument("--to", dest="date_to", type=_date_arg, help="last day, YYYY-MM-DD")
    e.add_argument("-o", "--output", help="file to write (default: stdout)")
    e.add_argument("--origin", choices=["extracted", "acled", "ucdp"], default="extracted",
                   help="which layer: events extracted from articles or an imported dataset")
    e.add_argument("--db", help=db_help)
    e.set_defaults(func=cmd_export)
    for origin in ("acled", "ucdp"):
        m = sub.add_parser(f"import-{origin}", help=f"import a {origin.upper()} CSV as a layer of its own")
        m.add_argument("file")
        m.add_argument("--db", help=db_help)
        m.set_defaults(func=cmd_import, origin=origin)
    r = sub.add_parser("reprocess", help="re-run extraction on stored articles, keeping corrections")
    r.add_argument("--db", help=db_help)
    r.set_defaults(func=cmd_reprocess)
    g = sub.add_parser("gazetteer", help="build the gazetteer cache or show what is in it")
    g.add_argument("action", choices=["build", "info", "add"],
                   help="add FILE: merge a GeoNames country dump (UA.txt) or a CSV of places")
    g.add_argument("file", nargs="?", help="for add: the dump or CSV (see gazetteer/README.md)")
    g.add_argument("--markdown", action="store_true", help="info as the table in gazetteer/README.md")
    g.set_defaults(func=cmd_gazetteer)
    b = sub.add_parser("bench", help="measure speed, memory and accuracy (see geo/benchmarks/)",
                       description="Prints a Markdown table of the figures (README 'Speed and memory').")
    b.add_argument("--quick", action="store_true", help="small inputs, under a minute (what CI runs)")
    b.add_argument("--json", help="also write every figure to this JSON file")
    from geo.benchmarks.run import SECTIONS  # a dev tool, kept out of the runtime's imports; its top is light

    b.add_argument("--only", help=f"comma-separated sections to run, of: {', '.join(SECTIONS)}")
    b.set_defaults(func=cmd_bench)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except GeoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
