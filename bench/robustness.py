"""Robustness: one guarded build over the whole BBC corpus, and what went wrong in it.

Builds the first ``--limit`` files (name order; default all 2,225) of ../shared/corpora/bbc/articles
with the cache off into a temporary folder, and reports:

* crashes: whether the build itself raised (must be 0: one article's fault becomes a warning);
* warnings per stage: the per-article failures the guard caught, counted by the stage they name
  (``parse``, ``sentences``, ``entities``, ``events``, ``claims``) and by exception type, with the
  files, plus the ingest warnings (duplicates, refused files, …) by kind;
* articles analysed (``status='ok'``) and the wall time of the build.

    python bench/robustness.py [--limit N] [--workers 2] [--articles DIR]

Prints a Markdown summary; every figure, and every warning, goes to bench/results/robustness.json.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from preprocessing.build import _failure, build  # noqa: E402

BBC = ROOT.parent / "shared" / "corpora" / "bbc" / "articles"
# what build._failure writes: "<file>: stage '<stage>' failed (<ExceptionType>[: detail]); …"
STAGE_WARNING = re.compile(r"^(?P<file>.*?): stage '(?P<stage>[^']+)' failed \((?P<exc>[A-Za-z_][\w.]*)")
_sample = STAGE_WARNING.match(_failure("a.txt", "claims", IndexError("x")))
assert _sample and (_sample["file"], _sample["stage"], _sample["exc"]) == ("a.txt", "claims", "IndexError"), \
    "build._failure changed its format: update STAGE_WARNING"


def ingest_kind(warning: str) -> str:
    """An ingest warning with its file names and numbers taken out, so warnings of one kind count together."""
    text = warning.split(": ", 1)[1] if ": " in warning else warning
    text = re.sub(r"\S+\.(txt|md|html?)\b", "<file>", text)
    return re.sub(r"\d[\d,.]*", "N", text)


def classify(warnings: list[str]) -> dict:
    stages: Counter = Counter()
    by_exc: Counter = Counter()
    files: dict[str, list[str]] = defaultdict(list)
    ingest: Counter = Counter()
    for w in warnings:
        m = STAGE_WARNING.match(w)
        if m:
            stages[m["stage"]] += 1
            by_exc[f"{m['stage']}: {m['exc']}"] += 1
            files[m["stage"]].append(m["file"])
        else:
            ingest[ingest_kind(w)] += 1
    return {"stages": dict(stages), "stage_exceptions": dict(by_exc), "stage_files": dict(files),
            "ingest": sum(ingest.values()), "ingest_kinds": dict(ingest.most_common())}


def run(articles: Path, limit: int | None, workers: int) -> dict:
    files = sorted(p for p in articles.iterdir() if p.is_file() and p.suffix.lower() in (".txt", ".md", ".html", ".htm"))
    if limit:
        files = files[:limit]
    with tempfile.TemporaryDirectory(prefix="robustness-") as d:
        corpus = Path(d) / "corpus"
        (corpus / "articles").mkdir(parents=True)
        for f in files:
            (corpus / "articles" / f.name).symlink_to(f.resolve())
        t0 = time.perf_counter()
        try:
            result = build(corpus / "articles", corpus / "processed", data_dir=ROOT / "data", workers=workers,
                           cache=False, progress=False)
        except Exception as exc:  # the figure this bench exists for: must not happen
            return {"files": len(files), "workers": workers, "crashes": 1, "seconds": round(time.perf_counter() - t0, 1),
                    "crash": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}
        seconds = time.perf_counter() - t0
        arts = result.tables["articles"]
        analysed = int((arts["status"] == "ok").sum())
        out = {"files": len(files), "workers": workers, "crashes": 0, "seconds": round(seconds, 1),
               "articles_analysed": analysed, "articles_skipped": int((arts["status"] != "ok").sum()),
               "words_analysed": int(arts.loc[arts["status"] == "ok", "n_words"].sum()),
               "rows": {name: len(t) for name, t in result.tables.items()},
               **classify(result.warnings), "warnings": result.warnings}
        out["articles_with_stage_warnings"] = len({f for fs in out["stage_files"].values() for f in fs})
        return out


def markdown(r: dict) -> str:
    lines = [f"## Robustness: {r['files']} BBC files, `--workers {r['workers']}`, cache off", ""]
    if r["crashes"]:
        return "\n".join(lines + [f"**CRASH** after {r['seconds']} s: `{r['crash']}`", "", "```", r["traceback"], "```"])
    lines += ["| crashes | articles analysed | skipped at ingest | articles with a stage warning | words | wall time |",
              "|---|---|---|---|---|---|",
              f"| {r['crashes']} | {r['articles_analysed']:,} | {r['articles_skipped']:,} | "
              f"{r['articles_with_stage_warnings']} | {r['words_analysed']:,} | {r['seconds']:.1f} s |", "",
              "| warnings by stage | count |", "|---|---|"]
    for stage in ("parse", "sentences", "entities", "events", "claims"):
        lines.append(f"| {stage} | {r['stages'].get(stage, 0)} |")
    for stage, n in sorted(r["stages"].items()):
        if stage not in ("parse", "sentences", "entities", "events", "claims"):
            lines.append(f"| {stage} | {n} |")
    lines.append(f"| ingest | {r['ingest']} |")
    if r["stage_exceptions"]:
        lines += ["", "| stage: exception | count | files (first 5) |", "|---|---|---|"]
        for key, n in sorted(r["stage_exceptions"].items(), key=lambda kv: -kv[1]):
            stage = key.split(":")[0]
            exc = key.split(": ", 1)[1]
            fs = [w.split(": stage", 1)[0] for w in r["warnings"]
                  if STAGE_WARNING.match(w) and f"stage '{stage}' failed ({exc}" in w]
            lines.append(f"| {key} | {n} | {', '.join(fs[:5])} |")
    if r["ingest_kinds"]:
        lines += ["", "| ingest warning | count |", "|---|---|"]
        lines += [f"| {k} | {n} |" for k, n in r["ingest_kinds"].items()]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=Path, default=BBC, help=f"articles folder (default {BBC})")
    ap.add_argument("--limit", type=int, default=None, help="only the first N files in name order")
    ap.add_argument("--workers", type=int, default=2, help="parsing processes (default 2)")
    args = ap.parse_args()
    if not args.articles.is_dir():
        print(f"error: {args.articles} does not exist", file=sys.stderr)
        return 2
    r = run(args.articles, args.limit, args.workers)
    print(markdown(r))
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    name = f"robustness-{args.limit}.json" if args.limit else "robustness.json"
    (results / name).write_text(json.dumps(r, indent=2))
    return 1 if r["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
