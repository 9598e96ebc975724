"""Articles and metadata added from the browser: the only code that writes into a corpus folder.

* :func:`save_files` takes uploaded files (``.txt``, ``.md``, ``.html``/``.htm`` or a ``.zip`` of them),
  :func:`save_paste` a pasted text with its title.  Each file is checked by the build's own reader
  (:func:`~preprocessing.ingest.files.read_article`: size, binary, encoding, empty, not English) before
  it is kept, and one refused file is a message naming it while the others are saved.
* A ``.zip`` is read entry by entry without extracting anything to disk as named: entries that are
  folders are passed over; a symbolic link, an absolute or ``..`` path, an encrypted entry, a nested
  archive or a file of another kind is refused by name; a zip with more entries than
  ``MAX_UPLOAD_FILES``, or whose entries add up to more than ``MAX_ZIP_TOTAL_BYTES`` uncompressed, is
  refused whole; an entry claiming more than ``MAX_ZIP_RATIO`` times its compressed size is refused,
  and no entry is read past ``MAX_BYTES`` whatever its header claims.
* A file keeps only a safe form of its base name (letters, digits, ``. _ -``; no leading dot), never
  overwrites an article (``name-2.txt``, …), and is written to a temporary file in the corpus folder
  then renamed in, so the build never reads half a file.
* :func:`write_sources` saves the metadata editor's rows to the corpus' ``sources.csv`` atomically,
  after :func:`validate_metadata` (dates parse, URLs are http(s), no field over ``MAX_FIELD_CHARS``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import stat
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from ..settings import (MAX_BYTES, MAX_DATE_CHARS, MAX_FIELD_CHARS, MAX_ID_CHARS, MAX_PASTE_TITLE_CHARS,
                        MAX_UPLOAD_FILES, MAX_UPLOAD_MB, MAX_ZIP_RATIO, MAX_ZIP_TOTAL_BYTES,
                        ZIP_SMALL_ENTRY_BYTES)
from .dates import parse_date
from .files import EXTENSIONS, printable_name, read_article

METADATA_COLUMNS = ("article_id", "source", "title", "published", "url")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Saved:
    """What an upload did: the files written (their names in the articles folder) and one message per
    refused file, each starting with the name it was uploaded under."""

    written: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def safe_name(name: str) -> str | None:
    """The base name of an uploaded ``name`` made safe for a folder, or None when nothing is left.

    Any folder part is dropped (``../../x.txt`` is ``x.txt``, ``C:\\x.txt`` is ``x.txt``); accents are
    folded, other characters become ``_``; no leading dot; the stem is cut to MAX_ID_CHARS."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = _UNSAFE.sub("_", base).lstrip("._-")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = stem.strip("._-")[:MAX_ID_CHARS]
    if not stem:
        return None
    return f"{stem}.{ext.lower()}" if ext else stem


def _free_path(folder: Path, name: str) -> Path:
    stem, ext = os.path.splitext(name)
    candidate, n = folder / name, 2
    while candidate.exists() or candidate.is_symlink():
        candidate, n = folder / f"{stem}-{n}{ext}", n + 1
    return candidate


def _hashes(articles_dir: Path) -> dict[str, str]:
    """sha256 → file name of the articles already in the folder (regular files only)."""
    out = {}
    for p in sorted(articles_dir.iterdir()):
        try:
            if p.suffix.lower() in EXTENSIONS and stat.S_ISREG(p.lstat().st_mode) and p.stat().st_size <= MAX_BYTES:
                out.setdefault(hashlib.sha256(p.read_bytes()).hexdigest(), p.name)
        except OSError:
            continue
    return out


def _keep(articles_dir: Path, shown: str, data: bytes, out: Saved, known: dict[str, str]) -> None:
    """Check one article file's bytes with the build's reader, then write it in under a safe name."""
    name = safe_name(shown)
    if name is None or Path(name).suffix.lower() not in EXTENSIONS:
        out.refused.append(f"{shown}: not an article file (.txt, .md, .html or .htm); not added")
        return
    if len(data) > MAX_BYTES:
        out.refused.append(f"{shown}: {len(data):,} bytes is over the {MAX_BYTES:,}-byte limit (MAX_BYTES); not added")
        return
    digest = hashlib.sha256(data).hexdigest()
    if digest in known:
        out.refused.append(f"{shown}: identical to {printable_name(known[digest])}; not added as a duplicate")
        return
    corpus = articles_dir.parent
    fd, tmp_name = tempfile.mkstemp(prefix=".upload-", suffix=Path(name).suffix, dir=corpus)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        row = read_article(tmp, Path(name).stem, shown)
        if row["status"] != "ok":
            out.refused += [w if w.startswith(shown) else f"{shown}: {w}" for w in row["warnings"]] or \
                [f"{shown}: cannot be analysed; not added"]
            return
        target = _free_path(articles_dir, name)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        known[digest] = target.name
        out.written.append(target.name)
    finally:
        tmp.unlink(missing_ok=True)


def _entry_problem(info: zipfile.ZipInfo) -> str:
    """Why a zip entry is refused by its header alone ('' when it may be read)."""
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    path = info.filename.replace("\\", "/")
    parts = PurePosixPath(path).parts
    if path.startswith("/") or re.match(r"[A-Za-z]:", path) or ".." in parts:
        return "a path that leads out of the folder"
    if info.flag_bits & 0x1:
        return "encrypted"
    if Path(path).suffix.lower() == ".zip":
        return "an archive inside the archive"
    if Path(path).suffix.lower() not in EXTENSIONS:
        return "not an article file (.txt, .md, .html or .htm)"
    if info.file_size > MAX_BYTES:
        return f"{info.file_size:,} bytes is over the {MAX_BYTES:,}-byte limit (MAX_BYTES)"
    if info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1) and info.file_size > ZIP_SMALL_ENTRY_BYTES:
        return f"compressed {info.file_size // max(info.compress_size, 1):,} to 1, over the {MAX_ZIP_RATIO}:1 limit (a zip bomb)"
    return ""


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """The entry's bytes, or None when it turns out longer than MAX_BYTES (its header lied)."""
    buf = bytearray()
    with zf.open(info) as f:
        while chunk := f.read(ZIP_SMALL_ENTRY_BYTES):
            buf += chunk
            if len(buf) > MAX_BYTES:
                return None
    return bytes(buf)


def _save_zip(articles_dir: Path, shown: str, data: bytes, out: Saved, known: dict[str, str]) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        out.refused.append(f"{shown}: not a readable zip ({type(exc).__name__}); nothing added")
        return
    files = [i for i in infos if not i.is_dir()]
    if len(files) > MAX_UPLOAD_FILES:
        out.refused.append(f"{shown}: {len(files)} entries, over the limit of {MAX_UPLOAD_FILES} (MAX_UPLOAD_FILES); "
                           "nothing added")
        return
    declared = sum(i.file_size for i in files)
    if declared > MAX_ZIP_TOTAL_BYTES:
        out.refused.append(f"{shown}: {declared:,} bytes uncompressed, over the {MAX_ZIP_TOTAL_BYTES:,}-byte limit "
                           "(MAX_ZIP_TOTAL_BYTES, a zip bomb?); nothing added")
        return
    read = 0
    with zf:
        for info in files:
            entry = f"{shown}/{printable_name(info.filename)}"
            why = _entry_problem(info)
            if why:
                out.refused.append(f"{entry}: {why}; not added")
                continue
            try:
                body = _read_entry(zf, info)
            except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, RuntimeError) as exc:
                out.refused.append(f"{entry}: cannot be read ({type(exc).__name__}); not added")
                continue
            if body is None:
                out.refused.append(f"{entry}: longer than its header says and over the {MAX_BYTES:,}-byte limit; "
                                   "not added (a zip bomb?)")
                continue
            read += len(body)
            if read > MAX_ZIP_TOTAL_BYTES:
                out.refused.append(f"{shown}: over {MAX_ZIP_TOTAL_BYTES:,} bytes uncompressed; the rest is not added")
                return
            _keep(articles_dir, entry, body, out, known)


def save_files(articles_dir: Path, files: list[tuple[str, bytes]]) -> Saved:
    """Add uploaded ``(name, bytes)`` files (articles or zips of articles) to ``articles_dir``."""
    articles_dir = Path(articles_dir)
    articles_dir.mkdir(parents=True, exist_ok=True)
    out = Saved()
    if len(files) > MAX_UPLOAD_FILES:
        out.refused.append(f"{len(files)} files at once, over the limit of {MAX_UPLOAD_FILES} (MAX_UPLOAD_FILES); "
                           "nothing added")
        return out
    known = _hashes(articles_dir)
    limit = MAX_UPLOAD_MB * 1024 * 1024
    for name, data in files:
        shown = printable_name(name or "unnamed")
        if len(data) > limit:
            out.refused.append(f"{shown}: {len(data):,} bytes, over the {MAX_UPLOAD_MB} MB upload limit (MAX_UPLOAD_MB); "
                               "not added")
        elif Path(name or "").suffix.lower() == ".zip":
            _save_zip(articles_dir, shown, data, out, known)
        else:
            _keep(articles_dir, shown, data, out, known)
    return out


def save_paste(articles_dir: Path, title: str, text: str) -> Saved:
    """Add a pasted article: a ``.txt`` named after ``title``, whose first line is the title."""
    title = " ".join((title or "").split())
    out = Saved()
    if not title:
        out.refused.append("pasted text: give it a title; not added")
        return out
    if len(title) > MAX_PASTE_TITLE_CHARS:
        out.refused.append(f"pasted text: the title is over {MAX_PASTE_TITLE_CHARS} characters; not added")
        return out
    if not (text or "").strip():
        out.refused.append(f"{title}: the text is empty; not added")
        return out
    stem = (safe_name(re.sub(r"[\\/.]", " ", title)) or "pasted").replace(".", "_")[:60]
    articles_dir = Path(articles_dir)
    articles_dir.mkdir(parents=True, exist_ok=True)
    data = f"{title}\n\n{text.strip()}\n".encode("utf-8")
    _keep(articles_dir, f"{stem}.txt", data, out, _hashes(articles_dir))
    out.refused = [r.replace(f"{stem}.txt:", f"{title}:", 1) for r in out.refused]
    return out


# ---- metadata ------------------------------------------------------------------------------------

def safe_link(url: str) -> str | None:
    """``url`` when it is an http(s) address with a host, else None: ``javascript:``, ``data:``,
    ``//host`` and anything holding spaces, control characters, quotes or angle brackets never become
    a link.  The reader shows a link only through this (components.reader.safe_url)."""
    url = (url or "").strip()
    if any(ord(c) < 0x21 or c in "<>\"'`\\" for c in url):
        return None
    m = re.match(r"(?i)https?://([^/?#]+)", url)
    return url if m and m.group(1).rsplit("@", 1)[-1] else None


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()[:10]
    return str(value)


def validate_metadata(edited: pd.DataFrame, known_ids) -> tuple[list[dict], list[str]]:
    """The editor's rows as sources.csv rows, and a problem per bad cell (``article X: …``).

    The page saves nothing while there is a problem (a bad row's old metadata must not be lost).  Dates must parse (ISO or a written
    date), URLs be http(s), fields fit MAX_FIELD_CHARS and hold no line break or NUL.
    """
    known = set(known_ids)
    rows, problems = [], []
    for rec in edited.to_dict("records"):
        aid = _cell(rec.get("article_id"))
        if aid not in known:
            problems.append(f"article {printable_name(aid)[:60]}: not an article of this corpus; row not saved")
            continue
        row, bad = {"article_id": aid}, []
        for col in METADATA_COLUMNS[1:]:
            v = " ".join(_cell(rec.get(col)).split())  # a line break or tab would split a CSV row in a spreadsheet
            if "\x00" in v or len(v) > MAX_FIELD_CHARS:
                bad.append(f"{col} has a NUL byte or is over {MAX_FIELD_CHARS:,} characters")
            elif col == "published" and v:
                try:
                    if len(v) > MAX_DATE_CHARS:
                        raise ValueError
                    v = parse_date(v).isoformat()
                except (ValueError, OverflowError):
                    bad.append(f"published {v[:40]!r} is not a date (use YYYY-MM-DD)")
            elif col == "url" and v and safe_link(v) is None:
                bad.append(f"url {v[:60]!r} is not an http:// or https:// address")
            row[col] = v
        if bad:
            problems.append(f"article {aid}: " + "; ".join(bad) + "; row not saved")
        else:
            rows.append(row)
    return rows, problems


def write_sources(corpus_dir: Path, rows: list[dict]) -> Path:
    """Write ``rows`` as ``<corpus_dir>/sources.csv`` (replacing it atomically); returns its path.

    A ``sources.csv`` inside ``articles/`` is left alone: the one beside it wins in the build."""
    corpus_dir = Path(corpus_dir)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(METADATA_COLUMNS), lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    fd, tmp = tempfile.mkstemp(prefix=".sources-", suffix=".csv", dir=corpus_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(buf.getvalue())
        os.chmod(tmp, 0o644)
        os.replace(tmp, corpus_dir / "sources.csv")
    finally:
        Path(tmp).unlink(missing_ok=True)
    return corpus_dir / "sources.csv"
