"""The curated CSVs have one reader each (preprocessing/curated.py; sources.csv: ingest/sources.py; the
airportsdata package's CSV: geo/sources.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from preprocessing.curated import (GeocodeRow, append_geocode_cache, read_aliases, read_gazetteer,
                                   read_geocode_cache)

PACKAGE = Path(__file__).resolve().parent.parent / "preprocessing"
# Where a CSV may be parsed, and which file each reads.
READERS = {"curated.py": "gazetteer.csv, aliases.csv, geocode_cache.csv", "ingest/sources.py": "sources.csv",
           "geo/sources.py": "airportsdata's packaged airports.csv (not a curated file)"}


def test_csv_files_are_parsed_only_by_their_readers():
    parsing = re.compile(r"\bcsv\.(?:DictReader|reader)\b|\bread_csv\(")
    found = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                   if "__pycache__" not in p.parts and parsing.search(p.read_text(encoding="utf-8")))
    assert found == sorted(READERS)


def test_gazetteer_rows_are_typed_and_stripped(tmp_path):
    path = tmp_path / "gazetteer.csv"
    path.write_text("name,alt_names,label,kind,lat,lon,country,population,institution\n"
                    " Padded Town , Padded | PT |,GPE ,city, 1.5 ,2.5, us ,,\n"
                    "White Palace,,FAC,facility,1,1,,0, 1\n", encoding="utf-8")
    town, palace = read_gazetteer(path)
    assert (town.name, town.alt_names, town.label, town.kind) == ("Padded Town", ("Padded", "PT"), "GPE", "city")
    assert (town.lat, town.lon, town.country, town.population, town.institution) == (1.5, 2.5, "US", 0, False)
    assert palace.institution and palace.country == ""
    assert read_gazetteer(tmp_path / "absent.csv") == []


@pytest.mark.parametrize("row, problem", [("X,,GPE,town,1,1,,0,", "unknown kind 'town'"),
                                          ("X,,GPE,city,north,1,,0,", "no valid lat/lon")])
def test_gazetteer_rows_that_cannot_be_places_are_refused(tmp_path, row, problem):
    path = tmp_path / "gazetteer.csv"
    path.write_text("name,alt_names,label,kind,lat,lon,country,population,institution\n" + row + "\n")
    with pytest.raises(ValueError, match=problem):
        read_gazetteer(path)


def test_aliases_rows(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("alias,canonical,label\n DPRK , North Korea ,GPE\nXYZ,Ex Why Zed,\n", encoding="utf-8")
    assert [(r.alias, r.canonical, r.label) for r in read_aliases(path)] == [
        ("DPRK", "North Korea", "GPE"), ("XYZ", "Ex Why Zed", "")]


def test_geocode_cache_round_trip(tmp_path):
    path = tmp_path / "geocode_cache.csv"
    append_geocode_cache(path, [GeocodeRow("blorp", "Blorp", None, None, "", "", False)])
    append_geocode_cache(path, [GeocodeRow("qwzxv", "Qwzxv", 61.5, 8.123456, "NO", "city", True)])
    assert path.read_text(encoding="utf-8").splitlines() == [
        "query,name,lat,lon,country,kind,found", "blorp,Blorp,,,,,0",
        "qwzxv,Qwzxv,61.500000,8.123456,NO,city,1"]
    cache = read_geocode_cache(path)
    assert cache["qwzxv"] == GeocodeRow("qwzxv", "Qwzxv", 61.5, 8.123456, "NO", "city", True)
    assert not cache["blorp"].found and cache["blorp"].lat is None


def test_a_broken_curated_file_is_a_clear_build_error(tmp_path, capsys):
    """A hand-edited gazetteer.csv with a runaway field stops the build with its name and line, no traceback."""
    from preprocessing.__main__ import main

    corpus = tmp_path / "corpus"
    (corpus / "articles").mkdir(parents=True)
    (corpus / "articles" / "a.txt").write_text("Vladimir Putin travelled to Vladivostok on Monday.\n")
    (corpus / "gazetteer.csv").write_text(
        "name,alt_names,label,kind,lat,lon,country,population,institution\n"
        f"Testville,{'x' * 200_000},GPE,city,1.0,2.0,XX,10,0\n")
    assert main(["build", "--articles", str(corpus / "articles"), "--out", str(corpus / "processed"),
                 "--quiet"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "gazetteer.csv line 2" in err[0], err
    assert "field larger than field limit" in err[0]
    assert not (corpus / "processed").exists()
