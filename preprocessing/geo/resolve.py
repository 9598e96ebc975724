"""Place resolution: GPE/LOC/FAC entities → coordinates, kind and country (the ``places`` table).

Owns :func:`resolve_places`.  Readings come from the offline gazetteer (:mod:`.gazetteer`); the one
chosen for each entity is the one that best fits the story, as toponym resolvers do:

* a prior: population (log scale), national capitals, curated entries, a match on the main name
  rather than an alternate name, and agreement between the spaCy label and the kind of place;
* "Town, State": a name right after another past a comma reads as an admin area or country, and the
  name before it as a place inside that reading;
* context, re-estimated a few times from the other places' current readings: the share of the
  story's places that lie in the candidate's country, and closeness to the story's point places.
  Places sharing an article count fully, places elsewhere in the corpus a little.

Names the offline data lacks may be geocoded online (Nominatim, opt-in, rate-limited); answers are
cached in ``data/geocode_cache.csv``, which is read even offline.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import schema
from ..curated import GeocodeRow, append_geocode_cache, read_geocode_cache
from ..lang.en.labels import PLACE_LABELS
from ..lang.en.places import DIRECTION_WORDS
from ..settings import (AREA_BASE, AREA_KM, CONTEXT_WEIGHT, ELSEWHERE_WEIGHT, GEOCODE_CACHE_FILE, GEOCODE_MIN_DELAY_S,
                        GEOCODE_TIMEOUT_S, GEOCODE_USER_AGENT, ITERATIONS, LABEL_MISMATCH, MAX_ANCHORS,
                        MIN_CITY_POPULATION, MIN_SCORE, PROXIMITY_KM, QUALIFIER_KM, QUALIFIER_WEIGHT)
from .gazetteer import Candidate, PlaceIndex, fold, load_index

POINT_KINDS = ("city", "facility")
# Which kinds of place each spaCy label usually names.
LABEL_KINDS = {"GPE": ("city", "country", "admin"), "LOC": ("region", "water", "continent", "admin"),
               "FAC": ("facility",)}
EARTH_KM = 6371.0088  # the mean Earth radius (IUGG)


@dataclass
class _Entity:
    entity_id: str
    name: str
    label: str
    candidates: list[Candidate]
    prior: np.ndarray = field(default_factory=lambda: np.zeros(0))
    choice: int = -1
    confidence: float = 0.0


def prior(c: Candidate, label: str = "") -> float:
    """Context-free plausibility of one reading."""
    if c.kind == "city":
        # GeoNames lists some settlements with population 0 (unknown); they passed its 500 cut-off
        pop = max(c.population, MIN_CITY_POPULATION) if c.source == "geonames" else c.population
        base = min(1.0, math.log10(pop + 1) / 7)
    else:
        base = AREA_BASE.get(c.kind, 0.5)
        if c.kind == "admin" and c.population:
            # a state or province with millions of people outranks the town that shares its name
            # ("California", "Florida"), but not the great city it is named after ("New York")
            base = max(base, min(0.9, math.log10(c.population + 1) / 7 - 0.1))
    if c.capital:
        base += 0.25
    if c.source == "gazetteer":
        base += 0.2
    elif c.source == "nominatim":
        base = max(base, 0.5)  # asked for by name because nothing offline matched: trust it
    if not c.primary:
        base -= 0.25
    if c.kind in LABEL_KINDS.get(label, ()):
        base += 0.15
    elif label in ("LOC", "FAC") and c.kind == "city":
        base -= LABEL_MISMATCH  # "Broadway", "Baltic", "North East": rarely the town of that name
    return base


def _haversine_km(lat: np.ndarray, lon: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    # Vectorised great-circle distance (candidates × anchors); geopy's per-pair calls are too slow here.
    p1, p2 = np.radians(lat)[:, None], np.radians(lat2)[None, :]
    dlat = p2 - p1
    dlon = np.radians(lon2)[None, :] - np.radians(lon)[:, None]
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _cooccurrence(ids: list[str], mentions: pd.DataFrame) -> np.ndarray:
    """weight[e, o]: how much place o is context for place e (mentions, shared articles count most)."""
    n = len(ids)
    if n == 0 or mentions.empty:
        return np.zeros((n, n))
    sub = mentions[mentions["entity_id"].isin(ids)]
    counts = pd.crosstab(sub["entity_id"], sub["article_id"]).reindex(index=ids, fill_value=0)
    m = counts.to_numpy(dtype=float)
    shared = (m > 0).astype(float) @ m.T  # mentions of o in the articles that mention e
    other = m.sum(axis=1)[None, :] - shared
    np.fill_diagonal(shared, 0.0)
    np.fill_diagonal(other, 0.0)
    # The rest of the corpus is scaled to a fixed share of the article's own context: in a big mixed
    # corpus its raw counts would drown what the article itself says.
    own, rest = shared.sum(axis=1), other.sum(axis=1)
    scale = np.divide(ELSEWHERE_WEIGHT * np.maximum(own, 1.0), rest, out=np.zeros(n), where=rest > 0)
    return shared + scale[:, None] * other


@dataclass
class _Snapshot:
    """Every entity's current reading as arrays, so each entity's context is a few vector ops."""

    lat: np.ndarray
    lon: np.ndarray
    country: np.ndarray  # integer code of the reading's country, -1 when none
    anchor: np.ndarray  # reading is a point (or admin area) that proximity can be measured to
    confidence: np.ndarray


def _snapshot(items: list[_Entity], codes: dict[str, int]) -> _Snapshot:
    n = len(items)
    lat, lon, conf = np.zeros(n), np.zeros(n), np.zeros(n)
    country, anchor = np.full(n, -1), np.zeros(n, dtype=bool)
    for i, e in enumerate(items):
        if e.choice < 0:
            continue
        c = e.candidates[e.choice]
        lat[i], lon[i], conf[i] = c.lat, c.lon, e.confidence
        country[i] = codes.get(c.country, -1)
        anchor[i] = c.kind in POINT_KINDS + ("admin",)
    return _Snapshot(lat, lon, country, anchor, conf)


def _fit(ent: _Entity, weights: np.ndarray, snap: _Snapshot, codes: dict[str, int]) -> np.ndarray:
    """0..1 per candidate: how well it agrees with the other places' current readings."""
    w = weights * snap.confidence
    has_country = snap.country >= 0
    total = w[has_country].sum()
    by_country = np.bincount(snap.country[has_country], weights=w[has_country], minlength=len(codes))
    cand_code = np.array([codes.get(c.country, -1) for c in ent.candidates])
    share = np.where(cand_code >= 0, by_country[np.maximum(cand_code, 0)] / total, 0.0) if total else \
        np.zeros(len(cand_code))
    lat = np.array([c.lat for c in ent.candidates])
    lon = np.array([c.lon for c in ent.candidates])
    # Points, and states or provinces (at their populated core), are compared with the story's points,
    # so "New York" the state gets no edge over the city from country agreement alone; areas outside
    # any one country ("East Asia", seas) with every reading, countries included, on a continental scale.
    point = np.array([c.kind in POINT_KINDS + ("admin",) for c in ent.candidates])
    prox = _proximity(lat, lon, w, snap, snap.anchor, PROXIMITY_KM)
    area_prox = _proximity(lat, lon, w, snap, snap.confidence > 0, AREA_KM) if (cand_code < 0).any() else prox
    return np.where(point, 0.5 * share + 0.5 * prox, np.where(cand_code >= 0, share, area_prox))


def _proximity(lat: np.ndarray, lon: np.ndarray, w: np.ndarray, snap: _Snapshot, mask: np.ndarray,
               scale_km: float) -> np.ndarray:
    """Weighted mean closeness (1 = same spot, decaying with distance) of each candidate to the context."""
    anchors = np.flatnonzero(mask & (w > 0))
    if not anchors.size:
        return np.zeros(len(lat))
    anchors = anchors[np.argsort(-w[anchors])[:MAX_ANCHORS]]
    d = _haversine_km(lat, lon, snap.lat[anchors], snap.lon[anchors])
    return (np.exp(-d / scale_km) * w[anchors]).sum(axis=1) / w[anchors].sum()


def _qualifiers(mentions: pd.DataFrame, pos: dict[str, int]) -> dict[int, set[int]]:
    """"Town, State": entity index → the entities named right after one of its mentions, past a comma
    (a mention ending where another starts two characters on)."""
    out: dict[int, set[int]] = {}
    if mentions.empty or not {"start", "end", "article_id"} <= set(mentions.columns):
        return out
    m = mentions[mentions["entity_id"].isin(pos)]
    for _, art in m.groupby("article_id"):
        starts = {int(r.start): r.entity_id for r in art.itertuples()}
        for r in art.itertuples():
            b = starts.get(int(r.end) + 2)
            if b is not None and b != r.entity_id:
                out.setdefault(pos[r.entity_id], set()).add(pos[b])
    return out


def _holds(area: _Entity, town: _Entity) -> np.ndarray:
    """1 per admin-area or country reading of ``area`` that holds some reading of ``town``, else 0."""
    out = np.zeros(len(area.candidates))
    if not town.candidates:
        return out
    lat = np.array([x.lat for x in town.candidates])
    lon = np.array([x.lon for x in town.candidates])
    for k, c in enumerate(area.candidates):
        if c.kind == "country":
            out[k] = float(any(x.country == c.country for x in town.candidates if x is not c))
        elif c.kind == "admin":
            d = _haversine_km(lat, lon, np.array([c.lat]), np.array([c.lon]))[:, 0]
            out[k] = float(any(x.country == c.country and dk <= QUALIFIER_KM and x is not c
                               for x, dk in zip(town.candidates, d)))
    return out


def _qualified(ent: _Entity, quals, items: list[_Entity]) -> np.ndarray:
    """0..1 per candidate: lies in the country, or near the admin area, its qualifier currently reads as."""
    out = np.zeros(len(ent.candidates))
    for b in quals:
        q = items[b]
        if q.choice < 0:
            continue
        c = q.candidates[q.choice]
        if c.kind not in ("admin", "country"):
            continue
        same = np.array([x.country == c.country for x in ent.candidates], dtype=float)
        if c.kind == "admin":
            d = _haversine_km(np.array([x.lat for x in ent.candidates]), np.array([x.lon for x in ent.candidates]),
                              np.array([c.lat]), np.array([c.lon]))[:, 0]
            same = same * np.exp(-d / QUALIFIER_KM)
        out = np.maximum(out, same)
    return out


def _choose(ent: _Entity, fit: np.ndarray) -> None:
    scores = ent.prior + CONTEXT_WEIGHT * fit
    best = int(np.argmax(scores))
    if scores[best] < MIN_SCORE:
        ent.choice, ent.confidence = -1, 0.0
        return
    soft = np.exp(6 * (scores - scores[best]))
    quality = min(1.0, max(0.0, 0.4 + 0.5 * float(scores[best])))
    ent.choice, ent.confidence = best, float(soft[best] / soft.sum()) * quality


def _candidates(index: PlaceIndex, names: list[str]) -> list[Candidate]:
    seen: dict[tuple, Candidate] = {}
    for nm in names:
        # An all-lowercase name ("west coast") is a description, and a bare direction ("the West",
        # "North East") a part of whatever the story is about: neither is the town of that name.
        curated_only = not any(ch.isupper() for ch in nm) or set(fold(nm).split()) <= DIRECTION_WORDS
        for c in index.lookup(nm):
            if curated_only and c.source not in ("gazetteer", "nominatim") and c.kind in ("city", "admin", "facility"):
                continue
            key = (c.source, c.geonameid, c.name, c.kind, c.country)
            # keep the better of two matches of the same place (main name beats alternate)
            if key not in seen or (c.primary and not seen[key].primary):
                seen[key] = c
    return list(seen.values())


# ---- online geocoding (opt-in; its cache is read and written by preprocessing.curated) ---------
def _geocode_callable(geocoder):
    """A rate-limited ``geocode`` for geopy geocoders (Nominatim by default); other objects as given."""
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim
    from geopy.geocoders.base import Geocoder

    if geocoder is None:
        geocoder = Nominatim(user_agent=GEOCODE_USER_AGENT, timeout=GEOCODE_TIMEOUT_S)
    if isinstance(geocoder, Geocoder):
        # Nominatim's usage policy: at most one request per second, and give up rather than hammer.
        return RateLimiter(geocoder.geocode, min_delay_seconds=GEOCODE_MIN_DELAY_S, max_retries=0,
                           swallow_exceptions=False)
    return getattr(geocoder, "geocode", geocoder)


def _kind_of(raw: dict) -> str:
    cls, typ = raw.get("class", ""), raw.get("type", "")
    if cls == "place" and typ in {"city", "town", "village", "hamlet", "suburb", "locality"}:
        return "city"
    if cls == "boundary":
        return "country" if typ == "country" or raw.get("addresstype") == "country" else "admin"
    if cls in {"natural", "waterway"} or typ in {"sea", "ocean", "bay", "strait", "river"}:
        return "water"
    return "facility"


def _geocode_online(names: list[str], geocode) -> list[GeocodeRow]:
    """Query each name once; on a network failure say so once and stop asking."""
    rows = []
    for name in names:
        try:
            loc = geocode(name, exactly_one=True, addressdetails=True, language="en")
        except Exception as exc:  # geopy raises its own errors for DNS/timeouts/refusals
            print(f"triangulate: online geocoding unavailable ({type(exc).__name__}: {exc}); "
                  "continuing offline", file=sys.stderr)
            break
        if loc is None:
            rows.append(GeocodeRow(fold(name), name, None, None, "", "", False))
            continue
        raw = getattr(loc, "raw", {}) or {}
        cc = ((raw.get("address") or {}).get("country_code") or "").upper()
        # to the cache's 6 decimals, so a fresh answer and the same answer read back are one point
        lat, lon = float(f"{float(loc.latitude):.6f}"), float(f"{float(loc.longitude):.6f}")
        rows.append(GeocodeRow(fold(name), name, lat, lon, cc, _kind_of(raw), True))
    return rows


def _from_cache(row: GeocodeRow) -> Candidate | None:
    if not row.found:
        return None
    return Candidate(row.name, row.lat, row.lon, row.kind or "city", row.country, 0, "nominatim", None)


# ---- the stage --------------------------------------------------------------------------------------
def resolve_places(entities: pd.DataFrame, mentions: pd.DataFrame, *, data_dir: Path, online: bool = False,
                   geocoder=None) -> pd.DataFrame:
    """The ``places`` table: one row per GPE/LOC/FAC entity.

    ``geocoder`` replaces the default rate-limited Nominatim callable (anything with geopy's
    ``geocode(query, **kwargs)`` signature, or an object with a ``geocode`` method); it is used only
    when ``online`` is true and only for names the offline data and the cache lack.
    """
    if entities is None or entities.empty:
        return schema.empty("places")
    data_dir = Path(data_dir)
    index = load_index(data_dir)
    ents = entities[entities["label"].isin(PLACE_LABELS)].reset_index(drop=True)
    if ents.empty:
        return schema.empty("places")

    items: list[_Entity] = []
    for row in ents.itertuples(index=False):
        raw = row.aliases if isinstance(row.aliases, (list, tuple, np.ndarray)) else []
        aliases = [a for a in raw if isinstance(a, str) and a]
        names = list(dict.fromkeys([row.name, *aliases]))
        items.append(_Entity(row.entity_id, row.name, row.label, _candidates(index, names)))

    cache_path = data_dir / GEOCODE_CACHE_FILE
    cache = read_geocode_cache(cache_path)
    missing = [e for e in items if not e.candidates]
    if online and missing:
        todo = [e.name for e in missing if fold(e.name) not in cache]
        if todo:
            rows = _geocode_online(todo, _geocode_callable(geocoder))
            if rows:
                append_geocode_cache(cache_path, rows)
                cache.update({r.query: r for r in rows})
    for e in missing:
        hit = cache.get(fold(e.name))
        cand = _from_cache(hit) if hit else None
        if cand is not None:
            e.candidates = [cand]

    pos = {e.entity_id: i for i, e in enumerate(items)}
    qualifiers = _qualifiers(mentions, pos)
    for i, e in enumerate(items):
        e.prior = np.array([prior(c, e.label) for c in e.candidates])
    for a, bs in qualifiers.items():  # "Athens, Georgia": the state that holds an Athens
        for b in bs:
            items[b].prior = items[b].prior + QUALIFIER_WEIGHT * _holds(items[b], items[a])
    weights = _cooccurrence([e.entity_id for e in items], mentions)
    resolvable = [i for i, e in enumerate(items) if e.candidates]
    for i in resolvable:
        _choose(items[i], np.zeros(len(items[i].candidates)))
    codes = {cc: k for k, cc in enumerate(sorted({c.country for e in items for c in e.candidates if c.country}))}
    for _ in range(ITERATIONS):
        snap = _snapshot(items, codes)
        fits = {i: _fit(items[i], weights[i], snap, codes) + _qualified(items[i], qualifiers.get(i, ()), items)
                for i in resolvable}
        for i in resolvable:
            _choose(items[i], fits[i])

    rows = []
    for e in items:
        if e.choice < 0:
            rows.append({"entity_id": e.entity_id, "name": e.name, "lat": None, "lon": None,
                         "kind": "unresolved", "country": "", "geocoder": "none", "confidence": 0.0})
            continue
        c = e.candidates[e.choice]
        rows.append({"entity_id": e.entity_id, "name": e.name, "lat": float(c.lat), "lon": float(c.lon),
                     "kind": c.kind, "country": c.country, "geocoder": c.source,
                     "confidence": round(e.confidence, 3)})
    out = pd.DataFrame(rows, columns=[col.name for col in schema.TABLES["places"]])
    return out.astype({"lat": "float64", "lon": "float64", "confidence": "float64"})


def explain(entities: pd.DataFrame, mentions: pd.DataFrame, entity_id: str, *, data_dir: Path) -> list[dict]:
    """Every reading of one entity with its prior (for debugging and the places page)."""
    index = load_index(Path(data_dir))
    row = entities.set_index("entity_id").loc[entity_id]
    names = list(dict.fromkeys([row["name"], *list(row["aliases"])]))
    return [{"name": c.name, "kind": c.kind, "country": c.country, "lat": c.lat, "lon": c.lon,
             "population": c.population, "prior": round(prior(c, row["label"]), 3)}
            for c in _candidates(index, names)]
