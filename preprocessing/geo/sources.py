"""Packaged place data beyond GeoNames' settlements, read once when the place index is built.

Owns :func:`country_points`, :func:`admin_areas` and :func:`airports`.  Every source is a PyPI
package with its data inside (pinned in requirements.txt); nothing is downloaded.  The data files are
read directly (the packages' own modules, and their dependencies' imports, are not needed):

* ``countryinfo`` — each country's conventional geographic point (``latlng``, whole degrees, as
  atlases give it): a country named in the news stands for the whole of it, not its biggest town.
* ``iso3166-2`` — every ISO 3166-2 subdivision (states, provinces, oblasts, counties, districts,
  ~5,000) with its type, parent and a point; English names among its other names.
* ``airportsdata`` — airports and airfields with an IATA code, and military air bases.

Their cost (time to parse, records, memory) is paid only when the index is (re)built; the cached
index loads as before.  ``bench/geoparse.py --sources`` measures it.
"""

from __future__ import annotations

import csv
import difflib
import importlib.util
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..lang.en.places import AIRPORT_HEADS, AIRPORT_QUALIFIERS


def _package_dir(name: str) -> Path | None:
    """The installed package's folder, without importing it (None when it is not installed)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version as v

    try:
        return v(name)
    except PackageNotFoundError:
        return "absent"


# ---- countries --------------------------------------------------------------------------------
def country_points() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 → the country's conventional (lat, lon)."""
    base = _package_dir("countryinfo")
    out: dict[str, tuple[float, float]] = {}
    if base is None:
        return out
    for path in sorted((base / "data").glob("*.json")):
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        iso, ll = (d.get("ISO") or {}).get("alpha2"), d.get("latlng")
        if iso and isinstance(ll, list) and len(ll) == 2:
            out.setdefault(iso, (float(ll[0]), float(ll[1])))
    return out


# ---- subdivisions -----------------------------------------------------------------------------
@dataclass(frozen=True)
class AdminArea:
    code: str  # "US-GA", "RU-KHA"
    country: str
    name: str  # the ISO name, brackets removed ("Habarovskij kraj", "Georgia")
    english: tuple[str, ...]  # English names that spell the same name ("Khabarovsk", "NSW")
    type: str  # "State", "Province", "Two-tier county", ...
    parent: str  # the parent subdivision's code, '' for a first-level one
    lat: float
    lon: float


_BRACKETS = re.compile(r"\s*[\[(].*?[\])]")
_OTHER = re.compile(r"^(?P<name>.+?)\s*\((?P<lang>[a-z]{3})\)$")


def _letters(s: str) -> str:
    return re.sub(r"[^a-z ]", "", s.lower())


def _same_name(alt: str, name: str) -> bool:
    """Is the English ``alt`` the subdivision's name (a spelling, a short form, its initials) rather than
    a nickname ("Peach State") or a translation ("North Province")?"""
    a, n = _letters(alt), _letters(name)
    if not a or not n:
        return False
    if a.replace(" ", "") == "".join(w[0] for w in n.split()):
        return True
    words_a = [w for w in a.split() if len(w) >= 4]
    words_n = [w for w in n.split() if len(w) >= 4]
    return any(x.startswith(y) or y.startswith(x) or os.path.commonprefix([x, y]).__len__() >= 5
               or difflib.SequenceMatcher(None, x, y).ratio() >= 0.75 for x in words_a for y in words_n)


def admin_areas() -> list[AdminArea]:
    base = _package_dir("iso3166_2")
    if base is None or not (base / "iso3166-2.json").exists():
        return []
    data = json.loads((base / "iso3166-2.json").read_text(encoding="utf-8"))
    out = []
    for cc, subs in data.items():
        for code, s in subs.items():
            ll = s.get("latLng")
            if not (isinstance(ll, list) and len(ll) == 2 and s.get("name")):
                continue
            name = _BRACKETS.sub("", s["name"]).strip()
            english = []
            for part in re.split(r",\s*(?![^()]*\))", s.get("localOtherName") or ""):
                m = _OTHER.match(part.strip())
                if m and m["lang"] == "eng" and _same_name(m["name"], name):
                    english.append(m["name"].strip())
            out.append(AdminArea(code, cc, name, tuple(dict.fromkeys(english)), s.get("type") or "",
                                 s.get("parentCode") or "", float(ll[0]), float(ll[1])))
    return out


# ---- airports ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Airport:
    name: str
    keys: tuple[str, ...]  # extra names: "<place> airport" without "International", …
    country: str
    lat: float
    lon: float


def airport_stem(name: str) -> str | None:
    """"Vladivostok International Airport" → "Vladivostok"; None when the name has no airport head."""
    words = name.split()
    low = [w.lower() for w in words]
    for head in sorted(AIRPORT_HEADS, key=lambda h: -len(h.split())):
        n = len(head.split())
        if len(low) > n and " ".join(low[-n:]) == head:
            stem = words[:-n]
            while stem and stem[-1].lower() in AIRPORT_QUALIFIERS:
                stem = stem[:-1]
            return " ".join(stem) or None
    return None


def airports() -> list[Airport]:
    base = _package_dir("airportsdata")
    if base is None or not (base / "airports.csv").exists():
        return []
    out = []
    with open(base / "airports.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name = row.get("name", "").strip()
            military = "air base" in name.lower() or "air force base" in name.lower()
            if not name or not (row.get("iata") or military):
                continue
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (KeyError, ValueError):
                continue
            stem = airport_stem(name)
            keys = [f"{stem} airport"] if stem else []
            city = row.get("city", "").strip()
            if city and name.startswith(city + " ") and len(name) > len(city) + 12:
                keys.append(name[len(city) + 1:])  # "London Heathrow Airport" → "Heathrow Airport"
                if stem and stem.startswith(city + " "):
                    keys.append(f"{stem[len(city) + 1:]} airport")
            out.append(Airport(name, tuple(keys), row.get("country", ""), lat, lon))
    return out
