"""The curated CSVs: one reader per file, returning typed rows.

Owns reading (and, for the geocode cache, appending to) the files an analyst edits or the build keeps
beside the articles:

* ``gazetteer.csv`` — places the offline data lacks, or better points and aliases for places it has
  (:func:`read_gazetteer`); used by the entity ruler (:mod:`preprocessing.nlp.pipeline`) and the
  place index (:mod:`preprocessing.geo.gazetteer`);
* ``aliases.csv`` — other names of an entity (:func:`read_aliases`); used by the entity ruler and by
  canonicalisation (:mod:`preprocessing.entities.resolve`);
* ``geocode_cache.csv`` — the opt-in online geocoder's answers (:func:`read_geocode_cache`,
  :func:`append_geocode_cache`); used by place resolution (:mod:`preprocessing.geo.resolve`).

What a row means is its users' business, and which copy is read (the corpus folder's own or the
project's) is :func:`preprocessing.settings.curated_file`'s.  Every cell is stripped of surrounding
whitespace and a missing file reads as no rows.  ``sources.csv`` (per-article metadata) has its own
reader, :func:`preprocessing.ingest.sources.read_sources`, which reports a malformed row by its line.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


class CuratedFileError(ValueError):
    """A curated CSV that cannot be used; the message names the file and, where there is one, the line."""


def _rows(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV with a header (keys and cells stripped), or [] when the file is absent."""
    path = Path(path)
    if not path.exists():
        return []
    reader = None
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in reader]
    except (csv.Error, UnicodeDecodeError, OSError) as exc:
        # An analyst edits these files by hand: say where, not a traceback from the csv module.
        # the reader has counted the lines before the record it failed on
        where = f"{path} line {reader.line_num + 1}" if isinstance(exc, csv.Error) and reader is not None else str(path)
        raise CuratedFileError(f"{where}: {exc}") from None


# ---- gazetteer.csv ------------------------------------------------------------------------------
@dataclass(frozen=True)
class GazetteerRow:
    """One curated place: ``name,alt_names,label,kind,lat,lon,country,population,institution``."""

    name: str
    alt_names: tuple[str, ...]  # the ``|``-separated alternate names, in file order
    label: str  # spaCy label as written (FAC, GPE, LOC); '' when left empty
    kind: str  # one of preprocessing.geo.index.KINDS
    lat: float
    lon: float
    country: str  # ISO 3166-1 alpha-2 in capitals, '' for none
    population: int
    institution: bool  # a seat of power whose name usually means the institution ("the White House said")


def read_gazetteer(path: Path) -> list[GazetteerRow]:
    """Rows of ``gazetteer.csv``; ValueError names the row with an unknown kind or a bad point."""
    from .geo.index import KINDS  # here, not at the top: the geo package imports this module

    out = []
    for row in _rows(path):
        name, kind = row.get("name", ""), row.get("kind", "")
        if kind not in KINDS:
            raise CuratedFileError(f"{path}: {name!r} has unknown kind {kind!r}")
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (KeyError, ValueError):
            raise CuratedFileError(f"{path}: {name!r} has no valid lat/lon "
                             f"({row.get('lat', '')!r}, {row.get('lon', '')!r})") from None
        out.append(GazetteerRow(
            name=name, alt_names=tuple(a.strip() for a in row.get("alt_names", "").split("|") if a.strip()),
            label=row.get("label", ""), kind=kind, lat=lat, lon=lon, country=row.get("country", "").upper(),
            population=int(float(row.get("population") or 0)), institution=row.get("institution") == "1"))
    return out


# ---- aliases.csv --------------------------------------------------------------------------------
@dataclass(frozen=True)
class AliasRow:
    """One other name of an entity: ``alias,canonical,label``."""

    alias: str
    canonical: str
    label: str  # spaCy label as written; '' when left empty


def read_aliases(path: Path) -> list[AliasRow]:
    """Rows of ``aliases.csv``."""
    return [AliasRow(row.get("alias", ""), row.get("canonical", ""), row.get("label", "")) for row in _rows(path)]


# ---- geocode_cache.csv --------------------------------------------------------------------------
GEOCODE_FIELDS = ("query", "name", "lat", "lon", "country", "kind", "found")


@dataclass(frozen=True)
class GeocodeRow:
    """One answer of the online geocoder, found or not: ``query,name,lat,lon,country,kind,found``."""

    query: str  # the folded name asked for (the cache key)
    name: str
    lat: float | None  # None when nothing was found
    lon: float | None
    country: str
    kind: str
    found: bool


def read_geocode_cache(path: Path) -> dict[str, GeocodeRow]:
    """Folded query → its cached answer (a later row for the same query wins)."""
    out: dict[str, GeocodeRow] = {}
    for row in _rows(path):
        found = row.get("found") == "1"
        lat = float(row["lat"]) if found else None
        lon = float(row["lon"]) if found else None
        out[row["query"]] = GeocodeRow(row["query"], row.get("name", ""), lat, lon, row.get("country", ""),
                                       row.get("kind", ""), found)
    return out


def append_geocode_cache(path: Path, rows: list[GeocodeRow]) -> None:
    """Append answers to the cache, writing the header when the file is new (points to 6 decimals)."""
    path = Path(path)
    new = not path.exists()
    with path.open("a", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=GEOCODE_FIELDS)
        if new:
            writer.writeheader()
        for r in rows:
            writer.writerow({"query": r.query, "name": r.name,
                             "lat": f"{r.lat:.6f}" if r.lat is not None else "",
                             "lon": f"{r.lon:.6f}" if r.lon is not None else "",
                             "country": r.country, "kind": r.kind, "found": "1" if r.found else "0"})
