"""The library API on raw text: :func:`extract_entities` and :func:`geoparse`.

Both run the same per-article analysis and corpus-level resolution as the build, on a one-text
corpus, so notebook results and dashboard tables agree.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import nlp
from .build import analyse_doc
from .entities import canonicalise
from .geo import resolve_places
from .settings import DATA_DIR


@lru_cache(maxsize=4)
def _pipeline(model: str | None = None):
    return nlp.load_pipeline(model, DATA_DIR)


def _mentions(text: str, model: str | None):
    doc = _pipeline(model)(nlp.normalise(text))
    analysis = analyse_doc(doc, text, 0)
    raw = pd.DataFrame([{"article_id": "text", **m} for m in analysis["entities"]])
    if raw.empty:
        return raw, raw
    return canonicalise(raw, aliases_path=DATA_DIR / "aliases.csv")


def extract_entities(text: str, model: str | None = None) -> list[dict]:
    """Entity mentions of ``text``: dicts of start, end, text, label and entity (canonical name)."""
    mentions, entities = _mentions(text, model)
    if mentions.empty:
        return []
    names = dict(zip(entities["entity_id"], entities["name"]))
    return [{"start": int(m.start), "end": int(m.end), "text": m.text, "label": m.label,
             "entity": names.get(m.entity_id, m.text)} for m in mentions.sort_values("start").itertuples()]


def geoparse(text: str, model: str | None = None) -> list[dict]:
    """Place mentions of ``text`` resolved to coordinates: dicts of start, end, name, lat, lon,
    kind and country.

    Regions and countries come with a representative point and their ``kind`` so a caller can keep
    only cities and facilities; mentions that cannot be placed are left out.
    """
    mentions, entities = _mentions(text, model)
    if mentions.empty:
        return []
    places = resolve_places(entities, mentions, data_dir=DATA_DIR, online=False)
    located = places.dropna(subset=["lat", "lon"]).set_index("entity_id")
    out = []
    for m in mentions.sort_values("start").itertuples():
        if m.entity_id in located.index:
            p = located.loc[m.entity_id]
            out.append({"start": int(m.start), "end": int(m.end), "name": p["name"],
                        "lat": float(p["lat"]), "lon": float(p["lon"]), "kind": p["kind"],
                        "country": p["country"]})
    return out
