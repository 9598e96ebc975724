"""Free-text search over the loaded tables: sentences, claims and articles' metadata.

Pure: tables and a query in, a DataFrame of hits and escaped HTML out; no files.  The query is a
literal phrase (case-insensitive; any run of spaces matches any whitespace), never a regular
expression, and at most ``MAX_SEARCH_CHARS`` long, so a URL cannot make the matching expensive.
Article text is untrusted: each snippet is cut around the match, HTML-escaped, and only then given
its ``<mark>``.  Each hit links to the exact sentence in the Reader (``article=…&sentence=…``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from components.links import page_link
from components.registry import READER
from preprocessing.settings import MAX_SEARCH_CHARS, MAX_SEARCH_HITS, SEARCH_CONTEXT_CHARS

KINDS = ("sentences", "claims", "articles")
HIT_COLUMNS = ["kind", "article_id", "source", "sent_id", "text", "start", "end"]


def pattern(query: str) -> re.Pattern | None:
    """The compiled phrase of ``query``, or None for a blank (or over-long) query."""
    words = (query or "").split()
    if not words or len(query) > MAX_SEARCH_CHARS:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)


def _hits(kind: str, df: pd.DataFrame, col: str, pat: re.Pattern, sources: Mapping[str, str],
          limit: int) -> tuple[pd.DataFrame, int]:
    if df.empty:
        return pd.DataFrame(columns=HIT_COLUMNS), 0
    found = df[df[col].astype(str).str.contains(pat, na=False)]
    rows = []
    for rec in found.head(limit).itertuples(index=False):
        text = str(getattr(rec, col))
        m = pat.search(text)
        rows.append({"kind": kind, "article_id": rec.article_id, "source": sources.get(rec.article_id, rec.article_id),
                     "sent_id": int(getattr(rec, "sent_id", -1)), "text": text,
                     "start": m.start(), "end": m.end()})
    return pd.DataFrame(rows, columns=HIT_COLUMNS), len(found)


def search(tables: Mapping[str, pd.DataFrame], query: str, kinds: Sequence[str] = KINDS,
           limit: int = MAX_SEARCH_HITS) -> tuple[pd.DataFrame, dict[str, int]]:
    """Hits of ``query`` in ``tables`` (``sentences``, ``claims``, ``articles``), at most ``limit`` per
    kind in corpus order, and the count of all hits per kind."""
    pat = pattern(query)
    counts = {k: 0 for k in kinds}
    if pat is None:
        return pd.DataFrame(columns=HIT_COLUMNS), counts
    arts = tables["articles"]
    arts = arts[arts["status"] == "ok"] if "status" in arts else arts
    sources = dict(zip(arts["article_id"], arts["source"]))
    ok = set(arts["article_id"])
    parts = []
    for kind in kinds:
        if kind == "articles":
            meta = arts.assign(meta=arts["title"].fillna("") + " · " + arts["source"].fillna(""), sent_id=-1)
            hits, n = _hits(kind, meta, "meta", pat, sources, limit)
        else:
            df = tables[kind]
            df = df[df["article_id"].isin(ok)].sort_values(["article_id", "sent_id"], kind="stable")
            hits, n = _hits(kind, df, "text", pat, sources, limit)
        parts.append(hits)
        counts[kind] = n
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=HIT_COLUMNS), counts


def snippet(text: str, start: int, end: int, context: int = SEARCH_CONTEXT_CHARS) -> str:
    """``text`` around ``[start, end)`` as escaped HTML with the match in ``<mark>``."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    return ((" …" if lo else "") + html.escape(text[lo:start])
            + f"<mark>{html.escape(text[start:end])}</mark>" + html.escape(text[end:hi]) + ("… " if hi < len(text) else ""))


def hit_link(hit: Mapping, params: Mapping[str, Sequence[str]]) -> str:
    """The Reader's address for a hit: its article, and its sentence when it has one."""
    wanted = {"article": hit["article_id"]}
    if int(hit["sent_id"]) >= 0:
        wanted["sentence"] = str(int(hit["sent_id"]))
    return page_link(READER, wanted, keep_filters=params)


KIND_NAMES = {"sentences": "Sentence", "claims": "Claim", "articles": "Title / source"}


def hits_html(hits: pd.DataFrame, params: Mapping[str, Sequence[str]]) -> str:
    """The hits as an HTML list: kind, source, article, the snippet and a link to the sentence."""
    items = []
    for hit in hits.to_dict("records"):
        where = f"{hit['article_id']}" + (f", sentence {int(hit['sent_id'])}" if int(hit["sent_id"]) >= 0 else "")
        href = html.escape(hit_link(hit, params), quote=True)
        items.append(
            '<li class="tg-hit-item" style="margin:0 0 .7rem 0;list-style:none">'
            f'<div style="font-size:.8rem;color:#6b7280">{html.escape(KIND_NAMES.get(hit["kind"], hit["kind"]))} · '
            + (f'{html.escape(str(hit["source"]))} · ' if hit["source"] != hit["article_id"] else "")
            + f'{html.escape(where)}</div>'
            f'<div style="overflow-wrap:anywhere">{snippet(hit["text"], int(hit["start"]), int(hit["end"]))} '
            f'<a class="tg-search-link" href="{href}" target="_self">Open in reader</a></div></li>')
    return '<ul class="tg-search" style="padding:0;margin:0">' + "".join(items) + "</ul>"
