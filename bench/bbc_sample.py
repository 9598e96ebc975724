"""The BBC sample every bench uses: ``limit`` distinct articles spread over the five categories.

Read from ../shared/corpora/bbc (never copied into the repository).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

BBC = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "bbc"


def bbc_files(limit: int, folder: Path = BBC / "articles") -> list[Path]:
    """Every n-th file across all categories, topped up from the rest; byte-identical copies (the
    build skips them) are left out, so that ``limit`` articles are really analysed."""
    files = sorted(folder.glob("*.txt"))
    step = max(1, len(files) // limit)
    seen, chosen = set(), []
    for f in files[::step] + [f for i, f in enumerate(files) if i % step]:
        digest = hashlib.sha256(f.read_bytes()).hexdigest()
        if digest not in seen and len(chosen) < limit:
            seen.add(digest)
            chosen.append(f)
    return chosen
