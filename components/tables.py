"""A table as the page shows it, with a CSV download of exactly those rows (small widget)."""

from __future__ import annotations

import pandas as pd
import streamlit as st


def _csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    """Lists become '; '-joined text so the CSV opens cleanly in a spreadsheet."""
    out = df.copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, tuple))).any():
            out[col] = out[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    return _csv_ready(df).to_csv(index=False).encode("utf-8")


def table(df: pd.DataFrame, name: str, *, key: str | None = None, **dataframe_kwargs) -> None:
    """Show ``df`` and offer it as ``<name>.csv``; ``name`` also keys the button."""
    st.dataframe(df, hide_index=True, width="stretch", **dataframe_kwargs)
    st.download_button("CSV", to_csv(df), file_name=f"{name}.csv", mime="text/csv",
                       key=key or f"download-{name}", icon=":material/download:", on_click="ignore",
                       help=f"Download these {len(df)} rows as {name}.csv")
