"""Hostile input, case by case: file names, links and sources.csv that once stopped the build.

Each case becomes a warning naming the file (or the sources.csv line); the other articles and rows
are kept and the tables are written.  tests/test_fuzz_input.py throws generated mixtures of these
at the build; here each has its own test.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from preprocessing import ingest, schema
from preprocessing.build import build
from preprocessing.ingest import sources as sources_mod

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "articles"
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))
GOOD = ("The city council met on Tuesday to discuss the new bridge over the river. Several members said the "
        "project had grown too expensive, while others argued that the town needed it to attract business.\n")


def seeded(tmp_path: Path) -> Path:
    """A corpus folder holding the five seed articles (its own sources.csv goes beside articles/)."""
    data = tmp_path / "data"
    shutil.copytree(SEEDS, data / "articles")
    return data


def write(folder: Path, name: bytes, content: bytes) -> None:
    """Write a file whose name is raw bytes (not necessarily UTF-8)."""
    with open(os.path.join(os.fsencode(folder), name), "wb") as f:
        f.write(content)


def strings(value):
    """Every string in a table cell (list cells included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple, np.ndarray)):
        for v in value:
            yield from strings(v)


def assert_utf8(tables: dict[str, pd.DataFrame]) -> None:
    for df in tables.values():
        for col in df.columns:
            for value in df[col]:
                for s in strings(value):
                    s.encode("utf-8")  # raises on a lone surrogate


def read(tmp_path: Path, files: dict[bytes, bytes], sources: bytes | None = None) -> pd.DataFrame:
    d = tmp_path / "articles"
    d.mkdir(parents=True)
    for name, content in files.items():
        write(d, name, content)
    csv = None
    if sources is not None:
        csv = tmp_path / "sources.csv"
        csv.write_bytes(sources)
    return ingest.read_corpus(d, csv).set_index("article_id", drop=False)


# ---- file names -------------------------------------------------------------------------------

def test_undecodable_file_name_beside_the_seeds_is_built_with_a_warning(tmp_path, nlp):
    """The reproducer: a byte 0xFF in a name reached pyarrow as a surrogate and lost the whole build."""
    data = seeded(tmp_path)
    write(data / "articles", b"bad\xff.txt", GOOD.encode())
    result = build(data / "articles", data / "processed", data_dir=data, nlp_obj=nlp, cache=False)
    articles = pd.read_parquet(data / "processed" / "articles.parquet").set_index("article_id")
    assert set(SEED_IDS) <= set(articles.index) and (articles.loc[SEED_IDS, "status"] == "ok").all()
    row = articles.loc["bad\\xff"]
    assert row["path"] == "bad\\xff.txt" and row["status"] == "ok"
    assert list(row["warnings"]) == ["bad\\xff.txt: file name is not valid UTF-8 (undecodable bytes shown as \\xNN); "
                                     "article id 'bad\\xff'"]
    assert any(w.startswith("bad\\xff.txt: ") for w in result.warnings)
    for name in schema.TABLES:
        pq.read_table(data / "processed" / f"{name}.parquet")
    assert_utf8(result.tables)


def test_control_and_bidi_characters_in_names_are_escaped(tmp_path):
    df = read(tmp_path, {b"ctl\n\x1b[31mred.txt": GOOD.encode(), "rtl\u202etxt.exe.txt".encode(): GOOD.encode() + b" 2"})
    assert list(df["article_id"]) == ["ctl\\x0a\\x1b[31mred", "rtl\\u202etxt.exe"]
    for row in df.itertuples():
        assert row.path.isprintable() and row.status == "ok"
        (warning,) = row.warnings
        assert warning.startswith(f"{row.path}: file name has control") and f"article id '{row.article_id}'" in warning


def test_over_long_name_gets_a_short_id_with_a_hash(tmp_path):
    long_a, long_b = b"a" * 200 + b"1.txt", b"a" * 200 + b"2.txt"
    df = read(tmp_path, {long_a: GOOD.encode(), long_b: GOOD.encode() + b" Two."})
    ids = list(df["article_id"])
    assert len(set(ids)) == 2 and all(len(i) == ingest.MAX_ID_CHARS and "~" in i for i in ids)
    assert set(df["path"]) == {long_a.decode(), long_b.decode()}
    for row in df.itertuples():
        (warning,) = row.warnings
        assert warning.startswith(f"{row.path}: file name is over {ingest.MAX_ID_CHARS} characters")


def test_names_that_print_alike_get_distinct_ids_in_a_fixed_order(tmp_path):
    df = read(tmp_path, {b"bad\xff.txt": GOOD.encode(), b"bad\\xff.txt": GOOD.encode() + b" Typed."})
    assert sorted(df["article_id"]) == ["bad\\xff", "bad\\xff.txt"]
    # the typed backslash (0x5c) sorts before the byte 0xff, so it keeps the plain id
    assert df.loc["bad\\xff", "text"].endswith("Typed.")


def test_seed_ids_are_unchanged(tmp_path):
    df = ingest.read_corpus(SEEDS)
    assert list(df["article_id"]) == SEED_IDS and all(ws == [] for ws in df["warnings"])


# ---- links and other entries ------------------------------------------------------------------

def test_links_out_of_the_folder_and_loops_are_skipped(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text(GOOD)
    d = tmp_path / "articles"
    d.mkdir()
    (d / "good.txt").write_text(GOOD + " Good.")
    (d / "out.txt").symlink_to(outside)
    (d / "up.txt").symlink_to("../secret.txt")
    (d / "loop1.txt").symlink_to("loop2.txt")
    (d / "loop2.txt").symlink_to("loop1.txt")
    (d / "self.txt").symlink_to("self.txt")
    (d / "inside.md").symlink_to("good.txt")
    df = ingest.read_corpus(d).set_index("article_id")
    for aid in ("out", "up"):
        assert df.loc[aid, "status"] == "skipped" and df.loc[aid, "text"] == ""
        assert df.loc[aid, "warnings"] == [f"{aid}.txt: symbolic link to a file outside the articles folder; "
                                           "skipped (copy the file in instead)"]
    for aid in ("loop1", "loop2", "self"):
        assert df.loc[aid, "warnings"] == [f"{aid}.txt: symbolic link loop; skipped"]
    # a link inside the folder is followed (and here is a copy of good.txt)
    assert "skipped as a duplicate" in df.loc["inside", "warnings"][0] or "skipped as a duplicate" in df.loc["good", "warnings"][0]


def test_folders_and_pipes_named_like_articles_are_skipped(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    (d / "good.txt").write_text(GOOD)
    (d / "folder.txt").mkdir()
    os.mkfifo(d / "pipe.txt")  # reading it would block the build for ever
    df = ingest.read_corpus(d).set_index("article_id")
    assert df.loc["good", "status"] == "ok"
    assert df.loc["folder", "warnings"] == ["folder.txt: not a regular file (a folder); skipped"]
    assert df.loc["pipe", "warnings"] == ["pipe.txt: not a regular file (a named pipe); skipped"]


# ---- sources.csv ------------------------------------------------------------------------------

HEADER = "article_id,source,title,published\n"
ARTICLES = {b"a.txt": GOOD.encode(), b"b.txt": GOOD.encode() + b" B.", b"c.txt": GOOD.encode() + b" C."}


def test_a_200000_character_field_beside_the_seeds_is_one_warning(tmp_path, nlp):
    """The reproducer: csv's 'field larger than field limit (131072)' escaped and lost the whole build."""
    data = seeded(tmp_path)
    first, second = SEED_IDS[:2]
    (data / "sources.csv").write_text(f"{HEADER}{first},Wire,{'x' * 200_000},2023-09-11\n"
                                      f"{second},Other Wire,A title,2023-09-12\n", encoding="utf-8")
    result = build(data / "articles", data / "processed", data_dir=data, nlp_obj=nlp, cache=False)
    articles = pd.read_parquet(data / "processed" / "articles.parquet").set_index("article_id")
    assert (articles.loc[SEED_IDS, "status"] == "ok").all()
    assert list(articles.loc[first, "warnings"]) == [
        f"sources.csv line 2: a field is over the {sources_mod.MAX_FIELD_CHARS:,}-character limit; row ignored"]
    assert articles.loc[first, "source"] == first  # the row was ignored, not half-read
    assert (articles.loc[second, "source"], articles.loc[second, "title"]) == ("Other Wire", "A title")
    assert_utf8(result.tables)


def test_a_field_over_the_limit_but_under_csvs_own_is_a_warning(tmp_path):
    df = read(tmp_path, ARTICLES, f"{HEADER}a,Wire,{'y' * 20_000},\nb,B,T,\n".encode())
    assert df.loc["a", "warnings"] == ["sources.csv line 2: field 3 is 20,000 characters, over the 10,000-character "
                                       "limit; row ignored"]
    assert df.loc["b", "source"] == "B"


def test_a_long_quoted_field_over_many_lines_is_skipped_whole(tmp_path):
    big = ("z" * 1000 + "\n") * 200
    df = read(tmp_path, ARTICLES, f'{HEADER}a,Wire,"{big}",\nb,B,T,\n'.encode())
    assert df.loc["a", "warnings"] == ["sources.csv line 2: a field is over the 10,000-character limit (lines 2–202); "
                                       "row ignored"]
    assert df.loc["b", "source"] == "B" and df.attrs["warnings"] == []


def test_an_unclosed_quote_costs_its_row_not_the_rest_of_the_file(tmp_path):
    df = read(tmp_path, ARTICLES, f'{HEADER}a,"Wire,T,\nb,B,T,2023-09-12\nc,C,T,\n'.encode())
    assert df.loc["a", "warnings"] == ["sources.csv line 2: a quoted field opened here is never closed; row ignored"]
    assert (df.loc["b", "source"], df.loc["c", "source"]) == ("B", "C")
    # closed much later by another row's quote: the rows in between are still read
    df = read(tmp_path / "2", ARTICLES, f'{HEADER}a,"Wire,T,\nb,B,T,\nc,"C, Inc",T,\n'.encode())
    assert df.loc["a", "warnings"] == ["sources.csv line 2: a quoted field opened here is not closed (it swallows "
                                       "line 3); row ignored"]
    assert (df.loc["b", "source"], df.loc["c", "source"]) == ("B", "C, Inc")


def test_a_quoted_title_over_two_lines_is_still_read(tmp_path):
    df = read(tmp_path, ARTICLES, f'{HEADER}a,A,"Two\nlines",\nb,B,T,\n'.encode())
    assert df.loc["a", "title"] == "Two\nlines" and df.loc["b", "source"] == "B"
    assert all(ws == [] for ws in df["warnings"])


def test_nul_bytes_cost_only_their_row(tmp_path):
    df = read(tmp_path, ARTICLES, HEADER.encode() + b"a,Wi\x00re,T,\nb,B,T,\n")
    assert df.loc["a", "warnings"] == ["sources.csv line 2: contains NUL bytes; row ignored"]
    assert df.loc["a", "source"] == "a" and df.loc["b", "source"] == "B"


def test_missing_header_is_read_in_the_documented_column_order(tmp_path):
    df = read(tmp_path, ARTICLES, b"a,Wire,Title,2023-09-11\nb,B,T,\n")
    assert df.attrs["warnings"] == ["sources.csv line 1: no header row (it names article 'a'); columns read as "
                                    "article_id,source,title,published"]
    assert (df.loc["a", "source"], df.loc["a", "title"], str(df.loc["a", "published"])) == ("Wire", "Title", "2023-09-11")
    assert df.loc["b", "source"] == "B"


def test_duplicated_ids_keep_the_first_row(tmp_path):
    df = read(tmp_path, ARTICLES, f"{HEADER}a,First,T,\na,Second,T,\na.txt,Third,T,\n".encode())
    assert df.loc["a", "source"] == "First"
    assert df.loc["a", "warnings"] == [f"sources.csv line {n}: second row for article 'a' (first on line 2); row ignored"
                                       for n in (3, 4)]


def test_a_byte_order_mark_is_not_part_of_the_header(tmp_path):
    df = read(tmp_path, ARTICLES, b"\xef\xbb\xbf" + f"{HEADER}a,Wire,T,\n".encode())
    assert df.loc["a", "source"] == "Wire" and df.attrs["warnings"] == []
    # the same when the rest of the file is not UTF-8 (decoded as cp1252, which would keep 'ï»¿')
    df = read(tmp_path / "2", ARTICLES, b"\xef\xbb\xbf" + HEADER.encode() + b"a,Caf\xe9 Wire,T,\n")
    assert df.loc["a", "source"] == "Café Wire"


def test_100000_rows_are_read_and_their_warnings_capped(tmp_path):
    import time

    rows = "".join(f"ghost{i},Ghost Post,T,\n" for i in range(100_000))
    t0 = time.perf_counter()
    df = read(tmp_path, ARTICLES, f"{HEADER}{rows}a,Wire,T,\n".encode())
    assert time.perf_counter() - t0 < 20
    assert df.loc["a", "source"] == "Wire"
    general = df.attrs["warnings"]
    assert len(general) == sources_mod.MAX_ROW_WARNINGS + 1
    assert general[0] == "sources.csv line 2: unknown article 'ghost0'; row ignored"
    assert general[-1] == (f"sources.csv: {100_000 - sources_mod.MAX_ROW_WARNINGS:,} more rows with problems "
                           f"(lines 102–100001) not listed (MAX_ROW_WARNINGS); rows ignored")


def test_an_oversize_sources_csv_is_refused_and_the_articles_built(tmp_path, monkeypatch):
    monkeypatch.setattr(sources_mod, "MAX_SOURCES_BYTES", 100)
    content = f"{HEADER}a,Wire,{'T' * 200},\n".encode()
    df = read(tmp_path, ARTICLES, content)
    assert df.attrs["warnings"] == [f"sources.csv: {len(content)} bytes is over the 100-byte limit (MAX_SOURCES_BYTES); "
                                    "not read, metadata ignored"]
    assert (df["status"] == "ok").all() and df.loc["a", "source"] == "a"
    assert sources_mod.MAX_SOURCES_BYTES == 100 and ingest.sources.MAX_SOURCES_BYTES == 100


def test_the_documented_limits():
    assert sources_mod.MAX_SOURCES_BYTES == 20_000_000 and sources_mod.MAX_FIELD_CHARS == 10_000


def test_a_long_date_is_not_handed_to_the_date_parsers(tmp_path):
    df = read(tmp_path, ARTICLES, f"{HEADER}a,Wire,T,{'2023 ' * 100}\n".encode())
    (warning,) = df.loc["a", "warnings"]
    assert warning.startswith("sources.csv line 2: date '2023 2023") and "is over 100 characters" in warning


def test_a_bug_while_reading_sources_csv_costs_the_metadata_not_the_articles(tmp_path, monkeypatch):
    def broken(path, ids):
        raise IndexError("boom")

    monkeypatch.setattr(ingest, "read_sources", broken)
    df = read(tmp_path, ARTICLES, f"{HEADER}a,Wire,T,\n".encode())
    assert (df["status"] == "ok").all()
    assert df.attrs["warnings"] == ["sources.csv: internal error while reading (IndexError: boom); metadata ignored"]


# ---- markup -----------------------------------------------------------------------------------

def test_deeply_nested_html_is_reduced_in_linear_time(tmp_path):
    """20,000 unclosed <p><b> (140 kB) took 80 s when the block breaks were inserted into the tree."""
    import time

    html = "<p><b>" * 20_000 + GOOD
    t0 = time.perf_counter()
    df = read(tmp_path, {b"deep.html": html.encode()})
    assert time.perf_counter() - t0 < 30
    assert df.loc["deep", "status"] == "ok" and df.loc["deep", "text"] == GOOD


def test_html_reduction_keeps_blocks_breaks_and_the_longest_article():
    html = ("<html><head><title>T</title><script>x()</script></head><body><nav>menu</nav>"
            "<article><p>short</p></article><article><h2>Head</h2><div>one<br>two<span> three</span></div>"
            "<!-- note --><p>four &amp; <b>five</b></p></article><footer>f</footer></body></html>")
    assert ingest.html_to_text(html) == ("Head\n\none\ntwo three\n\nfour & five\n", "T")
