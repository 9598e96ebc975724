"""The pipeline, in order: every stage of the build, what it reads and what it makes.

A stage has up to two steps:

* ``extract(doc, article)`` — per article, on the parsed body: plain row dicts with absolute offsets
  into the article's original text.  Its rows are cached with the parse, so every package it
  depends on is listed in ``modules`` (their source is part of the cache key).
* ``resolve(tables, context)`` — corpus level, a pure function from the tables so far (the
  ``articles`` table, each extract step's rows as the table named by its ``rows``, and every earlier
  stage's tables) to the tables it ``produces``.

The runner (:mod:`preprocessing.build`) loops over :data:`STAGES`; adding a stage means adding one
entry here and its functions in its own package.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
from spacy.tokens import Doc

from . import schema
from .claims.extract import CLAIM_KEYS, doc_claims, headline_claims
from .claims.resolve import compare_claims
from .entities import canonicalise, doc_mentions
from .events import doc_events, resolve_events
from .geo import resolve_places
from .nlp.sentences import doc_sentences
from .route import build_routes, build_source_routes
from .settings import curated_file


@dataclass
class ParsedArticle:
    """What an extract step sees besides the parse: the article and the rows of earlier stages."""

    article_id: str
    path: str  # the file name, for warnings
    text: str  # the article's full original text
    offset: int  # where the parsed body starts in ``text``
    rows: dict[str, list[dict]]
    headline: Doc | None = None  # the parsed headline line of the header, when there is one
    headline_offset: int = -1  # where it starts in ``text``


@dataclass(frozen=True)
class BuildContext:
    data_dir: Path
    online_geocode: bool = False


Tables = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class Stage:
    name: str
    extract: Callable[[Doc, ParsedArticle], list[dict]] | None = None
    rows: str = ""  # the table the extract rows form (with article_id) for the resolve steps
    frame: Callable[[list[dict]], pd.DataFrame] | None = None  # rows → table (default: pd.DataFrame)
    resolve: Callable[[Tables, BuildContext], Tables] | None = None
    produces: tuple[str, ...] = ()
    trims: tuple[str, ...] = ()  # tables whose working columns are dropped when written
    modules: tuple[str, ...] = ()  # packages (under preprocessing/) whose source is in the cache key


# ---- per-article steps --------------------------------------------------------------------------
def _sentences(doc: Doc, a: ParsedArticle) -> list[dict]:
    return doc_sentences(doc, a.text, a.offset)


def _mentions(doc: Doc, a: ParsedArticle) -> list[dict]:
    rows = []
    for i, m in enumerate(doc_mentions(doc, a.offset)):
        rows.append({"mention_idx": i, **m, "text": a.text[m["start"]:m["end"]]})
    return rows


def _events(doc: Doc, a: ParsedArticle) -> list[dict]:
    return doc_events(doc, a.offset, a.rows.get("entities", []))


def _claims(doc: Doc, a: ParsedArticle) -> list[dict]:
    rows = doc_claims(doc, a.offset, a.text)
    if a.headline is not None:
        rows = headline_claims(a.headline, a.headline_offset, a.text) + rows
    return rows


# ---- rows → tables (the shape of an empty corpus) -----------------------------------------------
def _sentence_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows) if rows else schema.empty("sentences")


def _mention_frame(rows: list[dict]) -> pd.DataFrame:
    if rows:
        return pd.DataFrame(rows)
    return schema.empty("mentions").assign(mention_idx=pd.Series(dtype="int64"))


def _event_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows) if rows else pd.DataFrame(columns=["article_id", "sent_id"])


def _claim_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=CLAIM_KEYS)


# ---- corpus steps -------------------------------------------------------------------------------
def _resolve_entities(t: Tables, ctx: BuildContext) -> Tables:
    mentions, entities = canonicalise(t["mentions_raw"], aliases_path=curated_file(ctx.data_dir, "aliases.csv"))
    return {"mentions": mentions, "entities": entities}


def _resolve_places(t: Tables, ctx: BuildContext) -> Tables:
    return {"places": resolve_places(t["entities"], t["mentions"], data_dir=ctx.data_dir, online=ctx.online_geocode)}


def _resolve_events(t: Tables, ctx: BuildContext) -> Tables:
    return {"events": resolve_events(t["events_raw"], t["mentions"], t["entities"], t["places"], t["articles"],
                                     t["sentences"])}


def _resolve_route(t: Tables, ctx: BuildContext) -> Tables:
    analysed = t["articles"][t["articles"]["status"] == "ok"]
    return {"route": build_routes(t["events"], t["places"], t["entities"], t["articles"]),
            "source_routes": build_source_routes(t["events"], t["places"], t["entities"], analysed)}


def _resolve_claims(t: Tables, ctx: BuildContext) -> Tables:
    return compare_claims(t["claims_raw"], t["mentions"], t["entities"], t["places"], t["articles"])


# The parse itself: the nlp package (and the gazetteer its corrector reads, through the curated-file
# readers) shape every extract step, and every extract step reads its words from lang.
PARSE_MODULES = ("nlp", "lang", "curated.py", "geo/gazetteer.py", "geo/index.py", "geo/sources.py", "settings.py",
                 "stages.py",
                 "build.py")

STAGES: tuple[Stage, ...] = (
    Stage("sentences", extract=_sentences, rows="sentences", frame=_sentence_frame,
          produces=("sentences",), trims=("sentences",), modules=("nlp",)),
    Stage("entities", extract=_mentions, rows="mentions_raw", frame=_mention_frame, resolve=_resolve_entities,
          produces=("mentions", "entities"), trims=("mentions",), modules=("entities",)),
    Stage("places", resolve=_resolve_places, produces=("places",)),
    Stage("events", extract=_events, rows="events_raw", frame=_event_frame, resolve=_resolve_events,
          produces=("events",), modules=("events",)),
    Stage("route", resolve=_resolve_route, produces=("route", "source_routes")),
    Stage("claims", extract=_claims, rows="claims_raw", frame=_claim_frame, resolve=_resolve_claims,
          produces=("claims", "claim_groups", "source_pairs", "event_groups"), modules=("claims", "events")),
)


def cache_modules() -> list[str]:
    """Every source path (relative to preprocessing/) whose code shapes the cached per-article rows."""
    seen: list[str] = []
    for m in PARSE_MODULES + tuple(m for s in STAGES if s.extract for m in s.modules):
        if m not in seen:
            seen.append(m)
    return seen
