"""Events: what happened, grouped across sources with high recall; the claims about each are compared inside it.

A claim group (:mod:`.resolve`) is one claim told by several sources in near-paraphrase.  An *event*
is coarser: every claim that reports the same real-world happening, in whatever words ("the ferry
ran aground off Stromness", "passengers were taken ashore by lifeboat on Tuesday").  Two sentences of
one story rarely share many words, but their articles share the story: its participants, places,
action and numbers.  So events are found in two steps:

1. *stories*: articles grouped by average linkage on their bags (the normalised sum of their
   claims' match rows: lemmas, normalised actions, canonical entities, what numbers count, days),
   strongest pair first, while the mean cosine across two stories stays at or above
   :data:`EVENT_STORY_THRESHOLD` (exact on sums of unit vectors: the mean cosine of two groups is the
   dot product of their sums over the product of their sizes).  Look-alike stories of one corpus
   (two earthquakes, two check-ins into rehab) stay apart by their participants, places and numbers,
   and two stories whose articles were published more than :data:`EVENT_MAX_DAYS` apart never merge
   (publication date from sources.csv, else a dateline in the file's header);
2. inside a story, the claims whose own row reaches :data:`EVENT_THRESHOLD` cosine with the story's
   centroid are its event; the others (background, side remarks sharing nothing with the story) are
   events of their own.
"""

from __future__ import annotations

import hashlib
from collections import Counter

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from ..settings import (BLOCK, EVENT_MAX_DAYS, EVENT_MIN_CANDIDATE, EVENT_STORY_THRESHOLD,
                        EVENT_THRESHOLD)
from .match import Matcher


def event_vectors(matcher: Matcher) -> sp.csr_matrix:
    """Row i: claim i's match row, L2-normalised."""
    return normalize(matcher.X.tocsr()).tocsr()


def article_days(articles: pd.DataFrame) -> dict[str, int]:
    """article → its publication day (an ordinal), from ``published``, else a dateline header date."""
    out = {}
    n = len(articles)
    cols = [articles[c] if c in articles.columns else [None] * n for c in ("published", "header_date", "header_date_kind")]
    for a, pub, hd, kind in zip(articles["article_id"], *cols):
        d = pub if pub is not None and pub == pub else (hd if kind == "dateline" and hd is not None and hd == hd else None)
        if d is not None:
            out[a] = pd.Timestamp(d).toordinal()
    return out


def _linkage(V: sp.csr_matrix, threshold: float, min_candidate: float, span: list, factor=None) -> list[list[int]]:
    """Average linkage over the rows of ``V`` (unit vectors), strongest pair first, while the mean
    cosine across two groups stays at or above ``threshold``; ``span`` (a (first, last) day or None
    per row) keeps groups more than EVENT_MAX_DAYS apart from merging."""
    n = V.shape[0]
    VT = V.T.tocsc()
    edges = []
    for lo in range(0, n, BLOCK):
        S = (V[lo:lo + BLOCK] @ VT).tocoo()
        r, c, v = S.row + lo, S.col, S.data
        keep = (c > r) & (v >= min_candidate)
        edges += zip(v[keep].tolist(), r[keep].tolist(), c[keep].tolist())
    if factor is not None:
        edges = [(w * factor(i, j), i, j) for w, i, j in edges]
    edges = sorted((e for e in edges if e[0] >= threshold), reverse=True)
    group_of = list(range(n))
    members = {i: [i] for i in range(n)}
    sums = {i: V[i] for i in range(n)}
    span = dict(enumerate(span))
    for _w, i, j in edges:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        a, b = span[gi], span[gj]
        if a and b and max(a[1], b[1]) - min(a[0], b[0]) > EVENT_MAX_DAYS:
            continue
        if sums[gi].multiply(sums[gj]).sum() / (len(members[gi]) * len(members[gj])) < threshold:
            continue
        if len(members[gi]) < len(members[gj]):
            gi, gj = gj, gi
        members[gi] += members.pop(gj)
        sums[gi] = sums[gi] + sums.pop(gj)
        span[gi] = (min(a[0], b[0]), max(a[1], b[1])) if a and b else (a or b)
        for k in members[gi]:
            group_of[k] = gi
    return [sorted(m) for m in members.values()]


def group_events(matcher: Matcher, article_of: list[str], days_of: dict[str, int]) -> list[list[int]]:
    """Indices of claims per event (every claim in exactly one): stories first (articles by average
    linkage on their bags), then inside a story the claims close enough to its centroid form its
    event and the others are events of their own (see module docstring)."""
    n = len(article_of)
    if n == 0:
        return []
    X = event_vectors(matcher)
    arts = list(dict.fromkeys(article_of))
    pos = {a: k for k, a in enumerate(arts)}
    rows = np.array([pos[a] for a in article_of])
    member = sp.csr_matrix((np.ones(n), (rows, np.arange(n))), shape=(len(arts), n))
    A = normalize(member @ X).tocsr()
    span = [(days_of[a], days_of[a]) if a in days_of else None for a in arts]
    claims_of: list[list[int]] = [[] for _ in arts]
    for i, r in enumerate(rows):
        claims_of[r].append(i)
    out = []
    for story in _linkage(A, EVENT_STORY_THRESHOLD, EVENT_MIN_CANDIDATE, span):
        idx = sorted(i for r in story for i in claims_of[r])
        centroid = normalize(X[idx].sum(axis=0).A)
        sims = np.asarray(X[idx] @ centroid.T).ravel()
        core = [i for i, s in zip(idx, sims) if s >= EVENT_THRESHOLD]
        if core:
            out.append(core)
        out += [[i] for i, s in zip(idx, sims) if s < EVENT_THRESHOLD]
    return out


def event_id(claim_ids: list[str]) -> str:
    return "e" + hashlib.sha1("|".join(claim_ids).encode()).hexdigest()[:10]


def central(V: sp.csr_matrix, idx: list[int]) -> int:
    """The member closest to the event's centroid (ties: the first told)."""
    if len(idx) == 1:
        return idx[0]
    sims = np.asarray((V[idx] @ V[idx].sum(axis=0).T)).ravel()
    return idx[int(np.argmax(sims))]


def top_entities(entity_lists: list[list[str]], k: int = 6) -> list[str]:
    counts = Counter(e for ids in entity_lists for e in dict.fromkeys(ids))
    return [e for e, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0]))[:k]]


def first_reports(idx: list[int], article_of: list[str], days_of: dict[str, int]) -> tuple[str, list[str]]:
    """(the article that reported it first, the later articles repeating it, in publication order),
    by publication day; ('', []) when fewer than two of its articles are dated."""
    arts = list(dict.fromkeys(article_of[i] for i in idx))
    dated = sorted((days_of[a], k, a) for k, a in enumerate(arts) if a in days_of)
    if len(dated) < 2 or dated[0][0] == dated[1][0]:
        return "", []  # nothing to order, or two reported it first on the same day
    return dated[0][2], [a for _, _, a in dated[1:]]
