"""Geoparsing on a gold set: the shared evaluator's Acc@161 plus the figures it does not print.

Reads the same gold file as ``../shared/eval/geoparse_acc161.py`` (default GeoVirus, a development
set: measure and read the errors, never copy its text) and scores ``preprocessing.geoparse`` the same
way: a gold mention is hit when a prediction overlaps it and lies within 161 km of its point.  Adds

* mentions found (some prediction overlaps the gold mention, whatever its point);
* the precision proxy (share of predictions overlapping a gold mention), as the shared evaluator;
* mean error ln(1 + km) / ln(20039) over the found mentions, and end to end (a miss counts 1);
* the same per kind of the reading chosen (city, admin, country, facility, ...), with ``not found``;
* with ``--errors K``, the K costliest errors with their context, and with ``--dump FILE`` every
  error as JSON lines (for reading, kept out of the repository);
* with ``--sources``, instead, what each packaged place source costs to parse and what the cached
  index holds.

    python bench/geoparse.py [GOLD] [--limit N] [--errors K] [--dump FILE] [--sources]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOLD = ROOT.parent / "shared" / "corpora" / "geovirus" / "geovirus.jsonl"
HALF_EARTH_KM = 20039.0
HIT_KM = 161.0


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance as the shared evaluator computes it (mean radius 6,371 km)."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def score(docs: list[dict], geoparse) -> dict:
    gold = hit = found = npred = on_gold = 0
    err_sum = 0.0
    kinds: dict[str, Counter] = defaultdict(Counter)
    errors = []
    for doc in docs:
        preds = [q for q in geoparse(doc["text"]) if q.get("lat") is not None]
        npred += len(preds)
        tops = [t for t in doc["toponyms"] if t.get("lat") is not None]
        on_gold += sum(any(q["start"] < t["end"] and t["start"] < q["end"] for t in tops) for q in preds)
        for q in preds:
            if not any(q["start"] < t["end"] and t["start"] < q["end"] for t in tops):
                kinds[q["kind"]]["spurious"] += 1
                errors.append({"cost": 0.5, "id": doc["id"], "gold": None, "pred": q["name"], "kind": q["kind"],
                               "class": "spurious", "context": doc["text"][max(0, q["start"] - 60):q["end"] + 60]})
        for t in tops:
            gold += 1
            q = next((q for q in preds if q["start"] < t["end"] and t["start"] < q["end"]), None)
            ctx = doc["text"][max(0, t["start"] - 60):t["end"] + 60]
            if q is None:
                kinds["not found"]["gold"] += 1
                errors.append({"cost": 1.0, "id": doc["id"], "gold": t["name"], "pred": None, "kind": "",
                               "class": "not found", "context": ctx})
                continue
            found += 1
            d = km((q["lat"], q["lon"]), (t["lat"], t["lon"]))
            e = math.log1p(d) / math.log(HALF_EARTH_KM)
            err_sum += e
            k = kinds[q["kind"]]
            k["gold"] += 1
            k["err"] += e
            if d <= HIT_KM:
                hit += 1
                k["hit"] += 1
            else:
                errors.append({"cost": e, "id": doc["id"], "gold": t["name"], "pred": q["name"], "kind": q["kind"],
                               "class": "far", "km": round(d), "at": [q["lat"], q["lon"]],
                               "gold_at": [t["lat"], t["lon"]], "context": ctx})
    return {"articles": len(docs), "gold": gold, "hit": hit, "found": found, "predictions": npred,
            "on_gold": on_gold, "err_found": err_sum / max(1, found),
            "err_all": (err_sum + (gold - found)) / max(1, gold), "kinds": kinds, "errors": errors}


def report(r: dict) -> str:
    lines = [f"{r['articles']} articles: Acc@161 {r['hit'] / max(1, r['gold']):.3f} ({r['hit']}/{r['gold']}); "
             f"found {r['found'] / max(1, r['gold']):.3f} ({r['found']}); {r['predictions']} predictions, "
             f"{r['on_gold'] / max(1, r['predictions']):.3f} on a gold mention; mean ln(1+km)/ln(20039) "
             f"{r['err_found']:.3f} over found mentions, {r['err_all']:.3f} end to end", "",
             "| kind chosen | gold mentions | Acc@161 | mean error | predictions off gold |",
             "|---|---|---|---|---|"]
    for kind, k in sorted(r["kinds"].items(), key=lambda kv: -kv[1]["gold"]):
        if kind == "not found":
            lines.append(f"| not found | {k['gold']} | 0 | 1 | |")
        else:
            acc = f"{k['hit'] / k['gold']:.3f}" if k["gold"] else ""
            err = f"{k['err'] / k['gold']:.3f}" if k["gold"] else ""
            lines.append(f"| {kind} | {k['gold']} | {acc} | {err} | {k['spurious']} |")
    return "\n".join(lines)


def sources_cost() -> str:
    """Parse time, peak Python memory and records of each packaged source (paid only when the place
    index is rebuilt), and the cached index's size on disk and load time."""
    import tracemalloc

    from preprocessing.geo import gazetteer, sources

    lines = ["| source | records | parse s | peak MB while parsing |", "|---|---|---|---|"]
    for name, fn in (("countryinfo (country points)", sources.country_points),
                     ("iso3166-2 (subdivisions)", sources.admin_areas), ("airportsdata (airports)", sources.airports)):
        tracemalloc.start()
        t0 = time.perf_counter()
        n = len(fn())
        dt = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        lines.append(f"| {name} | {n:,} | {dt:.2f} | {peak:.0f} |")
    gazetteer._geonames_index()  # make sure this version's cache file exists, then time loading it
    t0 = time.perf_counter()
    geo = gazetteer._geonames_index()
    dt = time.perf_counter() - t0
    mb = sum(a.nbytes for a in geo.a.values()) / 1e6
    counts = Counter(r[6] for r in geo.records(list(range(len(geo)))))
    lines.append(f"\nCached index: {len(geo):,} records ({dict(counts)}), {mb:.0f} MB of arrays, loaded in {dt:.2f} s")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold", nargs="?", default=str(GOLD))
    ap.add_argument("--limit", type=int)
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--dump", help="write every error as a JSON line to this file")
    ap.add_argument("--sources", action="store_true", help="only measure what each packaged source costs")
    a = ap.parse_args()
    if a.sources:
        print(sources_cost())
        return
    from preprocessing import geoparse

    docs = [json.loads(line) for line in open(a.gold, encoding="utf-8") if line.strip()][: a.limit]
    t0 = time.perf_counter()
    r = score(docs, geoparse)
    print(report(r))
    print(f"\n{time.perf_counter() - t0:.1f} s")
    errors = sorted(r["errors"], key=lambda e: -e["cost"])
    for e in errors[: a.errors]:
        what = e["class"] if e["class"] != "far" else f"{e['km']:,} km off as {e['kind']}"
        print(f"  {e['id']}  {e['gold'] or e['pred']!r}: {what}  {e['context']!r}")
    if a.dump:
        with open(a.dump, "w", encoding="utf-8") as fh:
            for e in errors:
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
