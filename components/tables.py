"""A table as the page shows it, with a CSV download of exactly those rows (small widget).

Cells are untrusted text (article sentences, source and entity names), and a spreadsheet runs a
cell starting with ``=`` as a formula, so every CSV is made formula-safe here (:func:`to_csv`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st
from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_numeric_dtype

# What a spreadsheet may read as the start of a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SEQUENCES = (list, tuple, np.ndarray)


def _defused(value):
    """Text a spreadsheet would run as a formula, shown as text: a leading ' (not itself displayed)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    """Lists become '; '-joined text so the CSV opens cleanly in a spreadsheet, and no text cell or
    header can start a formula.  Numeric columns are left alone: -2.5 stays a number."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if is_numeric_dtype(s) or is_bool_dtype(s) or is_datetime64_any_dtype(s):
            continue
        # list columns read back from Parquet are numpy arrays
        if s.map(lambda v: isinstance(v, _SEQUENCES)).any():
            s = s.map(lambda v: "; ".join(map(str, v)) if isinstance(v, _SEQUENCES) else v)
        out[col] = s.map(_defused)
    out.columns = [_defused(c) for c in out.columns]
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    # RFC 4180's CRLF rows: Python's csv module quotes a field holding a line terminator's
    # characters only, and a bare \r left unquoted starts a new row (and cell) in a spreadsheet.
    return _csv_ready(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def table(df: pd.DataFrame, name: str, *, key: str | None = None, **dataframe_kwargs) -> None:
    """Show ``df`` and offer it as ``<name>.csv``; ``name`` also keys the button."""
    st.dataframe(df, hide_index=True, width="stretch", **dataframe_kwargs)
    st.download_button("CSV", to_csv(df), file_name=f"{name}.csv", mime="text/csv",
                       key=key or f"download-{name}", icon=":material/download:", on_click="ignore",
                       help=f"Download these {len(df)} rows as {name}.csv")
