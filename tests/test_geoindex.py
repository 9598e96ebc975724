"""The compact GeoNames index and its cache file: lookups, corrupt files, parallel writers, read-only homes.

Small hand-made indexes stand in for GeoNames so each test runs in milliseconds.
"""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import numpy as np
import pytest

from preprocessing.geo import index as geoindex
from preprocessing.geo.index import GeoArrays, cached

RECORDS = [
    ("Springfield", 39.80, -89.64, "city", "US", 114_000, "geonames", 4250542, "IL", "", False),
    ("Springfield", 37.22, -93.30, "city", "US", 169_000, "geonames", 4409896, "MO", "", False),
    ("Zürich", 47.37, 8.55, "city", "CH", 341_000, "geonames", 2657896, "ZH", "", False),
    ("Ruritania", 45.0, 20.0, "country", "RR", 0, "geonames", None, "", "GPE", True),
]
NAMES = {"springfield": [0, 2], "zurich": [4], "zuerich": [5], "ruritania": [6]}
TAG = "test-tag"


def small() -> GeoArrays:
    return GeoArrays.from_records(RECORDS, NAMES)


def test_records_and_names_round_trip():
    geo = small()
    assert len(geo) == 4
    assert geo.records(list(range(4))) == RECORDS
    assert geo.codes("springfield") == [0, 2] and geo.codes("zuerich") == [5]
    assert geo.codes("shelbyville") == [] and geo.codes("") == []
    assert geo.of_kind("country").tolist() == [3]


def test_keys_with_equal_hashes_are_told_apart(monkeypatch):
    monkeypatch.setattr(geoindex, "key_hash", lambda key: 7)  # every key collides
    geo = small()
    assert {k: geo.codes(k) for k in NAMES} == NAMES
    assert geo.codes("shelbyville") == []


def test_cache_is_built_once_then_loaded(tmp_path):
    calls = []
    path = tmp_path / "geonames-index-x.npz"

    def build():
        calls.append(1)
        return small()

    first = cached(path, TAG, build)
    second = cached(path, TAG, build)
    assert len(calls) == 1 and path.exists()
    assert second.records(list(range(4))) == first.records(list(range(4)))
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary files left behind


def _valid_bytes(tmp_path: Path) -> bytes:
    src = tmp_path / "src.npz"
    small().save(src, TAG)
    data = src.read_bytes()
    src.unlink()
    return data


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "other_tag", "missing_array"])
def test_corrupt_partial_or_foreign_cache_is_rebuilt_and_replaced(tmp_path, damage):
    path = tmp_path / "geonames-index-x.npz"
    good = _valid_bytes(tmp_path)
    if damage == "garbage":
        path.write_bytes(b"\x00not a zip file" * 100)
    elif damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "other_tag":
        small().save(path, "another-version")
    else:
        with path.open("wb") as fh:
            np.savez(fh, format=np.array(geoindex.FORMAT), tag=np.array(TAG), rec=small().a["rec"])
    with pytest.raises(ValueError):
        GeoArrays.load(path, TAG)
    calls = []
    geo = cached(path, TAG, lambda: calls.append(1) or small())
    assert calls == [1] and geo.codes("zurich") == [4]
    assert GeoArrays.load(path, TAG).codes("zurich") == [4]  # the bad file was replaced


def test_unwritable_cache_folder_falls_back_to_memory(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    geo = cached(blocker / "triangulate" / "geonames-index-x.npz", TAG, small)
    assert geo.codes("springfield") == [0, 2]
    assert "cannot cache the place index" in capsys.readouterr().err


def test_read_only_cache_folder_falls_back_to_memory(tmp_path, monkeypatch):
    # Permission bits do not stop root, so refuse the write the way a read-only mount would.
    def refuse(*args, **kwargs):
        raise PermissionError(30, "Read-only file system")

    monkeypatch.setattr(geoindex.tempfile, "mkstemp", refuse)
    path = tmp_path / "geonames-index-x.npz"
    assert cached(path, TAG, small).codes("zuerich") == [5]
    assert not path.exists()


def _write_and_read(args) -> int:
    path, rounds = args
    ok = 0
    for _ in range(rounds):
        small().save(Path(path), TAG)  # every process rewrites the same file
        ok += GeoArrays.load(Path(path), TAG).codes("springfield") == [0, 2]
    return ok


def test_parallel_processes_never_see_a_half_written_cache(tmp_path):
    path = tmp_path / "geonames-index-x.npz"
    with mp.get_context("fork").Pool(4) as pool:
        results = pool.map(_write_and_read, [(str(path), 25)] * 4)
    assert results == [25] * 4
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_the_real_index_is_compact():
    from preprocessing.geo.gazetteer import load_index

    geo = load_index()._geo
    size = sum(a.nbytes for a in geo.a.values())
    assert len(geo) > 200_000 and size < 80 * 2**20  # the Python-object version took ~240 MB
