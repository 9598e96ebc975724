"""Shared fixtures: the seed build (made once per test session) and the loaded pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "articles"


@pytest.fixture(scope="session")
def nlp():
    from preprocessing import nlp as nlp_mod

    return nlp_mod.load_pipeline()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory, nlp):
    """The five seed articles built once into a temporary folder; returns the BuildResult."""
    from preprocessing.build import build

    out = tmp_path_factory.mktemp("seed-build") / "processed"
    return build(SEEDS, out, nlp_obj=nlp, cache=False)


@pytest.fixture(scope="session")
def seed_tables(seed_build):
    return seed_build.tables
