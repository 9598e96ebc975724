"""CSV downloads: formula injection is neutralised in text cells and headers, numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pandas as pd

from components.tables import to_csv

HOSTILE = ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+1", "-2+3", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]


def rows(df: pd.DataFrame) -> list[list[str]]:
    return list(csv.reader(io.StringIO(to_csv(df).decode("utf-8"), newline="")))


def test_text_that_would_start_a_formula_is_prefixed_with_a_quote():
    got = rows(pd.DataFrame({"claim": HOSTILE}))
    assert got[0] == ["claim"]
    assert [r[0] for r in got[1:]] == ["'" + h for h in HOSTILE]


def test_ordinary_text_and_missing_cells_are_untouched():
    df = pd.DataFrame({"claim": ["Kim met Putin.", "a = b", "2+2", "e-mail", "'quoted", None, ""]})
    assert [r[0] for r in rows(df)[1:]] == ["Kim met Putin.", "a = b", "2+2", "e-mail", "'quoted", "", ""]


def test_lists_joined_into_text_are_checked_too():
    df = pd.DataFrame({"sources": [["=1+1", "BBC"], ["BBC", "=1+1"], ("@x",), []]})
    assert [r[0] for r in rows(df)[1:]] == ["'=1+1; BBC", "BBC; =1+1", "'@x", ""]


def test_list_columns_read_back_from_parquet_are_joined(tmp_path):
    pd.DataFrame({"sources": [["=1+1", "BBC"], ["BBC"]]}).to_parquet(tmp_path / "t.parquet")
    df = pd.read_parquet(tmp_path / "t.parquet")  # list cells come back as numpy arrays
    assert [r[0] for r in rows(df)[1:]] == ["'=1+1; BBC", "BBC"]


def test_numbers_stay_numbers():
    df = pd.DataFrame({"km": [-2.5, 10.0, float("nan")], "delta": [-3, 0, 7], "text": ["-3", "x", "y"],
                       "mixed": [-1, "-1", 2.5]})  # an object column: only its text is text
    got = rows(df)
    assert [r[0] for r in got[1:]] == ["-2.5", "10.0", ""]
    assert [r[1] for r in got[1:]] == ["-3", "0", "7"]
    assert [r[2] for r in got[1:]] == ["'-3", "x", "y"]
    assert [r[3] for r in got[1:]] == ["-1", "'-1", "2.5"]
    back = pd.read_csv(io.BytesIO(to_csv(df)))
    assert back["km"].dtype.kind == "f" and back["km"].iloc[0] == -2.5
    assert back["delta"].dtype.kind == "i" and back["delta"].tolist() == [-3, 0, 7]


def test_categories_booleans_and_dates_keep_their_values():
    df = pd.DataFrame({"type": pd.Categorical(["-PERSON", "GPE"]), "planned": [True, False],
                       "day": pd.to_datetime(["2023-09-13", "2023-09-14"])})
    assert rows(df)[1:] == [["'-PERSON", "True", "2023-09-13"], ["GPE", "False", "2023-09-14"]]


def test_headers_are_checked_too():
    # Source names become matrix columns, and a source name comes from the analyst's sources.csv.
    df = pd.DataFrame({"=evil() (source)": ["states"], "claim": ["x"]})
    assert rows(df)[0] == ["'=evil() (source)", "claim"]


def test_the_shown_frame_is_not_changed():
    df = pd.DataFrame({"claim": ["=1"], "sources": [["=a"]]})
    to_csv(df)
    assert df["claim"].iloc[0] == "=1" and df["sources"].iloc[0] == ["=a"]


def test_a_line_break_inside_a_cell_cannot_start_a_row():
    # A bare \r left unquoted would end the row in a spreadsheet, and "=1+1" would open the next one.
    df = pd.DataFrame({"claim": ["ok\r=1+1", "ok\n@x", "ok\r\n-1"], "n": [1, 2, 3]})
    assert rows(df)[1:] == [["ok\r=1+1", "1"], ["ok\n@x", "2"], ["ok\r\n-1", "3"]]
    raw = to_csv(df).decode("utf-8")
    assert raw.count('"') == 6 and raw.endswith("\r\n")
