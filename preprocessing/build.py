"""The runner: articles folder → every stage of :data:`~preprocessing.stages.STAGES` → Parquet.

* Per article: spaCy parses the body, then each stage's extract step runs on the parse.  This is the
  expensive part, so the rows are cached per article under ``<cache_dir>/<key>.pkl``; the key hashes
  the raw bytes and everything that shapes them (model name and version, the ruler's input files,
  the source of every module the stages list).  ``--workers N`` spreads articles over N processes,
  each running ``nlp.pipe``.
* Per corpus: each stage's resolve step, in order, from tables to tables.

Faults are contained: an article whose parse or extract step raises keeps the other stages' rows
and gets a warning naming its file, the stage and the exception; a corpus step that raises fails
the build with :class:`BuildError` before anything is written, so the previous tables stay.  The
result is written to a temporary directory beside the output and swapped in with renames, so a
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

from . import ingest, nlp, schema
from .curated import CuratedFileError
from .settings import ANALYSIS_CACHE, BATCH_SIZE, DATA_DIR, curated_file
from .claims.extract import headline_span
from .stages import STAGES, BuildContext, ParsedArticle, cache_modules

# Bump when per-article rows change shape or meaning without a code change in a listed module.
PIPELINE_VERSION = "6"


class BuildError(RuntimeError):
    """A corpus-level stage failed: nothing was written and the previous tables are kept."""


@dataclass
class BuildResult:
    out_dir: Path
    tables: dict[str, pd.DataFrame]
    n_parsed: int = 0
    n_cached: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


def _describe(exc: BaseException) -> str:
    """'Type: first line of the message' (at most 200 characters of it): one line for a warning."""
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return f"{type(exc).__name__}{': ' + detail if detail else ''}"


def _failure(path: str, stage: str, exc: BaseException) -> str:
    return f"{path}: stage '{stage}' failed ({_describe(exc)}); its results for this article are left out"


def analyse_doc(doc, original: str, offset: int, *, article_id: str = "text", path: str = "text",
                headline=None, headline_offset: int = -1) -> dict:
    """Every stage's extract step on one parsed body, each under its own guard.

    ``original`` is the article's full original text; ``offset`` is where the parsed body starts in
    it.  Returns ``{stage name: rows, "warnings": [...]}`` (plain, picklable, cacheable).
    """
    article = ParsedArticle(article_id, path, original, offset, {}, headline, headline_offset)
    warnings: list[str] = []
    for stage in STAGES:
        if stage.extract is None:
            continue
        try:
            rows = stage.extract(doc, article)
        except Exception as exc:  # one article's fault in our code must not lose the corpus
            rows = []
            warnings.append(_failure(path, stage.name, exc))
        article.rows[stage.name] = rows
    return {**article.rows, "warnings": warnings}


def failed_parse(path: str, exc: BaseException) -> dict:
    """The analysis of an article spaCy could not parse: no rows, one warning."""
    return {**{s.name: [] for s in STAGES if s.extract}, "warnings": [_failure(path, "parse", exc)]}


def _cache_key(content_hash: str, signature: str) -> str:
    return hashlib.sha256(f"{content_hash}|{signature}".encode()).hexdigest()[:32]


def pipeline_signature(nlp_obj, data_dir: Path) -> str:
    """Everything besides the article bytes that changes per-article rows."""
    h = hashlib.sha256()
    h.update(f"{PIPELINE_VERSION}|{nlp_obj.meta.get('name')}|{nlp_obj.meta.get('version')}|".encode())
    h.update(nlp.ruler_inputs_digest(data_dir).encode())
    here = Path(__file__).parent
    for name in cache_modules():
        target = here / name
        for f in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            h.update(str(f.relative_to(here)).encode() + b"=" + f.read_bytes())
    return h.hexdigest()


# ---- worker processes -------------------------------------------------------------------------
_WORKER_NLP = None


def _worker_init(model: str | None, data_dir: str) -> None:
    global _WORKER_NLP
    _WORKER_NLP = nlp.load_pipeline(model, Path(data_dir))


def _analyse_chunk(items: list[tuple[str, str, str, int, int]]) -> list[tuple[str, dict]]:
    return list(_analyse_items(_WORKER_NLP, items))


def _analyse_items(nlp_obj, items):
    """items: (article_id, path, original text, body_start, body_end); yields (article_id, analysis).

    A batch that spaCy cannot parse is retried one article at a time, so only the article at fault
    loses its rows.
    """
    for i in range(0, len(items), BATCH_SIZE):
        batch = items[i:i + BATCH_SIZE]
        texts = [nlp.normalise(text[s:e]) for _, _, text, s, e in batch]
        heads = [headline_span(text, s) for _, _, text, s, _e in batch]
        try:
            docs = list(nlp_obj.pipe(texts, batch_size=BATCH_SIZE))
        except Exception:
            docs = None
        try:  # headlines are short: one more batch, and an article whose headline fails keeps its body
            head_docs = list(nlp_obj.pipe([nlp.normalise(text[h[0]:h[1]]) if h else ""
                                           for (_, _, text, _s, _e), h in zip(batch, heads)], batch_size=BATCH_SIZE))
        except Exception:
            head_docs = [None] * len(batch)
        for j, (article_id, path, text, s, _e) in enumerate(batch):
            if docs is None:
                try:
                    doc = nlp_obj(texts[j])
                except Exception as exc:
                    yield article_id, failed_parse(path, exc)
                    continue
            else:
                doc = docs[j]
            h = heads[j]
            yield article_id, analyse_doc(doc, text, s, article_id=article_id, path=path,
                                          headline=head_docs[j] if h else None, headline_offset=h[0] if h else -1)


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
        todo.append((row.article_id, row.path, row.text, int(row.body_start), int(row.body_end), key))

    n_cached_so_far = len(results)
    bar = _progress(len(todo), "parsing", progress and len(todo) > 0)
    items = [t[:5] for t in todo]
    keys = {t[0]: t[5] for t in todo}

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


def _row_tables(results: dict[str, dict]) -> dict[str, pd.DataFrame]:
    """Each extract step's rows over all articles, as the table its stage names."""
    out = {}
    for stage in STAGES:
        if stage.extract is None:
            continue
        rows = [{"article_id": article_id, **r} for article_id, analysis in results.items()
                for r in analysis.get(stage.name, [])]
        out[stage.rows] = (stage.frame or pd.DataFrame)(rows)
    return out


def with_stage_warnings(articles: pd.DataFrame, results: dict[str, dict]) -> pd.DataFrame:
    """The articles table with each article's parse and extract failures added to its warnings."""
    if not any(a.get("warnings") for a in results.values()):
        return articles
    out = articles.copy()
    out["warnings"] = [list(ws) + list(results.get(aid, {}).get("warnings", []))
                       for aid, ws in zip(out["article_id"], out["warnings"])]
    out.attrs = dict(articles.attrs)
    return out


def resolve(articles: pd.DataFrame, results: dict[str, dict], *, data_dir: Path,
            online_geocode: bool = False) -> dict[str, pd.DataFrame]:
    """Every stage's corpus step, in order: pure functions from tables to tables."""
    tables: dict[str, pd.DataFrame] = {"articles": articles, **_row_tables(results)}
    ctx = BuildContext(Path(data_dir), online_geocode)
    trims: set[str] = set()
    for stage in STAGES:
        trims.update(stage.trims)
        if stage.resolve is None:
            continue
        try:
            made = stage.resolve(tables, ctx)
        except Exception as exc:
            raise BuildError(f"corpus stage '{stage.name}' failed ({_describe(exc)}); "
                             "no tables were written, the previous ones are kept") from exc
        missing = set(stage.produces) - set(made)
        if missing:
            raise BuildError(f"corpus stage '{stage.name}' did not produce {sorted(missing)}")
        tables.update(made)
    # Stages keep working columns (mention_idx, key, …) for the stages after them; the table is the schema's.
    for name in trims:
        tables[name] = tables[name][[c.name for c in schema.TABLES[name]]]
    return {name: tables[name] for name in schema.TABLES}


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
    cache_dir = (out_dir.parent / ANALYSIS_CACHE) if cache else None
    try:
        results, n_parsed, n_cached = analyse_articles(
            articles, model=model, data_dir=data_dir, cache_dir=cache_dir, workers=workers,
            progress=progress, nlp_obj=nlp_obj, on_progress=on_progress)
    except CuratedFileError as exc:  # the pipeline's entity ruler reads gazetteer.csv and aliases.csv
        raise BuildError(f"{exc}; no tables were written, the previous ones are kept") from exc
    articles = with_stage_warnings(articles, results)
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
    newer = [ingest.printable_name(p.name) for p in inputs if p.exists() and p.stat().st_mtime > built]
    if newer:
        return f"inputs changed since the last build: {', '.join(sorted(newer)[:5])}"
    return None


def load_tables(out_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    out_dir = Path(out_dir or DATA_DIR / "processed")
    return {name: pd.read_parquet(out_dir / f"{name}.parquet") for name in schema.TABLES}
