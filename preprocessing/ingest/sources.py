"""``sources.csv``: per-article metadata (outlet, title, published date, URL), one row per article.

A malformed row is a warning naming its line; it never loses the other rows or any article.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .dates import parse_date
from .files import Refused, decode

SOURCES_COLUMNS = {"article_id": "article_id", "id": "article_id", "file": "article_id", "filename": "article_id",
                   "source": "source", "outlet": "source", "title": "title", "headline": "title",
                   "published": "published", "date": "published", "url": "url", "link": "url"}




@dataclass
class Sources:
    meta: dict[str, dict] = field(default_factory=dict)          # article_id → {source,title,published,url}
    warnings: dict[str, list[str]] = field(default_factory=dict)  # article_id → warnings about its rows
    general: list[str] = field(default_factory=list)              # warnings that belong to no article


def read_sources(path: Path, ids: dict[str, str]) -> Sources:
    """Parse ``sources.csv``; ``ids`` maps every accepted key (article id, file name) to an article id.

    A malformed row is reported as ``sources.csv line N: <problem>`` and otherwise ignored.
    """
    out = Sources()
    name = path.name
    try:
        raw = path.read_bytes()
        content, notes = decode(raw)
    except (OSError, Refused) as exc:
        out.general.append(f"{name}: cannot read ({exc}); metadata ignored")
        return out
    out.general += [f"{name}: {n}" for n in notes]
    reader = csv.reader(content.splitlines(keepends=True))
    header = next(reader, None)
    if header is None:
        return out
    columns = [SOURCES_COLUMNS.get(h.strip().lower(), "") for h in header]
    unknown = [h for h, c in zip(header, columns) if not c]
    if unknown:
        out.general.append(f"{name}: unknown column(s) {', '.join(map(repr, unknown))} ignored")
    if "article_id" not in columns:
        out.general.append(f"{name}: no article_id (or file) column; metadata ignored")
        return out
    id_col = columns.index("article_id")
    line_no = reader.line_num
    for row in reader:
        first_line, line_no = line_no + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        where = f"{name} line {first_line}"
        key = row[id_col].strip() if id_col < len(row) else ""
        article = ids.get(key) or ids.get(Path(key).name) or ids.get(Path(key).stem)

        def warn(problem: str) -> None:
            msg = f"{where}: {problem}; row ignored"
            (out.warnings.setdefault(article, []) if article else out.general).append(msg)

        if len(row) != len(header):
            warn(f"expected {len(header)} fields, found {len(row)}")
            continue
        if not article:
            warn(f"unknown article {key!r}" if key else "no article id")
            continue
        values = {c: v.strip() for c, v in zip(columns, row) if c and c != "article_id"}
        if values.get("published"):
            try:
                values["published"] = parse_date(values["published"])
            except ValueError:
                warn(f"unparseable date {values['published']!r}")
                continue
        else:
            values["published"] = None
        if article in out.meta:
            warn(f"second row for article {article!r}")
            continue
        out.meta[article] = values
    return out
