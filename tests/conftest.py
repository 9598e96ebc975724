"""Shared fixtures: the loaded pipeline and the seed corpus built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEEDS = DATA / "articles"


@pytest.fixture(scope="session")
def nlp():
    from preprocessing import nlp as nlp_mod

    return nlp_mod.load_pipeline()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory, nlp):
    """The seed articles built once into a private copy of data/ (articles plus the editable CSVs)."""
    from preprocessing.build import build

    data = tmp_path_factory.mktemp("data")
    shutil.copytree(SEEDS, data / "articles")
    for csv in DATA.glob("*.csv"):
        shutil.copy(csv, data / csv.name)
    return build(data / "articles", data / "processed", data_dir=data, nlp_obj=nlp, cache=False)


@pytest.fixture(scope="session")
def seed_data_dir(seed_build) -> Path:
    """The data folder of the seed build: articles/, *.csv and processed/."""
    return seed_build.out_dir.parent


@pytest.fixture(scope="session")
def seed_tables(seed_build):
    return seed_build.tables


@pytest.fixture(scope="session")
def seed_server(seed_data_dir):
    """One `streamlit run app.py` on a free loopback port over the seed build, shared by browser tests."""
    from browser import streamlit_server

    with streamlit_server(seed_data_dir) as url:
        yield url


@pytest.fixture
def open_page(seed_data_dir, monkeypatch):
    """``open_page("pages/x.py", **params)``: a fresh AppTest session over the seed build, opened on
    that page with these URL parameters (a list value repeats the parameter)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TRIANGULATE_DATA_DIR", str(seed_data_dir))

    def run(path: str, **params) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        for k, v in params.items():
            at.query_params[k] = v if isinstance(v, list) else [v]
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        at.switch_page(path).run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    return run
