"""Ingest: the articles folder (and optional ``sources.csv``) → the ``articles`` table.

Owns everything between bytes on disk and the text the NLP stages analyse: which files count as
articles (``.txt``, ``.md``, ``.html``/``.htm``), decoding, refusing bad input with a warning that names
the file, per-article metadata from ``sources.csv``, and the header/credit lines scraped articles
carry (crawl-date prefix, site dateline, headline, byline, ``Source: …`` credits), which are kept in
``text`` for display but left out of ``body_start:body_end``.

One bad file or ``sources.csv`` row never stops the build: it becomes a warning on its article
(``status='skipped'`` when the file itself is refused).  ``sources.csv`` problems that belong to no
article are returned in ``DataFrame.attrs["warnings"]``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import schema
from .dates import parse_date
from .files import (EXTENSIONS, MAX_BYTES, MAX_ID_CHARS, Refused, _article_files, _clearly_english, decode,
                    detect_language, html_to_text, printable_name, read_article, safe_text)
from .layout import Layout, layout, parse_dateline
from .sources import Sources, read_sources

__all__ = ["EXTENSIONS", "MAX_BYTES", "MAX_ID_CHARS", "Layout", "Refused", "Sources", "decode", "detect_language",
           "html_to_text", "layout", "parse_date", "parse_dateline", "printable_name", "read_article", "read_corpus",
           "read_sources"]


def _skip_exact_duplicates(rows: list[dict]) -> None:
    """A byte-identical copy of an earlier article would count every claim and mention twice."""
    first: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: r["article_id"]):
        if row["status"] != "ok":
            continue
        original = first.setdefault(row["content_hash"], row["path"])
        if original != row["path"]:
            row["status"] = "skipped"
            row["warnings"].append(f"{row['path']}: identical to {original}; skipped as a duplicate")


def read_corpus(articles_dir: Path, sources_csv: Path | None = None) -> pd.DataFrame:
    """The ``articles`` table: one row per article file in ``articles_dir``, sorted by article_id.

    Refused files are included with ``status='skipped'`` and their warnings.  ``sources.csv`` warnings
    that concern no article are in ``.attrs["warnings"]``.
    """
    articles_dir = Path(articles_dir)
    if not articles_dir.is_dir():
        raise FileNotFoundError(f"articles folder {articles_dir} does not exist")
    files = _article_files(articles_dir)
    rows = []
    by_stem: dict[str, str] = {}
    for f in files:
        row = read_article(f.path, f.article_id, f.name, f.refused)
        if f.article_id != f.stem:
            first = next(g.name for g in files if g.article_id == f.stem)
            row["warnings"].insert(0, f"{f.name}: same name as {first}; article id is {f.article_id!r}")
        else:
            by_stem[f.stem] = f.article_id
        row["warnings"][:0] = f.notes
        rows.append(row)
    general: list[str] = []
    if sources_csv is not None:
        keys = {**by_stem, **{r["path"]: r["article_id"] for r in rows}, **{r["article_id"]: r["article_id"] for r in rows}}
        try:
            sources = read_sources(Path(sources_csv), keys)
        except Exception as exc:  # a bug of ours on odd metadata must not cost the articles
            sources = Sources(general=[f"{Path(sources_csv).name}: internal error while reading "
                                       f"({type(exc).__name__}: {str(exc)[:200]}); metadata ignored"])
        general = sources.general
        for row in rows:
            row["warnings"] += sources.warnings.get(row["article_id"], [])
            meta = sources.meta.get(row["article_id"], {})
            row["source"] = meta.get("source") or row["source"]
            row["title"] = meta.get("title") or row["title"]
            row["url"] = meta.get("url") or ""
            row["published"] = meta.get("published")
    _skip_exact_duplicates(rows)
    for row in rows:  # Arrow writes only valid UTF-8: a stray surrogate must not cost the whole build
        for col in ("article_id", "source", "title", "url", "path", "text"):
            row[col] = safe_text(row[col])
        row["warnings"] = [safe_text(w) for w in row["warnings"]]
    general = [safe_text(w) for w in general]
    if not rows:
        df = schema.empty("articles")
    else:
        df = pd.DataFrame(rows, columns=[c.name for c in schema.TABLES["articles"]])
        df = df.sort_values("article_id", kind="stable").reset_index(drop=True)
    df.attrs["warnings"] = general
    return df
