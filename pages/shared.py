"""What every page shares: where the tables are, building them when stale, and the cached loader.

Pages read tables only through :func:`tables`; nothing here parses text.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from preprocessing.build import build, load_tables, stale_reason
from preprocessing.paths import DATA_DIR


def data_dir() -> Path:
    """The corpus folder: $TRIANGULATE_DATA_DIR (for a hosted analyst corpus or tests) or ./data."""
    return Path(os.environ.get("TRIANGULATE_DATA_DIR", DATA_DIR))


def processed_dir() -> Path:
    return data_dir() / "processed"


def ensure_tables() -> None:
    """Build the tables when they are missing or older than the articles, with visible progress."""
    reason = stale_reason(data_dir() / "articles", processed_dir(), data_dir())
    if reason is None:
        return
    with st.status(f"Preparing the tables ({reason})…", expanded=True) as status:
        bar = st.progress(0.0, text="Parsing articles…")

        def on_progress(done: int, total: int) -> None:
            bar.progress(done / max(total, 1), text=f"Parsed {done} of {total} articles")

        result = build(data_dir() / "articles", processed_dir(), data_dir=data_dir(),
                                 on_progress=on_progress)
        status.update(label=f"Tables built in {result.seconds:.1f}s", state="complete", expanded=False)
    _load.clear()


def _mtime_key() -> float:
    """Changes whenever a table file is rewritten, so the cache follows the build."""
    files = list(processed_dir().glob("*.parquet"))
    return max((f.stat().st_mtime for f in files), default=0.0)


@st.cache_data(show_spinner=False)
def _load(out_dir: str, _key: float) -> dict[str, pd.DataFrame]:
    return load_tables(Path(out_dir))


def tables() -> dict[str, pd.DataFrame]:
    return _load(str(processed_dir()), _mtime_key())
