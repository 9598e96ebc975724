"""Writable copies of the seed corpus for the hosted-path tests (several corpora side by side)."""

from __future__ import annotations

import shutil
from pathlib import Path


def two_corpora(base: Path, seed_data_dir: Path) -> tuple[Path, Path]:
    """A writable copy of the seed corpus (the default) and a corpora root holding a corpus 'second'
    of the first two seed articles: (seeds folder, corpora root)."""
    seeds, root = base / "seeds", base / "corpora"
    shutil.copytree(seed_data_dir, seeds)
    shutil.copytree(seed_data_dir, root / "second")
    for extra in sorted((root / "second" / "articles").iterdir())[2:]:
        extra.unlink()
    return seeds, root
