"""What every page shares: the tables (built when stale, loaded through a cache) and the global filters.

``app.py`` calls :func:`run_app`: it makes sure the tables exist, draws the sidebar filters
(sources, entities by type, date range) bound to the URL, notes URL parameters it could not use,
and runs the chosen page.  The filters are drawn by the entry script, not by each page, because
only widgets of the entry script keep their value and their URL parameters across a page switch.
A page starts with ``view = page_setup()`` to get the tables cut by those filters.  Pages never
read files or parse text.

The pages themselves, their URL parameters and the links between them are declared once in
:mod:`components.registry`.  This lives in ``pages/__init__.py`` because Streamlit treats every
other ``.py`` file in ``pages/`` as a page of its legacy multipage mode (see
:func:`_leave_legacy_pages_mode`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pandas as pd
import streamlit as st

from components.entity_types import TYPE_NAMES, type_rank
from components.filtering import Filtered, Filters, apply_filters, date_bounds, entity_labels
from components.registry import FILTER_NAMES, PAGE_PARAM_NAMES, PAGES, filter_param
from components.url_params import Param, check_params, md_escape
from preprocessing import access, corpora, rebuild, schema
from preprocessing.build import BuildError, build, load_tables, stale_reason
from preprocessing.settings import ACCESS_FILE, DEFAULT_CORPUS, REBUILD_POLL_S, corpora_dir, corpus_dir

FAVICON = Path(__file__).resolve().parent.parent / "static" / "favicon.png"

_run = threading.local()  # the View of the script run in progress (one thread per run)


def data_dir() -> Path:
    """The folder of the corpus this run shows: the one chosen in the sidebar (``corpus=``), else the
    default corpus, $TRIANGULATE_DATA_DIR (for a hosted analyst corpus or tests) or ./data."""
    chosen = getattr(_run, "corpus", None)
    return chosen.path if chosen is not None else corpus_dir()


def processed_dir() -> Path:
    return data_dir() / "processed"


def ensure_tables() -> None:
    """Build the tables when they are missing or older than the articles, with visible progress."""
    articles = data_dir() / "articles"
    if not articles.is_dir():
        st.error(f"The articles folder {articles} does not exist. Put the articles (.txt, .md or .html) "
                 "there, or point TRIANGULATE_DATA_DIR at a folder that holds an articles/ folder.",
                 icon=":material/folder_off:")
        st.stop()
    busy = rebuild.status(data_dir()).running
    has_tables = all((processed_dir() / f"{name}.parquet").exists() for name in schema.TABLES)
    if busy:  # a background rebuild (an upload, a metadata save): serve the tables it will replace
        if not has_tables:
            st.info("The tables of this corpus are being built; the page opens when they are ready.",
                    icon=":material/hourglass_top:")
            _rebuild_progress(str(data_dir()))
            st.stop()
        return
    reason = stale_reason(articles, processed_dir(), data_dir())
    if reason is None:
        return
    failed = _failed_builds.get((str(processed_dir()), reason))
    if failed is None:
        with st.status(f"Preparing the tables ({reason})…", expanded=True) as status:
            bar = st.progress(0.0, text="Parsing articles…")

            def on_progress(done: int, total: int) -> None:
                bar.progress(done / max(total, 1), text=f"Parsed {done} of {total} articles")

            try:
                result = build(data_dir() / "articles", processed_dir(), data_dir=data_dir(), on_progress=on_progress)
            except BuildError as exc:
                # Remembered per input state: every rerun would otherwise rebuild, and fail, again.
                failed = _failed_builds[(str(processed_dir()), reason)] = str(exc)
                status.update(label="The tables could not be rebuilt", state="error", expanded=False)
            else:
                status.update(label=f"Tables built in {result.seconds:.1f}s", state="complete", expanded=False)
        _load.clear()
    if failed is not None:
        has_old = all((processed_dir() / f"{name}.parquet").exists() for name in schema.TABLES)
        st.error(f"The build failed: {md_escape(failed)}. "
                 + ("Showing the tables of the last good build." if has_old else
                    "There are no earlier tables to show; run `python -m preprocessing build` to see the full error."),
                 icon=":material/error:")
        if not has_old:
            st.stop()


# (output folder, why it was stale) → the error of the build that failed for exactly that state
_failed_builds: dict[tuple[str, str], str] = {}


def _mtime_key() -> float:
    """Changes whenever a table file is rewritten, so the cache follows the build."""
    files = list(processed_dir().glob("*.parquet"))
    return max((f.stat().st_mtime for f in files), default=0.0)


# cache_resource, not cache_data: the tables are shared read-only, not unpickled afresh on every
# run (about half of a warm Overview run at 1,000 articles, bench/app_latency.py).  So pages and
# components must never modify a table in place.
@st.cache_resource(show_spinner=False, max_entries=4)
def _load(out_dir: str, key: float) -> dict[str, pd.DataFrame]:
    """``key`` is the tables' newest mtime: a rebuild, even by the CLI in another process, reloads."""
    return load_tables(Path(out_dir))


def tables() -> dict[str, pd.DataFrame]:
    return _load(str(processed_dir()), _mtime_key())


@st.cache_resource(show_spinner=False, max_entries=64)
def _filtered(out_dir: str, key: float, filters: Filters) -> Filtered:
    return apply_filters(_load(out_dir, key), filters)


def raw_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def _dismiss_notes(scope: str) -> None:
    st.session_state.get("_url_notes", {}).pop(scope, None)


def show_notes(notes: list[str], scope: str) -> None:
    """Show URL notes until dismissed: Streamlit strips the bad values from the URL on the next
    run, so a note shown only once would vanish before the analyst could read it."""
    kept = st.session_state.setdefault("_url_notes", {}).setdefault(scope, [])
    kept += [n for n in notes if n not in kept]
    if not kept:
        return
    for note in kept:
        st.warning(md_escape(note), icon=":material/warning:")  # parameter values are untrusted: no markup
    st.button("Dismiss", key=f"dismiss-notes-{scope}", on_click=_dismiss_notes, args=(scope,),
              type="tertiary", icon=":material/close:")


def note_page_params(*params: Param) -> None:
    """Warn about these URL parameters of the page (``PAGE.param(name, choices=…)``) that its
    widgets will not be able to use."""
    raw = {k: v for k, v in raw_params().items() if k in {p.name for p in params}}
    show_notes(check_params(raw, params)[0], scope=",".join(sorted(p.name for p in params)))


@dataclass(frozen=True)
class Corpus:
    """The corpus a run shows, and what the visitor may do with it."""

    name: str
    path: Path
    can_edit: bool
    user: str | None = None  # the signed-in address; None for a local user (no sign-in configured)


@dataclass(frozen=True)
class View:
    """What a page works from: filtered tables, the filters, and the full tables for context."""

    data: Filtered
    key: tuple  # identifies the tables and filters: a cache key for what a page derives from them
    filters: Filters
    all: dict[str, pd.DataFrame]
    labels: dict[str, str]  # entity id -> display label
    corpus: Corpus | None = None

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.data[name]


def _clear_filters() -> None:
    for key in ("source", "entity", "etype"):
        st.session_state[key] = []
    st.session_state.pop("dates", None)


def navigation():
    # url_path given, not inferred, so that the links (components/links.py) point where pages are served.
    return st.navigation([st.Page(p.path, title=p.title, icon=p.icon, default=p.default,
                                  url_path=p.url_path or None) for p in PAGES])


def _on_corpus_change() -> None:
    """Another corpus has other sources, entities and articles: the filters and the article go."""
    _clear_filters()
    for name in ("article", "sentence", "group", "focus", "traveller"):
        st.session_state.pop(name, None)
        if name in st.query_params:
            del st.query_params[name]


def auth_configured() -> bool:
    """Sign-in is configured when .streamlit/secrets.toml has an [auth] section (st.login's OIDC)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: a local user
        return False


def _choose_corpus() -> Corpus:
    """Sign-in (when configured), then the corpus picker bound to ``corpus=``: only corpora the
    visitor may view are offered, and a ``corpus=`` naming another (or a path) is refused with a note."""
    signed_in = auth_configured()
    email, rules = None, access.OPEN
    if signed_in:
        if not st.user.is_logged_in:
            navigation()  # out of the legacy pages/ mode, so the sidebar lists no page files
            st.title("Triangulate")
            st.info("This dashboard is private: sign in to see the corpora you are listed for.",
                    icon=":material/lock:")
            if st.button("Sign in", key="sign-in", icon=":material/login:", type="primary"):
                st.login()
            st.stop()
        email = str(st.user.get("email") or "")
        rules = access.read_rules(corpora_dir() / ACCESS_FILE)
        if rules.problem:
            st.error(md_escape(rules.problem), icon=":material/lock:")
    found = corpora.list_corpora()
    allowed = [n for n in found if not signed_in or access.can_view(rules, n, email)]
    raw = {k: v for k, v in raw_params().items() if k == "corpus"}
    show_notes(check_params(raw, [filter_param("corpus", choices=allowed)])[0], scope="corpus")
    with st.sidebar:
        if signed_in:
            st.caption(f"Signed in as {md_escape(email or 'an account without an address')}")
            if st.button("Sign out", key="sign-out", type="tertiary", icon=":material/logout:"):
                st.logout()
        else:
            st.caption("No sign-in configured: a local tool. Anyone who can open this address sees and edits "
                       "every corpus (see the README to serve others).")
        if not allowed:
            st.warning("You are not listed as a viewer of any corpus. Ask whoever runs this dashboard.",
                       icon=":material/lock:")
            navigation()
            st.stop()
        if st.session_state.get("corpus") not in (None, *allowed):
            st.session_state.pop("corpus")
        name = st.selectbox("Corpus", allowed, key="corpus", bind="query-params", persist_state="session",
                            on_change=_on_corpus_change, help="Each corpus is a folder of articles with its own "
                            "tables; the filters below apply to the chosen one.") if len(allowed) > 1 else allowed[0]
    name = name if name in allowed else (DEFAULT_CORPUS if DEFAULT_CORPUS in allowed else allowed[0])
    if st.session_state.get("_corpus_shown", name) != name:
        # Reached by a link or the address bar, not the picker: the other corpus' remembered filters
        # go too, except those the address sets.
        for key in ("source", "entity", "etype", "dates", "article", "sentence"):
            if key not in st.query_params:
                st.session_state.pop(key, None)
    st.session_state["_corpus_shown"] = name
    return Corpus(name, found[name], can_edit=not signed_in or access.can_edit(rules, name, email), user=email)


@st.fragment(run_every=REBUILD_POLL_S)
def _rebuild_progress(key: str) -> None:
    """A background rebuild's progress, polled; when it is done, the whole page reruns on the new tables."""
    state = rebuild.status(Path(key))
    seen = st.session_state.setdefault("_rebuild_seen", {})
    if state.running:
        frac = state.done / state.total if state.total else 0.0
        st.progress(frac, text=f"Rebuilding: parsed {state.done} of {state.total} new article(s)…" if state.total
                    else "Rebuilding the tables…")
        st.caption("The pages show the previous tables until the new ones are ready.")
    elif seen.get(key) != state.generation:
        seen[key] = state.generation
        st.rerun(scope="app")


def _rebuild_panel() -> None:
    key = str(data_dir())
    state = rebuild.status(data_dir())
    seen = st.session_state.setdefault("_rebuild_seen", {})
    if not state.running:
        seen.setdefault(key, state.generation)
    with st.sidebar:
        if state.running or seen.get(key) != state.generation:
            _rebuild_progress(key)
        elif state.error:
            st.error(f"The last rebuild failed: {md_escape(state.error)}. The previous tables are shown.",
                     icon=":material/error:")


def run_app() -> None:
    """The entry script's work: page config, sign-in and corpus, tables, navigation, global filters,
    then the page."""
    # A local image: a :material/…: page icon makes the browser fetch the favicon from Google's fonts CDN.
    st.set_page_config(page_title="Triangulate", page_icon=str(FAVICON), layout="wide")
    _run.corpus = None
    _run.corpus = _choose_corpus()
    ensure_tables()
    page = navigation()
    _rebuild_panel()
    _run.view = _global_filters()
    arts = _run.view.all["articles"]
    if not (arts["status"] == "ok").any():
        st.warning(f"No article could be analysed in {data_dir() / 'articles'}: "
                   + (f"all {len(arts)} file(s) were refused (see the Overview's build warnings)."
                      if len(arts) else "the folder holds no .txt, .md or .html file."),
                   icon=":material/warning:")
    try:
        page.run()
    finally:
        _run.view = None
        _run.corpus = None


def page_setup() -> View:
    """The filtered tables for the page being run by :func:`run_app`."""
    view = getattr(_run, "view", None)
    if view is None:
        _leave_legacy_pages_mode()
    return view


def _leave_legacy_pages_mode() -> NoReturn:
    """Serve through ``app.py`` a page file Streamlit ran directly.

    Until ``st.navigation`` has been called once in the process, Streamlit is in its legacy
    multipage mode, listing every ``pages/*.py`` but ``__init__.py`` as a page, and may run a page
    file without the entry script: on the first request after a server start, or on
    ``AppTest.switch_page``.  Then no filters were drawn.  Registering the real navigation ends
    that mode; the rerun runs ``app.py`` with the same URL, which runs this page again, filtered.
    """
    navigation()
    st.rerun()


def _global_filters() -> View:
    t = tables()
    ok = t["articles"][t["articles"]["status"] == "ok"]
    sources = sorted(ok["source"].unique())
    ents = t["entities"].sort_values(["n_mentions", "name"], ascending=[False, True])
    labels = entity_labels(ents)
    id_of = {v: k for k, v in labels.items()}
    types = sorted(ents["label"].unique(), key=type_rank)
    bounds = date_bounds(ok)

    raw = {k: v for k, v in raw_params().items() if k != "corpus"}  # checked by _choose_corpus
    params = [filter_param("source", choices=sources), filter_param("entity", choices=set(id_of)),
              filter_param("etype", choices=types)]
    if bounds:
        params.append(filter_param("dates", lo=bounds[0], hi=bounds[1]))
    # Another page's parameters are left alone: after a page switch they are not "unknown".
    notes, unknown = check_params(raw, params, known_elsewhere=PAGE_PARAM_NAMES)
    for name in unknown:
        if name not in FILTER_NAMES:
            del st.query_params[name]
    show_notes(notes, scope="global")

    with st.sidebar:
        st.header("Filters")
        chosen_sources = st.multiselect(
            "Sources", sources, key="source", bind="query-params", persist_state="session",
            placeholder="All sources", help="Keep only the articles of these outlets.")
        chosen_types = st.multiselect(
            "Entity types", types, key="etype", bind="query-params", persist_state="session",
            format_func=lambda lab: f"{lab} ({TYPE_NAMES[lab]})" if lab in TYPE_NAMES else lab,
            placeholder="All types", help="Narrows the entity list below.")
        # Entities already chosen (from the URL or earlier) stay selectable whatever the type filter.
        pinned = set(st.session_state.get("entity") or []) | {v for v in raw.get("entity", []) if v in id_of}
        options = [labels[e] for e, lab in zip(ents["entity_id"], ents["label"])
                   if not chosen_types or lab in chosen_types or labels[e] in pinned]
        chosen_entities = st.multiselect(
            "Entities", options, key="entity", bind="query-params", persist_state="session",
            placeholder="Type to search", help="Keep the articles and sentences that mention any of these.")
        date_range = None
        if bounds and bounds[0] < bounds[1]:
            picked = st.date_input("Article dates", value=bounds, min_value=bounds[0], max_value=bounds[1],
                                   key="dates", bind="query-params", persist_state="session",
                                   help="By publication date, else the date in the file's header. "
                                        "Undated articles are always kept.")
            if isinstance(picked, (tuple, list)) and len(picked) == 2 and tuple(picked) != tuple(bounds):
                date_range = (picked[0], picked[1])
        filters = Filters(tuple(chosen_sources), tuple(id_of[e] for e in chosen_entities if e in id_of),
                          date_range)
        if filters.active or chosen_types:
            st.button("Clear filters", key="clear-filters", on_click=_clear_filters, icon=":material/filter_alt_off:")
        st.caption("Filters are part of the address: copy the link to share this exact view.")

        data = _filtered(str(processed_dir()), _mtime_key(), filters)
        if filters.active:
            msg = f"Showing {len(data['articles'])} of {len(ok)} articles"
            if data.undated_kept:
                msg += f" ({data.undated_kept} undated, kept)"
            st.info(msg + ".")
    return View(data, (str(processed_dir()), _mtime_key(), filters), filters, t, labels, _run.corpus)
