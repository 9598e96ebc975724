"""The build: articles folder → analysed tables → Parquet, incrementally and atomically.

Two kinds of stage run here, in one direction:

* per-article analysis (``analyse_doc``): spaCy over the article body, then sentences, raw mentions
  and raw events.  This is the expensive part, so its result is cached per article under
  ``<cache_dir>/<key>.pkl`` where the key hashes the raw bytes and everything that shapes the
  analysis (model name and version, pipeline version, the ruler's input files).  Unchanged articles
  are not re-parsed.  ``--workers N`` spreads articles over N processes, each running ``nlp.pipe``.
* corpus-level resolution: canonical entities, geocoded places, dated events and routes.  These
  look across articles, are cheap, and always run.

The result is written to a temporary directory beside the output and swapped in with renames, so a
reader never sees half a build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
import pyarrow.parquet as pq

from . import entities as entities_mod
from . import events as events_mod
from . import ingest, nlp, places as places_mod, route as route_mod, schema
from .claims import compare as claims_compare, extract as claims_extract
from .paths import DATA_DIR, curated_file

# Bump when per-article analysis output changes shape or meaning: it invalidates the cache.  The
# source of the modules that shape per-article analysis is hashed into the key as well, so an edit
# there cannot serve stale analyses even when nobody remembers to bump this.
PIPELINE_VERSION = "5"
ANALYSIS_MODULES = ("build.py", "nlp.py", "ner_fix.py", "entities.py", "events.py", "timexp.py", "gazetteer.py",
                    "claims/extract.py", "claims/quantities.py")
BATCH_SIZE = 32


@dataclass
class BuildResult:
    out_dir: Path
    tables: dict[str, pd.DataFrame]
    n_parsed: int = 0
    n_cached: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


def analyse_doc(doc, original: str, offset: int) -> dict[str, list[dict]]:
    """Per-article analysis of one parsed body.

    ``original`` is the article's full original text; ``offset`` is where the parsed body starts in
    it.  Returns plain lists of dicts (picklable, cacheable) with absolute offsets.
    """
    sentences = []
    para_id, last_end = 0, offset
    for i, sent in enumerate(doc.sents):
        start, end = offset + sent.start_char, offset + sent.end_char
        text = original[start:end]
        stripped = text.strip()
        if not stripped:
            continue
        start += len(text) - len(text.lstrip())
        end = start + len(stripped)
        # scraped articles put one paragraph per line: a line break between sentences starts a new one
        if sentences and "\n" in original[last_end:start]:
            para_id += 1
        last_end = end
        sentences.append({"sent_id": i, "para_id": para_id, "start": start, "end": end, "text": stripped})
    mentions = entities_mod.doc_mentions(doc, offset)
    for m in mentions:
        m["text"] = original[m["start"]:m["end"]]
    events = events_mod.doc_events(doc, offset, mentions)
    claims = claims_extract.doc_claims(doc, offset, original)
    return {"sentences": sentences, "mentions": mentions, "events": events, "claims": claims}


def _cache_key(content_hash: str, signature: str) -> str:
    return hashlib.sha256(f"{content_hash}|{signature}".encode()).hexdigest()[:32]


def pipeline_signature(nlp_obj, data_dir: Path) -> str:
    """Everything besides the article bytes that changes per-article analysis."""
    h = hashlib.sha256()
    h.update(f"{PIPELINE_VERSION}|{nlp_obj.meta.get('name')}|{nlp_obj.meta.get('version')}|".encode())
    h.update(nlp.ruler_inputs_digest(data_dir).encode())
    here = Path(__file__).parent
    for name in ANALYSIS_MODULES:
        if (here / name).exists():
            h.update((here / name).read_bytes())
    return h.hexdigest()


# ---- worker processes -------------------------------------------------------------------------
_WORKER_NLP = None


def _worker_init(model: str | None, data_dir: str) -> None:
    global _WORKER_NLP
    _WORKER_NLP = nlp.load_pipeline(model, Path(data_dir))


def _analyse_chunk(items: list[tuple[str, str, int, int]]) -> list[tuple[str, dict]]:
    return list(_analyse_items(_WORKER_NLP, items))


def _analyse_items(nlp_obj, items):
    """items: (article_id, original text, body_start, body_end); yields (article_id, analysis)."""
    texts = (nlp.normalise(text[s:e]) for _, text, s, e in items)
    for (article_id, text, s, _e), doc in zip(items, nlp_obj.pipe(texts, batch_size=BATCH_SIZE)):
        yield article_id, analyse_doc(doc, text, s)


def _progress(total: int, desc: str, show: bool):
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is in requirements
        return None
    return tqdm(total=total, desc=desc, unit="article", disable=not show, file=sys.stderr)


def analyse_articles(articles: pd.DataFrame, *, model: str | None, data_dir: Path, cache_dir: Path | None,
                     workers: int = 1, progress: bool = False, nlp_obj=None,
                     on_progress: Callable[[int, int], None] | None = None) -> tuple[dict[str, dict], int, int]:
    """Run per-article analysis on every 'ok' article, reusing cached results by content hash.

    ``on_progress(done, total)`` is called after each parsed article (the dashboard's progress bar).
    """
    ok = articles[articles["status"] == "ok"]
    if nlp_obj is None:
        nlp_obj = nlp.load_pipeline(model, data_dir)
    signature = pipeline_signature(nlp_obj, data_dir)
    results: dict[str, dict] = {}
    todo = []
    for row in ok.itertuples():
        key = _cache_key(row.content_hash, signature)
        cached = cache_dir / f"{key}.pkl" if cache_dir else None
        if cached is not None and cached.exists():
            try:
                results[row.article_id] = pickle.loads(cached.read_bytes())
                continue
            except Exception:  # a corrupt cache entry is just re-parsed
                pass
        todo.append((row.article_id, row.text, int(row.body_start), int(row.body_end), key))

    n_cached_so_far = len(results)
    bar = _progress(len(todo), "parsing", progress and len(todo) > 0)
    items = [t[:4] for t in todo]
    keys = {t[0]: t[4] for t in todo}

    def store(article_id, analysis):
        results[article_id] = analysis
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = cache_dir / f".{keys[article_id]}.{os.getpid()}.tmp"
            tmp.write_bytes(pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, cache_dir / f"{keys[article_id]}.pkl")
        if bar is not None:
            bar.update(1)
        if on_progress is not None:
            on_progress(len(results) - n_cached_so_far, len(todo))

    if workers > 1 and len(items) > 1:
        chunk = max(1, min(BATCH_SIZE * 4, len(items) // (workers * 4) or 1))
        chunks = [items[i:i + chunk] for i in range(0, len(items), chunk)]
        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init,
                                 initargs=(model, str(data_dir))) as pool:
            for done in pool.map(_analyse_chunk, chunks):
                for article_id, analysis in done:
                    store(article_id, analysis)
    else:
        for article_id, analysis in _analyse_items(nlp_obj, items):
            store(article_id, analysis)
    if bar is not None:
        bar.close()
    return results, len(todo), len(ok) - len(todo)


def _frames(results: dict[str, dict]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    sent_rows, mention_rows, event_rows, claim_rows = [], [], [], []
    for article_id, analysis in results.items():
        sent_rows += [{"article_id": article_id, **s} for s in analysis["sentences"]]
        mention_rows += [{"article_id": article_id, "mention_idx": i, **m}
                         for i, m in enumerate(analysis["mentions"])]
        event_rows += [{"article_id": article_id, **e} for e in analysis["events"]]
        claim_rows += [{"article_id": article_id, **c} for c in analysis["claims"]]
    sentences = pd.DataFrame(sent_rows) if sent_rows else schema.empty("sentences")
    mentions = pd.DataFrame(mention_rows) if mention_rows else schema.empty("mentions").assign(mention_idx=pd.Series(dtype="int64"))
    events_raw = pd.DataFrame(event_rows) if event_rows else pd.DataFrame(columns=["article_id", "sent_id"])
    claims_raw = pd.DataFrame(claim_rows, columns=claims_extract.CLAIM_KEYS)
    return sentences, mentions, events_raw, claims_raw


def resolve(articles: pd.DataFrame, results: dict[str, dict], *, data_dir: Path,
            online_geocode: bool = False) -> dict[str, pd.DataFrame]:
    """Corpus-level stages: pure functions from tables to tables."""
    sentences, mentions_raw, events_raw, claims_raw = _frames(results)
    mentions, entities = entities_mod.canonicalise(mentions_raw, aliases_path=curated_file(data_dir, "aliases.csv"))
    places = places_mod.resolve_places(entities, mentions, data_dir=data_dir, online=online_geocode)
    events = events_mod.resolve_events(events_raw, mentions, entities, places, articles, sentences)
    route = route_mod.build_routes(events, places, entities, articles)
    analysed = articles[articles["status"] == "ok"]
    source_routes = route_mod.build_source_routes(events, places, entities, analysed)
    compared = claims_compare.compare_claims(claims_raw, mentions, entities, places, articles)
    # mentions keep working columns (mention_idx, key, …) for the stages above; the table is the schema's
    mention_cols = [c.name for c in schema.TABLES["mentions"]]
    sentence_cols = [c.name for c in schema.TABLES["sentences"]]
    return {
        "articles": articles,
        "sentences": sentences[sentence_cols],
        "mentions": mentions[mention_cols],
        "entities": entities,
        "places": places,
        "events": events,
        "route": route,
        "source_routes": source_routes,
        **compared,
    }


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> None:
    """Write every table, conformed to its schema, then swap the directory in atomically."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the tables are meant to be read by a server user too
    try:
        for name in schema.TABLES:
            pq.write_table(schema.conform(name, tables[name]), tmp / f"{name}.parquet")
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}-old-{os.getpid()}")
            os.replace(out_dir, old)
        os.replace(tmp, out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def build(articles_dir: Path | None = None, out_dir: Path | None = None, *, data_dir: Path | None = None,
          model: str | None = None, workers: int = 1, progress: bool = False, cache: bool = True,
          online_geocode: bool = False, nlp_obj=None,
          on_progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Build every table from ``articles_dir`` and write them to ``out_dir``."""
    t0 = time.perf_counter()
    data_dir = Path(data_dir or DATA_DIR)
    articles_dir = Path(articles_dir or data_dir / "articles")
    out_dir = Path(out_dir or data_dir / "processed")
    sources_csv = articles_dir.parent / "sources.csv"
    if not sources_csv.exists():
        sources_csv = articles_dir / "sources.csv"
    articles = ingest.read_corpus(articles_dir, sources_csv if sources_csv.exists() else None)
    cache_dir = (out_dir.parent / ".cache" / "analysis") if cache else None
    results, n_parsed, n_cached = analyse_articles(
        articles, model=model, data_dir=data_dir, cache_dir=cache_dir, workers=workers,
        progress=progress, nlp_obj=nlp_obj, on_progress=on_progress)
    tables = resolve(articles, results, data_dir=data_dir, online_geocode=online_geocode)
    write_tables(tables, out_dir)
    # sources.csv problems that name no article come in attrs; per-file problems in the warnings column
    warnings = list(articles.attrs.get("warnings", [])) + [w for ws in articles["warnings"] for w in ws]
    return BuildResult(out_dir, tables, n_parsed, n_cached, time.perf_counter() - t0, warnings)


INPUT_FILES = ("sources.csv", "aliases.csv", "gazetteer.csv")


def stale_reason(articles_dir: Path | None = None, out_dir: Path | None = None,
                 data_dir: Path | None = None) -> str | None:
    """Why the tables in ``out_dir`` need (re)building, or None when they are up to date.

    Up to date means every table exists and none is older than any article or input file
    (articles, sources.csv, aliases.csv, gazetteer.csv) or than the set of article files itself.
    """
    data_dir = Path(data_dir or DATA_DIR)
    articles_dir = Path(articles_dir or data_dir / "articles")
    out_dir = Path(out_dir or data_dir / "processed")
    tables = [out_dir / f"{name}.parquet" for name in schema.TABLES]
    missing = [t.name for t in tables if not t.exists()]
    if missing:
        return f"tables missing in {out_dir}: {', '.join(missing)}"
    built = min(t.stat().st_mtime for t in tables)
    inputs = [p for p in articles_dir.iterdir() if p.is_file()] if articles_dir.is_dir() else []
    inputs += [curated_file(data_dir, n) for n in INPUT_FILES if curated_file(data_dir, n).exists()]
    inputs.append(articles_dir)  # a deleted article changes the folder's mtime
    newer = [p.name for p in inputs if p.exists() and p.stat().st_mtime > built]
    if newer:
        return f"inputs changed since the last build: {', '.join(sorted(newer)[:5])}"
    return None


def load_tables(out_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    out_dir = Path(out_dir or DATA_DIR / "processed")
    return {name: pd.read_parquet(out_dir / f"{name}.parquet") for name in schema.TABLES}
