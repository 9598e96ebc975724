"""Headless page tests with Streamlit's AppTest, on the seed corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def app(seed_data_dir, monkeypatch):
    monkeypatch.setenv("TRIANGULATE_DATA_DIR", str(seed_data_dir))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    return at


def test_overview_shows_corpus(app, seed_tables):
    app.run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Articles"] == str((seed_tables["articles"]["status"] == "ok").sum()) == "5"
    articles = app.dataframe[0].value
    assert sorted(articles["article"]) == sorted(seed_tables["articles"]["article_id"])


def test_app_builds_missing_tables(tmp_path, monkeypatch, seed_data_dir):
    """A corpus with no tables yet is built on first open, then shown."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(seed_data_dir, data, ignore=shutil.ignore_patterns("processed"))
    (data / "articles" / "extra.txt").write_text("Vladimir Putin travelled to Vladivostok on Monday for a forum.\n")
    monkeypatch.setenv("TRIANGULATE_DATA_DIR", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception
    assert (data / "processed" / "articles.parquet").exists()
    assert {m.label: m.value for m in at.metric}["Articles"] == "6"


def test_tables_reload_when_the_corpus_changes(tmp_path, monkeypatch, seed_data_dir):
    """A running app notices a new article: it rebuilds, and the cached tables follow the rebuild."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(seed_data_dir, data)
    monkeypatch.setenv("TRIANGULATE_DATA_DIR", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "5"
    (data / "articles" / "later.txt").write_text("Sergei Shoigu flew to Pyongyang on Tuesday for talks.\n")
    at.run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Articles"] == "6"
    assert "later" in set(at.dataframe[0].value["article"])


def test_source_card_opens_its_article_in_the_reader_keeping_filters(app, seed_tables):
    m = seed_tables["mentions"]
    lavrov = sorted(set(m.loc[m["entity_id"] == "person:sergei-lavrov", "article_id"]))
    assert len(lavrov) >= 2
    app.query_params["entity"] = ["Sergei Lavrov"]
    app.run()
    source = seed_tables["articles"].set_index("article_id").loc[lavrov[-1], "source"]
    app.button(key=f"read-{source}").click().run()
    assert not app.exception
    assert app.selectbox(key="article").value == lavrov[-1]
    assert app.multiselect(key="entity").value == ["Sergei Lavrov"]
    assert app.query_params.get("article") == lavrov[-1]
