"""The build's guard: a fault injected into one article's parse or extract step stays with that
article; a fault in a corpus step fails the build before anything is written."""

from __future__ import annotations

import dataclasses
import importlib
import multiprocessing
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from preprocessing.nlp import normalise

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
# ``preprocessing.build`` is also the name of the package's build() function: take the module itself
B = importlib.import_module("preprocessing.build")

BAD = "003_500b28330caf8db6"  # the seed article the faults are injected into
# each per-article stage's table and the columns that belong to the article alone (claim groups,
# stances and event ids are corpus-level and move when another article's rows are missing)
TABLES = {"sentences": ("sentences", ["article_id", "sent_id", "start", "end", "text"]),
          "entities": ("mentions", ["article_id", "sent_id", "start", "end", "text", "label"]),
          "events": ("events", ["article_id", "sent_id", "action", "sentence"]),
          "claims": ("claims", ["article_id", "sent_id", "start", "end", "text", "subject"])}
# an extract step that reads an earlier stage's rows of the same article (_events reads its mentions)
READS = {"events": {"entities"}}
# columns a corpus step fills from another stage's table (an event's evidence sentence, by sent_id)
FILLED_FROM = {("events", "sentence"): "sentences"}


class InjectedFault(RuntimeError):
    pass


def seed_corpus(tmp_path: Path) -> Path:
    """A private copy of data/ (the five seed articles and the editable CSVs), as conftest's seed_build."""
    data = tmp_path / "data"
    shutil.copytree(DATA / "articles", data / "articles")
    for csv in DATA.glob("*.csv"):
        shutil.copy(csv, data / csv.name)
    return data


def run_build(data: Path, nlp, out: str = "processed", **kw):
    return B.build(data / "articles", data / out, data_dir=data, nlp_obj=nlp, cache=False, **kw)


def rows_of(tables, stage: str, article: str | None = None, *, other: bool = False) -> pd.DataFrame:
    name, cols = TABLES[stage]
    t = tables[name]
    keep = (t["article_id"] != article) if other else (t["article_id"] == article)
    return t.loc[keep, cols].reset_index(drop=True)


def failing_for(article_id: str, extract):
    def extract_or_fail(doc, article):
        if article.article_id == article_id:
            raise InjectedFault("injected for the test\nsecond line of the message")
        return extract(doc, article)
    return extract_or_fail


def with_stage(monkeypatch, name: str, **change) -> None:
    monkeypatch.setattr(B, "STAGES", tuple(dataclasses.replace(s, **change) if s.name == name else s
                                           for s in B.STAGES))


def table_files(out: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(out.glob("*.parquet"))}


# ---- per-article faults -------------------------------------------------------------------------
@pytest.mark.parametrize("stage", list(TABLES))
def test_an_extract_fault_stays_with_its_article_and_stage(stage, seed_tables, nlp, tmp_path, monkeypatch):
    data = seed_corpus(tmp_path)
    extract = next(s.extract for s in B.STAGES if s.name == stage)
    with_stage(monkeypatch, stage, extract=failing_for(BAD, extract))
    result = run_build(data, nlp)  # does not raise
    t = result.tables

    # the other four articles keep all their rows, in every per-article table
    for s in TABLES:
        got = rows_of(t, s, BAD, other=True)
        assert len(got["article_id"].unique()) == 4, s
        pd.testing.assert_frame_equal(got, rows_of(seed_tables, s, BAD, other=True), obj=s)
    # the faulty article loses only this stage's rows (and what reads them), and keeps the others
    assert rows_of(t, stage, BAD).empty
    for s in TABLES:
        if s == stage or stage in READS.get(s, ()):
            continue
        assert not rows_of(t, s, BAD).empty, s
        filled = [c for (table_stage, c), source in FILLED_FROM.items() if table_stage == s and source == stage]
        pd.testing.assert_frame_equal(rows_of(t, s, BAD).drop(columns=filled),
                                      rows_of(seed_tables, s, BAD).drop(columns=filled), obj=s)

    arts = t["articles"].set_index("article_id")
    assert (arts["status"] == "ok").all()
    (warning,) = list(arts.loc[BAD, "warnings"])
    assert f"{BAD}.txt" in warning and f"stage '{stage}'" in warning and "InjectedFault" in warning
    assert "\n" not in warning and "second line" not in warning
    assert all(len(arts.loc[a, "warnings"]) == 0 for a in arts.index if a != BAD)
    assert warning in result.warnings
    # and the dashboard reads it back from the written table
    written = pd.read_parquet(data / "processed" / "articles.parquet").set_index("article_id")
    assert list(written.loc[BAD, "warnings"]) == [warning]


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the injected fault reaches the workers only through fork")
def test_an_extract_fault_in_a_worker_process_is_contained_too(seed_tables, tmp_path, monkeypatch):
    data = seed_corpus(tmp_path)
    extract = next(s.extract for s in B.STAGES if s.name == "claims")
    with_stage(monkeypatch, "claims", extract=failing_for(BAD, extract))
    result = B.build(data / "articles", data / "processed", data_dir=data, cache=False, workers=2)
    assert any(f"{BAD}.txt: stage 'claims' failed (InjectedFault" in w for w in result.warnings)
    assert rows_of(result.tables, "claims", BAD).empty
    pd.testing.assert_frame_equal(rows_of(result.tables, "sentences", BAD), rows_of(seed_tables, "sentences", BAD))
    assert len(rows_of(result.tables, "claims", BAD, other=True)) == len(rows_of(seed_tables, "claims", BAD, other=True))


class ParseFailsFor:
    """The real pipeline, except that parsing a text containing ``marker`` raises (in a batch too)."""

    def __init__(self, nlp, marker: str):
        self._nlp, self._marker = nlp, marker

    def __getattr__(self, name):
        return getattr(self._nlp, name)

    def __call__(self, text, **kw):
        if self._marker in text:
            raise MemoryError("injected parse failure")
        return self._nlp(text, **kw)

    def pipe(self, texts, **kw):
        texts = list(texts)
        if any(self._marker in t for t in texts):
            raise MemoryError("injected parse failure")
        return self._nlp.pipe(texts, **kw)


def test_a_parse_fault_loses_only_that_articles_rows(seed_tables, nlp, tmp_path):
    data = seed_corpus(tmp_path)
    body = (data / "articles" / f"{BAD}.txt").read_text(encoding="utf-8")
    marker = normalise(max(body.split("\n"), key=len))[:60]  # a piece of that article's body only, as parsed
    assert all(marker not in p.read_text(encoding="utf-8") for p in (data / "articles").glob("*.txt")
               if p.stem != BAD)
    result = run_build(data, ParseFailsFor(nlp, marker))
    t = result.tables
    for s in TABLES:
        assert rows_of(t, s, BAD).empty, s
        pd.testing.assert_frame_equal(rows_of(t, s, BAD, other=True), rows_of(seed_tables, s, BAD, other=True), obj=s)
    arts = t["articles"].set_index("article_id")
    (warning,) = list(arts.loc[BAD, "warnings"])
    assert f"{BAD}.txt" in warning and "stage 'parse'" in warning and "MemoryError" in warning
    assert warning in result.warnings and len(result.warnings) == 1


# ---- corpus faults ------------------------------------------------------------------------------
def test_a_corpus_fault_raises_build_error_and_keeps_the_previous_tables(nlp, tmp_path, monkeypatch):
    data = seed_corpus(tmp_path)
    run_build(data, nlp)
    before = table_files(data / "processed")
    assert len(before) == len(B.schema.TABLES)
    (data / "articles" / "new.txt").write_text("Vladimir Putin flew to Minsk on Friday.\n", encoding="utf-8")

    def broken(tables, ctx):
        raise InjectedFault("injected for the test\nsecond line of the message")

    with_stage(monkeypatch, "route", resolve=broken)
    with pytest.raises(B.BuildError, match=r"corpus stage 'route' failed \(InjectedFault: injected for the test\)") as err:
        run_build(data, nlp)
    assert "\n" not in str(err.value) and "previous ones are kept" in str(err.value)
    assert table_files(data / "processed") == before  # same bytes, same mtimes
    assert [p.name for p in data.iterdir() if p.name.startswith(".processed")] == []


CLI_WITH_BROKEN_STAGE = """
import dataclasses, importlib, runpy, sys
B = importlib.import_module("preprocessing.build")
def broken(tables, ctx):
    raise KeyError("no column 'place_id'\\nin the places table")
B.STAGES = tuple(dataclasses.replace(s, resolve=broken) if s.name == "places" else s for s in B.STAGES)
sys.argv = ["python -m preprocessing"] + sys.argv[1:]
runpy.run_module("preprocessing", run_name="__main__", alter_sys=True)
"""


def test_the_cli_exits_non_zero_with_one_line_on_a_corpus_fault(nlp, tmp_path):
    data = seed_corpus(tmp_path)
    run_build(data, nlp)
    before = table_files(data / "processed")
    res = subprocess.run([sys.executable, "-c", CLI_WITH_BROKEN_STAGE, "build", "--articles", str(data / "articles"),
                          "--out", str(data / "processed"), "--quiet", "--no-cache"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("error: corpus stage 'places' failed (KeyError:") and "Traceback" not in res.stderr
    assert "previous ones are kept" in lines[0]
    assert res.stdout == ""
    assert table_files(data / "processed") == before
