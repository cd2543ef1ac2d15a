"""Adding articles: pasted text, files (with a progress bar), the GeoVirus demo, and a URL or
feed when network use is on. One line per file says what was stored or why it failed."""
from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from pathlib import Path

import streamlit as st

import geo
from geo.events.dates import dateline
from geo.events.extractor import why_none
from geo.intake.batch import Summary, ingest_paths
from geo.intake.ingest import FORMATS, MAX_FILE_BYTES, Document, read_bytes
from geo.settings import PROJECT_DIR
from geo.store import Store
from geo.store import sources as source_settings
from geo.ui.common import load_gazetteer, say_date, settings

MAX_UPLOAD_MB = MAX_FILE_BYTES // 2**20  # what Streamlit's uploader states (server.maxUploadSize)
DEMO = PROJECT_DIR.parent / "shared" / "data" / "geoparse-dev" / "geovirus.jsonl"  # beside the repo


def upload_form(store: Store) -> None:
    st.subheader("Add articles")
    source = st.text_input("Source name (of the files or URL below)", key="up_source").strip()
    focus = _focus(store, source)
    _pasted(store, focus)
    if DEMO.is_file() and st.button("Load the GeoVirus benchmark articles as a demo", key="demo"):
        summary = ingest_paths([DEMO], store, source="GeoVirus (WikiNews)", workers=1)
        _report([f"GeoVirus demo: {summary.line()}"])
    files = st.file_uploader("Files", accept_multiple_files=True,
                             type=[f.lstrip(".") for f in FORMATS], key="upload")
    _dates_found(files or [])
    published = st.date_input("Published (for articles without a date)", value=None, key="up_date")
    if files and published is None:
        st.caption("Files without a date of their own (in their metadata or at the article's "
                   "head) and none set here keep relative dates such as “on Saturday” undated.")
    if st.button("Ingest", key="ingest") and files:
        _ingest_files(store, files, published, source or None, focus)
    if settings().network:
        url = st.text_input("Article or RSS/Atom feed URL", key="up_url")
        if st.button("Fetch and store", key="fetch") and url.strip():
            with st.spinner("Fetching…"):
                summary = ingest_paths([url.strip()], store, published=published,
                                       source=source or None, workers=1, network=True, focus=focus)
            _report([f"{url.strip()}: {summary.line()}",
                     *(f"{name}: failed: {why}" for name, why in summary.failed)])
    for line in st.session_state.get("upload_report", []):
        st.text(line)


def _pasted(store: Store, focus: str | None) -> None:
    pasted = st.text_area("Paste an article", key="paste_text", height=120)
    title = st.text_input("Title of the pasted article", key="paste_title")
    published = st.date_input("Published (the pasted article's own date)", value=None,
                              key="paste_date")
    if pasted.strip() and published is None:
        say_date(dateline(pasted))
    if st.button("Store the pasted article", key="paste_store") and pasted.strip():
        try:
            parsed = geo.parse(pasted, published, gazetteer=load_gazetteer(), focus=focus)
            saved = store.save(parsed, title=title or None, source="pasted")
            _report([f"pasted article: {saved.status}, {saved.events} events" if saved.events
                     else f"pasted article: {saved.status}, {why_none(parsed.text, parsed.places)}"])
        except geo.GeoError as exc:
            _report([f"pasted article: failed: {exc}"])


def _focus(store: Store, source: str) -> str | None:
    """The focus country of what is added next: where an article does not say which
    Cambridge it means, its names lean there (`geo.parse(focus=)`). Empty: no lean. Pre-filled
    with the focus remembered for the source named (`geo.store.sources`), once per name."""
    if st.session_state.get("up_focus_for") != source:
        st.session_state["up_focus_for"] = source
        remembered = source_settings.focus(store, source) if source else None
        if remembered is not None:
            st.session_state["up_focus"] = remembered
    code = st.text_input("Focus country (ISO code such as GB; optional)", key="up_focus",
                         max_chars=2).strip().upper()
    if code and code not in load_gazetteer().country_entry:
        st.warning(f"“{code}” is not a country code the gazetteer knows: no focus is used.")
        return None
    if source and st.button(f"Make {code or 'no focus'} the default for “{source}”",
                            key="up_focus_save"):
        source_settings.set_focus(store, source, code or None)
        st.session_state["up_focus_saved"] = f"“{source}” now defaults to {code or 'no focus'}."
    if st.session_state.get("up_focus_saved"):
        st.caption(st.session_state["up_focus_saved"])
    return code or None


def _dates_found(files) -> None:
    """Say which publication dates the files' metadata hold, once per new set of files. They
    date their own files only: the date field, for the files without one, is never filled
    from another file's metadata."""
    if not files:
        return
    names = hashlib.sha1("|".join(f"{f.name}:{f.size}" for f in files).encode()).hexdigest()
    if st.session_state.get("up_files_seen") != names:
        st.session_state["up_files_seen"] = names
        st.session_state["up_date_found"] = found_date(
            [(f.getvalue(), f.name) for f in files if f.size <= MAX_UPLOAD_MB * 2**20])
    if st.session_state.get("up_date_found"):
        st.caption(f"Publication date {st.session_state['up_date_found']} found in the files' "
                   f"metadata; articles with their own date keep it.")


def found_date(files: list[tuple[bytes, str]]) -> dt.date | None:
    """The earliest publication date the ingester finds in these (bytes, name) files."""
    dates = [doc.published for data, name in files for doc in read_bytes(data, name)
             if isinstance(doc, Document) and doc.published]
    return min(dates) if dates else None


def _ingest_files(store: Store, files, published: dt.date | None, source: str | None,
                  focus: str | None = None) -> None:
    lines: list[str] = []
    total = Summary()
    bar = st.progress(0.0, text=f"Ingesting {len(files)} files…")
    with tempfile.TemporaryDirectory() as tmp:
        for i, f in enumerate(files, 1):
            if f.size > MAX_UPLOAD_MB * 1024 * 1024:
                lines.append(f"{f.name}: over the {MAX_UPLOAD_MB} MB limit — split it or "
                             f"use `python -m geo ingest`")
            else:
                path = Path(tmp) / Path(f.name).name  # no directory parts from the browser
                path.write_bytes(f.getvalue())
                one = ingest_paths([path], store, published=published, source=source, workers=1,
                                   focus=focus,
                                   progress=lambda name, what: lines.append(f"{Path(name).name}: {what}"))
                _add(total, one)
            bar.progress(i / len(files), text=f"{i} of {len(files)} files: {f.name}")
    _report([total.line(), *lines])


def _add(total: Summary, one: Summary) -> None:
    for name in ("new", "duplicate", "revision", "events"):
        setattr(total, name, getattr(total, name) + getattr(one, name))
    total.failed.extend(one.failed)


def _report(lines: list[str]) -> None:
    st.session_state["upload_report"] = lines
    st.rerun()  # new events appear on the map at once
