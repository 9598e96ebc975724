"""Build throughput against plain spaCy, in the same process.

For each corpus (the seeds; 1,000+ real BBC articles from ../shared/corpora/bbc when present) it
alternates, ``--repeats`` times:

* baseline: the same spaCy model, loaded plain, ``nlp.pipe`` over the same article bodies;
* build: the full ``preprocessing.build`` (ingest, parse, analysis, corpus-level resolution,
  Parquet) with the cache off, so every article is parsed.

It reports median words per second of each, their ratio (the goal is build ≥ 0.8× baseline), and
the peak resident memory each phase added over the process's resident size before it started
(sampled from /proc every 20 ms).

    python bench/build_throughput.py [--limit 1000] [--repeats 3] [--workers 1]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from preprocessing import ingest, nlp as nlp_mod  # noqa: E402
from preprocessing.build import build  # noqa: E402
from bbc_sample import bbc_files  # noqa: E402  (bench/ is sys.path[0] when run as a script)

BBC = ROOT.parent / "shared" / "corpora" / "bbc" / "articles"


def _proc_status_mb(field: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def rss_mb() -> float:
    return _proc_status_mb("VmRSS")


def rss_peak_mb() -> float:
    return _proc_status_mb("VmHWM")


class PeakRSS:
    """Samples resident memory in a thread; .peak_added is the peak above the starting level."""

    def __enter__(self):
        self.start = self.peak = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())
        self.peak_added = self.peak - self.start


def corpus_dir(name: str, limit: int, tmp: Path) -> Path:
    """A folder with the corpus' articles (BBC: the first ``limit`` files in name order, all categories)."""
    if name == "seeds":
        return ROOT / "data" / "articles"
    chosen = bbc_files(limit, BBC)
    out = tmp / "bbc"
    out.mkdir()
    for f in chosen:
        (out / f.name).symlink_to(f)
    return out


def bench_corpus(name: str, articles_dir: Path, repeats: int, workers: int, tmp: Path) -> dict:
    articles = ingest.read_corpus(articles_dir, None)
    ok = articles[articles["status"] == "ok"]
    bodies = [t[s:e] for t, s, e in zip(ok["text"], ok["body_start"], ok["body_end"])]
    words = int(ok["n_words"].sum())
    plain = spacy.load(nlp_mod.DEFAULT_MODEL)
    pipeline = nlp_mod.load_pipeline()
    base_t, build_t, base_mem, build_mem = [], [], [], []
    for i in range(repeats):
        with PeakRSS() as m:
            t0 = time.perf_counter()
            for _ in plain.pipe(bodies, batch_size=32):
                pass
            base_t.append(time.perf_counter() - t0)
        base_mem.append(m.peak_added)
        out = tmp / f"out-{name}-{i}"
        with PeakRSS() as m:
            t0 = time.perf_counter()
            build(articles_dir, out / "processed", cache=False, workers=workers,
                  nlp_obj=pipeline if workers == 1 else None)
            build_t.append(time.perf_counter() - t0)
        build_mem.append(m.peak_added)
        shutil.rmtree(out, ignore_errors=True)
    base, full = statistics.median(base_t), statistics.median(build_t)
    return {
        "corpus": name, "articles": len(ok), "words": words, "repeats": repeats, "workers": workers,
        "baseline_words_per_s": round(words / base), "build_words_per_s": round(words / full),
        "ratio": round(base / full, 3),
        "baseline_median_s": round(base, 2), "build_median_s": round(full, 2),
        "baseline_peak_mb_added": round(max(base_mem)), "build_peak_mb_added": round(max(build_mem)),
        "process_peak_rss_mb": round(rss_peak_mb()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=1000, help="BBC articles to use (default 1000)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--seeds-only", action="store_true")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        corpora = ["seeds"] + ([] if args.seeds_only or not BBC.is_dir() else ["bbc"])
        for name in corpora:
            rows.append(bench_corpus(name, corpus_dir(name, args.limit, tmp), args.repeats, args.workers, tmp))
            print(json.dumps(rows[-1]), file=sys.stderr)
    print("| corpus | articles | words | plain nlp.pipe words/s | build words/s | ratio of medians ("
          f"{args.repeats} runs) | peak MB added (plain / build) | process peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['corpus']} | {r['articles']} | {r['words']} | {r['baseline_words_per_s']} | "
              f"{r['build_words_per_s']} | {r['ratio']}× | {r['baseline_peak_mb_added']} / {r['build_peak_mb_added']} "
              f"| {r['process_peak_rss_mb']} |")
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "build_throughput.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
