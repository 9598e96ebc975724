#!/usr/bin/env python3
"""Events and claims on ECB+ (../shared/corpora/ecbplus): both levels scored as same-event sentence pairs.

    python bench/claims_ecbplus.py [--topics 1,3,4] [--reuse] [--errors K] [--json PATH]

The shared evaluator (``../shared/eval/ecbplus_pairs.py``) scores ``claims.group_id``: the claim
groups.  ECB+'s gold links sentences that mention the same real-world event, which is what the
``event_groups`` level means, so this script scores both columns with the evaluator's own rule (a
pair is predicted when a claim of each sentence sits in one group; every cross-article pair of
selected sentences counts; micro-averaged over topics) beside the evaluator's TF-IDF baseline (its
best threshold on the test set itself).  It also reports how many selected sentences hold a claim at
all: a sentence without one can never be paired.

Each topic is built with ``python -m preprocessing build`` into ``$TMPDIR/ecbplus-eval-ecb<topic>``
(the evaluator's folders: ``--reuse`` scores what is there without building).  Measure with it; never
copy the corpus's text into the repository or tune a rule to one of its articles.
"""
from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parent.parent
ECB = ROOT.parent / "shared" / "corpora" / "ecbplus"


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def gold_topic(docs: list[dict], topic: int):
    inst_docs = defaultdict(set)
    for d in docs:
        for e in d["events"]:
            inst_docs[e["instance"]].add(d["doc"])
    sent_inst, sent_span, sent_text = {}, {}, {}
    for d in docs:
        text = (ECB / "topics" / str(topic) / "articles" / f"{d['doc']}.txt").read_text(encoding="utf-8")
        for s in d["sentences"]:
            if s["selected"]:
                key = (d["doc"], s["sent"])
                sent_span[key], sent_text[key], sent_inst[key] = (s["start"], s["end"]), text[s["start"]:s["end"]], set()
        for e in d["events"]:
            key = (d["doc"], e["sent"])
            if key in sent_inst and len(inst_docs[e["instance"]]) > 1:
                sent_inst[key].add(e["instance"])
    keys = sorted(sent_inst)
    cross = [(a, b) for a, b in itertools.combinations(keys, 2) if a[0] != b[0]]
    gold = {(a, b) for a, b in cross if sent_inst[a] & sent_inst[b]}
    return keys, cross, gold, sent_span, sent_text


def predicted(claims: pd.DataFrame, column: str, sent_span: dict) -> tuple[set, set]:
    """Pairs of selected sentences with a claim of each in one group of ``column``; sentences with a claim."""
    spans_by_doc = defaultdict(list)
    for k, (s, e) in sent_span.items():
        spans_by_doc[k[0]].append((s, e, k))
    groups, covered = defaultdict(set), set()
    for art, start, end, gid in zip(claims["article_id"], claims["start"], claims["end"], claims[column]):
        best, best_ov = None, 0
        for s, e, k in spans_by_doc.get(str(art), []):
            ov = min(e, int(end)) - max(s, int(start))
            if ov > best_ov:
                best, best_ov = k, ov
        if best is not None:
            covered.add(best)
            if isinstance(gid, str) and gid:
                groups[gid].add(best)
    pred = set()
    for members in groups.values():
        pred.update((a, b) for a, b in itertools.combinations(sorted(members), 2) if a[0] != b[0])
    return pred, covered


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--topics", help="comma-separated topic numbers (default: all)")
    ap.add_argument("--reuse", action="store_true", help="score the built folders, do not build")
    ap.add_argument("--errors", type=int, default=0, help="print K missed and K wrong event pairs per topic")
    ap.add_argument("--json", help="write the figures here")
    opts = ap.parse_args()
    docs = [json.loads(line) for line in (ECB / "gold.jsonl").read_text().splitlines() if line.strip()]
    by_topic = defaultdict(list)
    for d in docs:
        by_topic[d["topic"]].append(d)
    topics = sorted(by_topic)
    if opts.topics:
        topics = [t for t in topics if str(t) in opts.topics.split(",")]
    counts = {c: [0, 0, 0] for c in ("group_id", "event_id")}
    base_scores, base_gold, n_sel, n_cov, build_s = [], [], 0, 0, 0.0
    for topic in topics:
        keys, cross, gold, span, text = gold_topic(by_topic[topic], topic)
        out = Path(tempfile.gettempdir()) / f"ecbplus-eval-ecb{topic}"
        if not opts.reuse:
            t0 = time.perf_counter()
            r = subprocess.run([sys.executable, "-m", "preprocessing", "build", "--articles",
                                str(ECB / "topics" / str(topic) / "articles"), "--out", str(out), "--quiet"],
                               cwd=ROOT, capture_output=True, text=True)
            build_s += time.perf_counter() - t0
            if r.returncode:
                sys.exit(f"build of topic {topic} failed: {(r.stderr or r.stdout).strip().splitlines()[-1:]}")
        claims = pd.read_parquet(out / "claims.parquet")
        for col in counts:
            if col not in claims.columns:
                continue
            pred, covered = predicted(claims, col, span)
            c = counts[col]
            c[0] += len(pred & gold)
            c[1] += len(pred - gold)
            c[2] += len(gold - pred)
            if col == "event_id" and opts.errors:
                for name, rows in (("missed", sorted(gold - pred)), ("wrong", sorted(pred - gold))):
                    print(f"topic {topic} {name}:")
                    for a, b in rows[:opts.errors]:
                        print(f"  {text[a][:100]!r}\n    ~ {text[b][:100]!r}")
        n_sel += len(keys)
        n_cov += len(covered)
        idx = {k: i for i, k in enumerate(keys)}
        m = TfidfVectorizer(stop_words="english").fit_transform([text[k] for k in keys])
        sim = (m @ m.T).toarray()
        base_scores += [sim[idx[a], idx[b]] for a, b in cross]
        base_gold += [(a, b) in gold for a, b in cross]
    bs, bg = np.array(base_scores), np.array(base_gold)
    best = max(((prf(int(((bs >= th) & bg).sum()), int(((bs >= th) & ~bg).sum()), int(((bs < th) & bg).sum())), th)
                for th in np.linspace(0.05, 0.95, 91)), key=lambda x: x[0][2])
    result = {"topics": topics, "gold_pairs": int(bg.sum()), "pairs": len(bg),
              "selected_sentences": n_sel, "with_a_claim": n_cov,
              "claim_groups": dict(zip("prf", prf(*counts["group_id"]))),
              "event_groups": dict(zip("prf", prf(*counts["event_id"]))),
              "tfidf_best": {**dict(zip("prf", best[0])), "threshold": float(best[1])},
              "build_s": round(build_s, 1)}
    print(f"ECB+ topics {','.join(map(str, topics))}: {result['gold_pairs']} gold pairs of {result['pairs']}; "
          f"{n_cov}/{n_sel} selected sentences hold a claim")
    for name in ("claim_groups", "event_groups", "tfidf_best"):
        r = result[name]
        print(f"  {name:13s} P {r['p']:.3f} R {r['r']:.3f} F1 {r['f']:.3f}"
              + (f" (threshold {r['threshold']:.2f})" if "threshold" in r else ""))
    if opts.json:
        Path(opts.json).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
