"""The dashboard's pages, declared once: script, title, icon, URL path and URL parameters.

Everything that names a page or a URL parameter derives from here: the navigation
(``pages.navigation``), the set of parameter names the app knows (any other is dropped from the URL
with a note), each page's checks of its own parameters (``pages.note_page_params``), and every link
between pages (:func:`components.links.page_link`).

A parameter is declared with what is known before the tables are read: its name, its kind and
what the note calls its values (see :class:`components.url_params.Param`).  What only a run knows,
the choices (the corpus's sources, the filtered articles, a page's own option list, kept with its
widget) or a bound (the highest co-mention count), the page fills in with :meth:`Page.param`.

Pure data: no Streamlit, no files.  The scripts stay in ``pages/``, whose other ``.py`` files
Streamlit would list in its legacy multipage mode, so this module lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from components.url_params import Param


def _pick(params: tuple[Param, ...], name: str, owner: str, **known_at_run_time) -> Param:
    for p in params:
        if p.name == name:
            return replace(p, **known_at_run_time)
    raise KeyError(f"{owner} declares no URL parameter {name!r}")


@dataclass(frozen=True)
class Page:
    path: str  # the script, relative to the project root (what st.Page and AppTest.switch_page take)
    title: str
    icon: str
    params: tuple[Param, ...] = ()  # the page's own URL parameters, beyond the global filters
    default: bool = False  # served at the app's root URL

    @property
    def url_path(self) -> str:
        """The page's address relative to the app's root (the navigation serves it there): the
        file's stem, as Streamlit would infer it, or ``""`` for the default page."""
        return "" if self.default else PurePosixPath(self.path).stem

    def param(self, name: str, **known_at_run_time) -> Param:
        """The declared parameter ``name`` with run-time fields (``choices``, ``lo``, ``hi``) filled in."""
        return _pick(self.params, name, self.title, **known_at_run_time)


# The sidebar's filters: drawn by app.py for every page, kept across page switches and by links.
# ``corpus`` comes first: it picks the tables the other filters cut (preprocessing/corpora.py).
FILTERS = (
    Param("corpus", "one", what="corpus you may open"),
    Param("source", "multi", what="source"),
    Param("entity", "multi", what="entity"),
    Param("etype", "multi", what="entity type"),
    Param("dates", "dates"),
)

OVERVIEW = Page("pages/overview.py", "Overview", ":material/newspaper:", default=True)
READER = Page("pages/reader.py", "Reader", ":material/menu_book:", (
    Param("article", "one", what="article among the filtered ones"),
    Param("sentence", "int", lo=0, what="sentence number"),  # the sentence a link points at, marked
    Param("claim", "one", what="claim of this article"),  # claims.claim_id: the evidence sentence to underline
))
ROUTE_MAP = Page("pages/route_map.py", "Route map", ":material/map:", (
    Param("traveller", "one", what="traveller"),
    Param("by_source", "bool"),
    Param("faint_places", "bool"),
))
CO_MENTIONS = Page("pages/co_mentions.py", "Co-mentions", ":material/hub:", (
    Param("scope", "one"),  # choices: components.co_mentions.SCOPES
    Param("min_weight", "int", lo=1, what="minimum co-mentions"),
    Param("node_types", "multi", what="entity type"),
    Param("view", "one"),  # choices: components.co_mentions.VIEWS
    Param("focus", "one", what="entity in the filtered network"),
))
CLAIMS = Page("pages/claims.py", "Claims", ":material/fact_check:", (
    Param("claim_view", "one", what="matrix view"),  # choices: components.claims.VIEWS
    Param("group", "one", what="claim group"),
    Param("event", "one", what="event"),  # event_groups.event_id
))

TIMELINE = Page("pages/timeline.py", "Timeline", ":material/timeline:", (
    Param("lanes", "one"),  # choices: components.timeline.LANES
    Param("planned", "bool"),
))

SEARCH = Page("pages/search.py", "Search", ":material/search:", (
    Param("q", "text", what="search text"),  # hi: preprocessing.settings.MAX_SEARCH_CHARS
    Param("kinds", "multi", what="kind of hit"),  # choices: components.search.KINDS
))
# Adding articles and editing their metadata; no URL parameters (it acts, it does not show a view).
CORPUS = Page("pages/corpus.py", "Add & edit", ":material/upload_file:")

PAGES = (OVERVIEW, READER, ROUTE_MAP, TIMELINE, CO_MENTIONS, CLAIMS, SEARCH, CORPUS)  # in the navigation's order

FILTER_NAMES = frozenset(p.name for p in FILTERS)
# Every page's own parameters: after a page switch, another page's parameter is not "unknown".
PAGE_PARAM_NAMES = frozenset(p.name for page in PAGES for p in page.params)


def filter_param(name: str, **known_at_run_time) -> Param:
    """The global filter ``name`` with its run-time choices or date bounds filled in."""
    return _pick(FILTERS, name, "The filters", **known_at_run_time)


def page_at(url_path: str) -> Page:
    """The page served at ``url_path`` (``""`` or ``"/"`` for the default page)."""
    path = url_path.strip("/")
    for page in PAGES:
        if page.url_path == path:
            return page
    raise KeyError(f"no page is served at {url_path!r}")
