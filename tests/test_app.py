"""Headless page tests with Streamlit's AppTest, on the seed corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components import registry

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


PAGES = [p.path for p in registry.PAGES]


def _open(page: str, monkeypatch, data_dir, **params) -> AppTest:
    monkeypatch.setenv("TRIANGULATE_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(page).run()
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_explains_a_corpus_with_no_usable_article(page, tmp_path, monkeypatch):
    data = tmp_path / "data"
    (data / "articles").mkdir(parents=True)
    (data / "articles" / "blob.txt").write_bytes(b"\x00\x01\x02\x03 not text")
    (data / "articles" / "blank.md").write_text("")
    at = _open(page, monkeypatch, data)
    assert not at.exception
    assert any("No article could be analysed" in w.value and "2 file(s) were refused" in w.value
               for w in at.warning)


def test_missing_articles_folder_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("TRIANGULATE_DATA_DIR", str(tmp_path / "nowhere"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert str(tmp_path / "nowhere" / "articles") in at.error[0].value


@pytest.mark.parametrize("page", PAGES)
def test_odd_url_parameters_never_break_a_page(page, seed_data_dir, monkeypatch):
    at = _open(page, monkeypatch, seed_data_dir,
               source=["", "x" * 5000, "ünïcødé ✓", "<script>alert(1)</script>"],
               entity=["Kim Jong Un", "Kim Jong Un", "%00"], dates=["2023-11-07"], etype=["NOPE"],
               article=["../../etc/passwd"], traveller=["Kim Jong Un", "Vladimir Putin"],
               by_source=["maybe"], min_weight=["-3"], scope=["sentence", "paragraph"], view=[""],
               focus=["\u202eevil"])
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    assert "etype=NOPE" in notes.replace("\\", "")
    assert "<script>" not in notes  # values are escaped markdown, not markup
    assert at.multiselect(key="entity").value == ["Kim Jong Un"]


def _failing_places(monkeypatch):
    import dataclasses
    import importlib

    build_mod = importlib.import_module("preprocessing.build")  # the package's `build` is the function

    def boom(tables, ctx):
        raise RuntimeError("gazetteer unreadable <b>x</b>")

    stages = tuple(dataclasses.replace(s, resolve=boom) if s.name == "places" else s for s in build_mod.STAGES)
    monkeypatch.setattr(build_mod, "STAGES", stages)


def test_failed_rebuild_keeps_last_good_tables(tmp_path, monkeypatch, seed_data_dir):
    """A corpus step that fails on rebuild is named on the page, and the last good tables are shown."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(seed_data_dir, data)
    before = {p.name: p.read_bytes() for p in (data / "processed").glob("*.parquet")}
    (data / "articles" / "extra.txt").write_text("Vladimir Putin travelled to Vladivostok on Monday for a forum.\n")
    _failing_places(monkeypatch)
    monkeypatch.setenv("TRIANGULATE_DATA_DIR", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception
    assert len(at.status) == 1  # the rebuild was tried, with its progress shown
    errors = [e.value for e in at.error]
    assert any("corpus stage 'places' failed" in e and "RuntimeError" in e and "last good build" in e for e in errors)
    assert not any("<b>" in e for e in errors)  # the exception text is escaped, never markup
    assert {m.label: m.value for m in at.metric}["Articles"] == "5"  # the old tables, without extra.txt
    assert {p.name: p.read_bytes() for p in (data / "processed").glob("*.parquet")} == before
    at.run()  # a rerun with the same inputs does not try (and fail) again
    assert not at.exception and not at.status


def test_failed_first_build_stops_with_message(tmp_path, monkeypatch, seed_data_dir):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(seed_data_dir, data, ignore=shutil.ignore_patterns("processed"))
    _failing_places(monkeypatch)
    monkeypatch.setenv("TRIANGULATE_DATA_DIR", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception
    assert any("no earlier tables" in e.value for e in at.error)
    assert not at.metric
