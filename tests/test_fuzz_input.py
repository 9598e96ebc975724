"""Fuzzed input never stops the build: generated hostile folders beside the five seeds, built for real.

Each example is a corpus folder holding the seed articles, a few hostile entries (names with
undecodable bytes, control or bidi characters, over-long names; random bytes, UTF-16, cp1252,
latin-1, empty files, files just over the size limit, HTML with scripts or deep nesting; links out
of the folder, loops, folders and pipes named like articles) and maybe a hostile ``sources.csv``
(tests/hostile.py makes them).  The build must complete, the seeds stay 'ok', every refused file
has a warning naming it, every table string is valid UTF-8 and the Parquet files re-read.

Bounded for CI: 15 examples of at most 4 hostile entries.  The long run is bench/fuzz_input.py.
"""

from __future__ import annotations

import itertools
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile

MAX_EXAMPLES = 15
MAX_ENTRIES = 4
_count = itertools.count()


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rng=st.randoms(use_true_random=False), n_files=st.integers(1, MAX_ENTRIES))
def test_hostile_folders_never_stop_the_build(rng: random.Random, n_files: int, nlp, fuzz_root):
    with tempfile.TemporaryDirectory(dir=fuzz_root) as tmp:
        corpus = hostile.make_corpus(rng, Path(tmp) / "corpus", n_files)
        # every build writes beside the others, so the seeds' parses come from the shared cache
        problems = hostile.check_build(corpus, fuzz_root / f"out{next(_count)}", nlp_obj=nlp)
    assert not problems, (problems, corpus.entries, corpus.sources_kinds)


def test_hostile_sources_csv_always_written_and_checked(nlp, fuzz_root):
    """One fixed example with a sources.csv of every row kind, so the metadata check always runs."""
    rng = random.Random(20240915)
    with tempfile.TemporaryDirectory(dir=fuzz_root) as tmp:
        corpus = hostile.make_corpus(rng, Path(tmp) / "corpus", 3, with_sources=False)
        rows = "".join(hostile._sources_row(rng, kind, ["000_afb87bb86ea362a0", "h000000"])
                       for kind in hostile.SOURCES_KINDS if kind != "valid")
        seed = "004_e5b1709b295aaf7b"
        (corpus.data / "sources.csv").write_text(f"article_id,source,title,published\n{rows}"
                                                 f"{seed},Fixed Wire,T,2023-09-11\n", encoding="utf-8")
        corpus.sources_meta = {seed: "Fixed Wire"}
        problems = hostile.check_build(corpus, fuzz_root / "fixed", nlp_obj=nlp)
    assert not problems, problems

