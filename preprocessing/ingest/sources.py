"""``sources.csv``: per-article metadata (outlet, title, published date, URL), one row per article.

A malformed row is a warning naming its line; it never loses the other rows or any article.  What
counts as malformed: a wrong number of fields, an unknown article, an unparseable date, a second row
for one article, NUL bytes, a field over :data:`MAX_FIELD_CHARS`, and a quote that is never closed
(the row is reported and reading starts again on the next line, so it cannot swallow the rest of the
file).  A file over :data:`MAX_SOURCES_BYTES` is refused whole; the articles are still built.
"""

from __future__ import annotations

import codecs
import csv
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .dates import parse_date
from ..settings import MAX_DATE_CHARS, MAX_FIELD_CHARS, MAX_RECORD_LINES, MAX_ROW_WARNINGS, MAX_SOURCES_BYTES
from .files import Refused, decode

SOURCES_COLUMNS = {"article_id": "article_id", "id": "article_id", "file": "article_id", "filename": "article_id",
                   "source": "source", "outlet": "source", "title": "title", "headline": "title",
                   "published": "published", "date": "published", "url": "url", "link": "url"}
# The columns, in this order, of a file that has no header row (README: article_id,source,title,published,url).
DEFAULT_COLUMNS = ("article_id", "source", "title", "published", "url")



@dataclass
class Sources:
    meta: dict[str, dict] = field(default_factory=dict)          # article_id → {source,title,published,url}
    warnings: dict[str, list[str]] = field(default_factory=dict)  # article_id → warnings about its rows
    general: list[str] = field(default_factory=list)              # warnings that belong to no article


def _short(value: str, n: int = 60) -> str:
    """repr of ``value``, cut to ``n`` characters, for a warning."""
    return repr(value) if len(value) <= n else repr(value[:n]) + f"… ({len(value):,} characters)"


class _Lines:
    """The file's lines for csv.reader, with a position that moves back after a broken record."""

    def __init__(self, lines: list[str]):
        self.lines, self.pos = lines, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


def _records(lines: list[str], looks_like_row):
    """(first line number, fields or None, problem) per record.

    A record that runs over several lines because of a stray quote would swallow the rows after it.
    When its quote is never closed, or one of its continuation lines ``looks_like_row`` on its own,
    only its first line is reported and reading starts again on the next line.  A record that is
    merely too long (over MAX_RECORD_LINES lines, or a field over the csv module's limit) is skipped
    whole.
    """
    it = _Lines(lines)
    reader = csv.reader(it)
    nul = {i for i, line in enumerate(lines) if "\0" in line}

    def swallowed(start: int, end: int) -> int | None:
        return next((i for i in range(start + 1, min(end, len(lines))) if looks_like_row(lines[i])), None)

    while it.pos < len(lines):
        start = it.pos
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            spanned = it.pos - start
            it.pos = start + 1
            if start in nul:
                problem = "contains NUL bytes"
            elif "field limit" not in str(exc):
                problem = f"unreadable row ({exc})"
            elif spanned == 1:
                problem = f"a field is over the {MAX_FIELD_CHARS:,}-character limit"
            else:
                end = _quote_end(lines, start)
                if end is None or (i := swallowed(start, end)) is not None:
                    problem = "a quoted field opened here is not closed" + (
                        f" (it swallows line {i + 1})" if end is not None else "")
                else:
                    problem = f"a field is over the {MAX_FIELD_CHARS:,}-character limit (lines {start + 1}–{end})"
                    it.pos = end
            yield start + 1, None, problem
            continue
        end = it.pos
        if end == len(lines) and '"' in lines[start] and not _closed(lines[start:end]):
            it.pos = start + 1
            yield start + 1, None, "a quoted field opened here is never closed"
            continue
        if end - start > 1:
            if (i := swallowed(start, end)) is not None:
                it.pos = start + 1
                yield start + 1, None, f"a quoted field opened here is not closed (it swallows line {i + 1})"
                continue
            if end - start > MAX_RECORD_LINES:
                yield start + 1, None, (f"the row runs over {end - start} lines ({start + 1}–{end}), more than "
                                        f"{MAX_RECORD_LINES} (MAX_RECORD_LINES)")
                continue
        if nul and any(i in nul for i in range(start, end)):
            yield start + 1, None, "contains NUL bytes"
            continue
        yield start + 1, fields, ""


def _quote_end(lines: list[str], start: int) -> int | None:
    """Where a record opened on ``lines[start]`` ends, counting quotes (None when they never balance)."""
    open_ = False
    for i in range(start, len(lines)):
        open_ ^= lines[i].count('"') % 2 == 1
        if not open_:
            return i + 1
    return None


def _first_cells(line: str) -> list[str]:
    """The fields of one broken line as far as they go, to tell which article it was about."""
    try:
        return next(csv.reader([line[:MAX_FIELD_CHARS].replace("\0", "")]), [])
    except csv.Error:
        return []


def _closed(lines: list[str]) -> bool:
    try:
        list(csv.reader(lines, strict=True))
    except csv.Error as exc:
        return "unexpected end of data" not in str(exc)
    return True


def _read_text(path: Path, out: Sources) -> str | None:
    name = path.name
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            out.general.append(f"{name}: not a regular file; metadata ignored")
            return None
        raw = b""
        if st.st_size <= MAX_SOURCES_BYTES:
            with open(path, "rb") as f:  # no more than the limit, even if the file grows meanwhile
                raw = f.read(MAX_SOURCES_BYTES + 1)
    except OSError as exc:
        out.general.append(f"{name}: cannot read ({exc.strerror or exc}); metadata ignored")
        return None
    if st.st_size > MAX_SOURCES_BYTES or len(raw) > MAX_SOURCES_BYTES:
        size = max(st.st_size, len(raw))
        out.general.append(f"{name}: {size:,} bytes is over the {MAX_SOURCES_BYTES:,}-byte limit (MAX_SOURCES_BYTES); "
                           "not read, metadata ignored")
        return None
    if raw.startswith(codecs.BOM_UTF8):  # also when the rest is not UTF-8 (cp1252 would keep it as 'ï»¿')
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        content, notes = decode(raw, allow_nul=True)
    except Refused as exc:
        out.general.append(f"{name}: cannot read ({exc}); metadata ignored")
        return None
    out.general += [f"{name}: {n}" for n in notes]
    return content


def read_sources(path: Path, ids: dict[str, str]) -> Sources:
    """Parse ``sources.csv``; ``ids`` maps every accepted key (article id, file name) to an article id.

    A malformed row is reported as ``sources.csv line N: <problem>`` and otherwise ignored; after
    :data:`MAX_ROW_WARNINGS` of them the rest are counted in one warning.
    """
    out = Sources()
    name = path.name
    content = _read_text(path, out)
    if content is None:
        return out
    lines = content.splitlines(keepends=True)

    def article_of(key: str) -> str | None:
        key = key.strip()
        if not key:
            return None
        return ids.get(key) or ids.get(Path(key).name) or ids.get(Path(key).stem)

    n_fields, id_col = 0, 0

    def looks_like_row(line: str) -> bool:
        """A line that parses on its own as a row for a known article (so no quote should swallow it)."""
        alone = _first_cells(line)
        if n_fields and len(alone) != n_fields:
            return False
        return id_col < len(alone) and article_of(alone[id_col]) is not None

    records = _records(lines, looks_like_row)
    header: list[str] | None = None
    for line_no, fields, problem in records:
        if problem:
            out.general.append(f"{name} line {line_no}: {problem}; no header read, metadata ignored")
            return out
        header = fields
        break
    if header is None:
        return out
    header_line = line_no
    cells = [h.strip().lstrip("\ufeff").strip().lower() for h in header]
    columns = [SOURCES_COLUMNS.get(c, "") for c in cells]
    pending: list[tuple[int, list[str], str]] = []
    if "article_id" not in columns and header and article_of(header[0]):
        if len(header) > len(DEFAULT_COLUMNS):
            out.general.append(f"{name} line {header_line}: no header row (it names article {_short(header[0].strip())}) "
                               f"and {len(header)} fields, more than {','.join(DEFAULT_COLUMNS)}; metadata ignored")
            return out
        columns = list(DEFAULT_COLUMNS[:len(header)])
        out.general.append(f"{name} line {header_line}: no header row (it names article {_short(header[0].strip())}); "
                           f"columns read as {','.join(columns)}")
        pending.append((header_line, header, ""))
    else:
        unknown = [h for h, c in zip(header, columns) if not c]
        if unknown:
            shown = ", ".join(_short(h, 40) for h in unknown[:10])
            more = f" and {len(unknown) - 10:,} more" if len(unknown) > 10 else ""
            out.general.append(f"{name}: unknown column(s) {shown}{more} ignored")
        seen: set[str] = set()
        for i, c in enumerate(columns):
            if c and c in seen:
                out.general.append(f"{name}: column {_short(header[i].strip(), 40)} repeats the {c} column; ignored")
                columns[i] = ""
            seen.add(c)
    if "article_id" not in columns:
        out.general.append(f"{name}: no article_id (or file) column; metadata ignored")
        return out
    id_col, n_fields = columns.index("article_id"), len(header)

    first_row: dict[str, int] = {}
    n_warned, extra, extra_lines = 0, 0, [0, 0]

    def rows():
        yield from pending
        yield from records

    for line_no, row, problem in rows():
        if row is not None and not any(cell.strip() for cell in row):
            continue
        where = f"{name} line {line_no}"
        cells = row if row is not None else _first_cells(lines[line_no - 1])
        article = article_of(cells[id_col]) if id_col < len(cells) else None

        def warn(problem: str) -> None:
            nonlocal n_warned, extra
            if n_warned >= MAX_ROW_WARNINGS:
                extra += 1
                extra_lines[:] = [extra_lines[0] or line_no, line_no]
                return
            n_warned += 1
            msg = f"{where}: {problem}; row ignored"
            (out.warnings.setdefault(article, []) if article else out.general).append(msg)

        if problem:
            warn(problem)
            continue
        if len(row) != len(header):
            warn(f"expected {len(header)} fields, found {len(row)}")
            continue
        longest = max(range(len(row)), key=lambda i: len(row[i]))
        if len(row[longest]) > MAX_FIELD_CHARS:
            warn(f"field {longest + 1} is {len(row[longest]):,} characters, over the {MAX_FIELD_CHARS:,}-character limit")
            continue
        if not article:
            key = row[id_col].strip()
            warn(f"unknown article {_short(key)}" if key else "no article id")
            continue
        if article in first_row:
            warn(f"second row for article {article!r} (first on line {first_row[article]})")
            continue
        values = {c: v.strip() for c, v in zip(columns, row) if c and c != "article_id"}
        if values.get("published"):
            if len(values["published"]) > MAX_DATE_CHARS:
                warn(f"date {_short(values['published'])} is over {MAX_DATE_CHARS} characters")
                continue
            try:
                values["published"] = parse_date(values["published"])
            except Exception:  # dateutil and dateparser raise more than ValueError on odd input
                warn(f"unparseable date {values['published']!r}")
                continue
        else:
            values["published"] = None
        first_row[article] = line_no
        out.meta[article] = values
    if extra:
        out.general.append(f"{name}: {extra:,} more rows with problems (lines {extra_lines[0]}–{extra_lines[-1]}) "
                           f"not listed (MAX_ROW_WARNINGS); rows ignored")
    return out
