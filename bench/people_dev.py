"""Person precision/recall and route agreement on a hand-labelled development corpus.

A development corpus is a folder ``dev_corpora/<trip>/`` (git-ignored: the texts are other outlets'
articles and never enter the repository) holding ``articles/*.txt`` and ``expected.txt``, written
by reading the articles::

    traveller: Xi Jinping
    route: Paris = France | Belgrade = Serbia | Budapest      # "a = b": spellings of one stop
    people:                                                    # one person a line, "a = b" spellings
    Xi Jinping
    Viktor Orban = Viktor Orbán

A route stop ending in "?" is optional: neither missed when absent nor extra when present.

Figures (by entity, after canonicalisation, so one person is counted once however often named):

* person precision: PERSON entities that are people of the list (by a spelling, a bare surname of
  one, or two or more consecutive words of one: a truncated name is still a person) / PERSON entities;
* person recall: listed people matched by some PERSON entity with a full spelling (or a spelling
  that the entity's aliases hold) / listed people;
* route: the traveller's stops as built; expected stops found; extra stops; pairs of found stops in
  the expected order / all such pairs.

    python bench/people_dev.py dev_corpora/xi_europe_2024 [--processed /tmp/xi_europe_2024/processed]

Without ``--processed`` the corpus is built into a temporary folder first.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import unicodedata
from itertools import combinations
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def fold(text: str) -> str:
    """Case, accents and hyphens do not count: 'Vučić' = 'Vucic', 'Kim Jong-un' = 'kim jong un'."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_.lower().replace("-", " ").split())


def read_expected(path: Path) -> dict:
    out = {"traveller": [], "route": [], "people": []}
    section = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        key, _, rest = line.partition(":")
        if key in ("traveller", "route", "people") and (rest.strip() or key == "people"):
            section = key
            if key == "traveller":
                out["traveller"] = [s.strip() for s in rest.split("=")]
            elif key == "route":
                for stop in rest.split("|"):
                    optional = stop.strip().endswith("?")
                    names = [s.strip().rstrip("?").strip() for s in stop.split("=")]
                    out["route"].append({"names": {fold(n) for n in names if n}, "label": names[0],
                                         "optional": optional})
            continue
        if section == "people":
            out["people"].append([s.strip() for s in line.split("=") if s.strip()])
    return out


def _words_in(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return any(long[i:i + n] == short for i in range(len(long) - n + 1))


def is_listed_person(forms: set[str], people: list[list[str]]) -> bool:
    for person in people:
        for spelling in map(fold, person):
            words = spelling.split()
            for f in forms:
                fw = f.split()
                if f == spelling or (len(fw) == 1 and fw[0] == words[-1]) or (len(fw) >= 2 and _words_in(fw, words)):
                    return True
    return False


def person_figures(entities: pd.DataFrame, people: list[list[str]]) -> dict:
    persons = entities[entities["label"] == "PERSON"]
    wrong, right = [], []
    found_forms: set[str] = set()
    for name, aliases in zip(persons["name"], persons["aliases"]):
        forms = {fold(name)} | {fold(a) for a in aliases}
        found_forms |= forms
        (right if is_listed_person(forms, people) else wrong).append(name)
    missed = [p[0] for p in people if not ({fold(s) for s in p} & found_forms)]
    n = len(persons)
    return {"n_person_entities": n, "precision": len(right) / n if n else 0.0,
            "recall": (len(people) - len(missed)) / len(people) if people else 0.0,
            "not_people": sorted(wrong), "missed": missed}


def route_figures(route: pd.DataFrame, entities: pd.DataFrame, expected: dict) -> dict:
    names = {fold(n) for n in expected["traveller"]}
    ids = set(entities.loc[(entities["label"] == "PERSON") & entities["name"].map(fold).isin(names), "entity_id"])
    stops = route[route["traveller_id"].isin(ids)].sort_values("stop_order")
    built = list(stops["name"])
    exp = expected["route"]
    placed: list[int] = []  # expected index of each built stop that matches one, in built order
    extra = []
    for name in built:
        k = next((i for i, s in enumerate(exp) if fold(name) in s["names"]), None)
        if k is None:
            extra.append(name)
        elif k not in placed:
            placed.append(k)
    required = [i for i, s in enumerate(exp) if not s["optional"]]
    found = [i for i in required if i in placed]
    pairs = list(combinations(placed, 2))
    in_order = sum(a < b for a, b in pairs)
    return {"built": built, "expected": [s["label"] + ("?" if s["optional"] else "") for s in exp],
            "found": len(found), "required": len(required), "extra": extra,
            "missed": [exp[i]["label"] for i in required if i not in placed],
            "order": f"{in_order}/{len(pairs)}" if pairs else "-"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("corpus", type=Path, help="dev_corpora/<trip> (articles/ and expected.txt)")
    ap.add_argument("--processed", type=Path, help="an existing build of the corpus (else built now)")
    args = ap.parse_args(argv)
    expected = read_expected(args.corpus / "expected.txt")
    processed = args.processed
    if processed is None:
        from preprocessing.build import build

        processed = Path(tempfile.mkdtemp(prefix="people_dev_")) / "processed"
        build(args.corpus / "articles", processed, quiet=True)
    entities = pd.read_parquet(processed / "entities.parquet")
    route = pd.read_parquet(processed / "route.parquet")
    p = person_figures(entities, expected["people"])
    r = route_figures(route, entities, expected)
    print(f"corpus {args.corpus.name}: {len(list((args.corpus / 'articles').glob('*.txt')))} articles")
    print(f"  PERSON entities {p['n_person_entities']}, precision {p['precision']:.2f}, "
          f"recall {p['recall']:.2f} ({len(expected['people']) - len(p['missed'])}/{len(expected['people'])})")
    print(f"  not people: {', '.join(p['not_people']) or '-'}")
    print(f"  missed people: {', '.join(p['missed']) or '-'}")
    print(f"  route built:    {' -> '.join(r['built']) or '-'}")
    print(f"  route expected: {' -> '.join(r['expected'])}")
    print(f"  stops found {r['found']}/{r['required']}, extra {len(r['extra'])} ({', '.join(r['extra']) or '-'}), "
          f"pairs in order {r['order']}; missed: {', '.join(r['missed']) or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
