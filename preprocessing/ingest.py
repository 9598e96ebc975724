"""Ingest: the articles folder (and optional ``sources.csv``) → the ``articles`` table.

Owns everything between bytes on disk and the text the NLP stages analyse: which files count as
articles (``.txt``, ``.md``, ``.html``/``.htm``), decoding, refusing bad input with a warning that names
the file, per-article metadata from ``sources.csv``, and the header/credit lines scraped articles
carry (crawl-date prefix, site dateline, headline, byline, ``Source: …`` credits), which are kept in
``text`` for display but left out of ``body_start:body_end``.

One bad file or ``sources.csv`` row never stops the build: it becomes a warning on its article
(``status='skipped'`` when the file itself is refused).  ``sources.csv`` problems that belong to no
article are returned in ``DataFrame.attrs["warnings"]``.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from . import schema

# spaCy refuses texts over nlp.max_length (1,000,000 characters by default); a news article is a few
# kB, so anything this large is a dump or a mistake and is refused unread (only hashed, streaming).
MAX_BYTES = 1_000_000
EXTENSIONS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}
# langdetect's n-gram extraction is linear in text length; ~170 words of prose is plenty to tell
# languages apart (measured on BBC: 2.7 ms an article at 1,000 characters, 4.1 ms at 2,000, same answers).
LANGDETECT_CHARS = 1_000
# Below this many letters langdetect guesses wildly, so the language is left unknown ('') and kept.
MIN_LANGDETECT_LETTERS = 40
# A detection less sure than this is treated as unknown rather than as a reason to skip.
MIN_LANGDETECT_PROB = 0.80
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
MAX_CONTROL_RATIO = 0.10
# Header lines are looked for only among the first few non-empty lines.
MAX_HEADER_LINES = 5
MAX_HEADLINE_WORDS = 25
MAX_HEADLINE_CHARS = 200
MAX_CREDIT_LINES = 3
SOURCES_COLUMNS = {"article_id": "article_id", "id": "article_id", "file": "article_id", "filename": "article_id",
                   "source": "source", "outlet": "source", "title": "title", "headline": "title",
                   "published": "published", "date": "published", "url": "url", "link": "url"}


# ---- header and credit lines ------------------------------------------------------------------

_CRAWL_PREFIX = re.compile(
    r"\A\s*date\s*[:=]?\s+(\d{4}-\d{2}-\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?[ \t]*",
    re.I)
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
           "dec"}
_DATELINE_WORDS = _MONTHS | {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed",
    "thu", "thur", "thurs", "fri", "sat", "sun", "st", "nd", "rd", "th", "am", "pm", "a", "p", "m", "t", "z",
    "gmt", "utc", "bst", "cet", "cest", "eet", "eest", "msk", "ist", "kst", "jst", "hkt", "sgt", "aest", "aedt",
    "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "et", "pt", "updated", "published", "posted",
    "last", "modified", "first", "on", "at", "date", "of"}
_TOKENS = re.compile(r"[^\W\d_]+|\d+")
_BYLINE = re.compile(r"^(?:(?:written|words)\s+)?by\s+(\S+(?:\s+\S+){0,12})$", re.I)
_NAME_JOINERS = {"and", "&", "|", "in", "of", "the", "for", "at", "-", "–", "—"}
_CREDIT_LINE = re.compile(
    r"""^\(?\s*(?:
        sources?\s*:.*
      | (?:with\s+)?(?:additional\s+)?(?:reporting|writing|editing|compiled|edited|written|produced)\s+(?:by|from)\b.*
      | (?:©|\(c\)\s|copyright\b).*
      | all\s+rights\s+reserved\.?
      | (?:[–—]|--)\s*[A-Z][\w.&' ]{0,40}        # agency sign-off: '— Reuters'
    )\s*\)?\s*$""", re.I | re.X)
_GLUED_CREDIT = re.compile(
    r"\s*\(\s*(?:additional\s+)?(?:reporting|writing|editing)\s+by\b[^()]*\)\s*$", re.I)
_LINE = re.compile(r"[^\n]*(?:\n|\Z)")
_NON_LETTERS = re.compile(r"[\W\d_]+")


@dataclass
class Layout:
    """What the header/credit scan found in one text."""

    body_start: int
    body_end: int
    title: str = ""
    header_date: date | None = None
    header_date_kind: str = ""


def _lines(text: str, start: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, stripped line) for every non-empty line from ``start``; offsets exclude the line break."""
    out = []
    for m in _LINE.finditer(text, start):
        raw = m.group().rstrip("\r\n")
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            out.append((m.start() + lead, m.start() + len(raw.rstrip()), raw.strip()))
        if m.end() >= len(text):
            break
    return out


def parse_dateline(line: str) -> date | None:
    """A date when the whole line is a date expression ('Mon. Dec 4th, 2023', 'Updated: 4 March 2024 10:02 GMT')."""
    if len(line) > 80:
        return None
    tokens = _TOKENS.findall(line)
    words = [t.lower() for t in tokens if not t.isdigit()]
    numbers = [int(t) for t in tokens if t.isdigit()]
    if any(w not in _DATELINE_WORDS for w in words):
        return None
    has_year = any(1900 <= n <= 2099 for n in numbers)
    has_day = any(1 <= n <= 31 for n in numbers) or bool(re.search(r"\d{4}-\d{2}-\d{2}", line))
    if not (has_year and has_day and (any(w in _MONTHS for w in words) or re.search(r"\d[-/.]\d", line))):
        return None
    try:
        return _parse_date(line, fuzzy=True)
    except ValueError:
        return None


def _is_headline(line: str, rest: str) -> bool:
    """A headline: a short line that is not a sentence, followed by body text longer than itself."""
    words = line.split()
    if not (1 <= len(words) <= MAX_HEADLINE_WORDS) or len(line) > MAX_HEADLINE_CHARS:
        return False
    if not any(c.isalpha() for c in line):
        return False
    if line[0].islower() and not any(c.isupper() for c in words[0]):  # 'iTunes …' is still a headline
        return False
    if line.endswith((":", ",", ";")):
        return False
    # A final period makes it a sentence, unless it ends an ellipsis or an abbreviation such as "U.S."
    closing = line.rstrip("\"'”’)")
    if closing.endswith(".") and not re.search(r"(?:\.\.\.|(?:\b[A-Z]\.){2,})$", closing):
        return False
    return len(rest.split(None, len(words) + 1)) > len(words)  # bounded split: only need to know 'more'


def _is_byline(line: str) -> bool:
    """'By Jane Example, Political Correspondent' but not 'By Tuesday the council had voted.'"""
    m = _BYLINE.match(line)
    if m is None or len(line) > 80 or line.endswith("."):
        return False
    words = [w for w in re.split(r"[\s,]+", m.group(1)) if w and w.lower() not in _NAME_JOINERS]
    return sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _front_matter(text: str) -> tuple[int, str]:
    """Skip a Markdown YAML front-matter block; returns (end offset, its title or '')."""
    m = re.match(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", text, re.S)
    if not m:
        return 0, ""
    t = re.search(r"^title\s*:\s*(.+?)\s*$", m.group(1), re.M | re.I)
    return m.end(), (t.group(1).strip("\"' ") if t else "")


def layout(text: str, markdown: bool = False) -> Layout:
    """Find header lines (crawl prefix, dateline, byline, headline) and trailing credit lines."""
    pos, title = _front_matter(text) if markdown else (0, "")
    out = Layout(0, len(text), title=title)
    crawl = _CRAWL_PREFIX.match(text, pos)
    if crawl:
        out.header_date, out.header_date_kind = _parse_date(crawl.group(1)), "crawl"
        pos = crawl.end()
    lines = _lines(text, pos)
    i, seen_headline = 0, bool(crawl)  # a crawl prefix is glued to the first sentence: no headline follows
    while i < min(len(lines), MAX_HEADER_LINES):
        start, end, line = lines[i]
        rest = text[end:]
        if out.header_date is None and (d := parse_dateline(line)) is not None:
            out.header_date, out.header_date_kind = d, "dateline"
        elif _is_byline(line) and i + 1 < len(lines):
            pass
        elif markdown and not seen_headline and re.match(r"#{1,6}\s+\S", line):
            out.title = out.title or line.lstrip("#").strip()
            seen_headline = True
        elif not seen_headline and _is_headline(line, rest):
            out.title = out.title or line
            seen_headline = True
        else:
            break
        i += 1
    body = lines[i:]
    # Trailing credit lines, scanned backwards; never eat the last body line.
    n_credit = 0
    while n_credit < MAX_CREDIT_LINES and len(body) - n_credit > 1:
        line = body[-1 - n_credit][2]
        if len(line) > 200 or not _CREDIT_LINE.match(line):
            break
        n_credit += 1
    body = body[:len(body) - n_credit] if n_credit else body
    if not body:  # nothing but header lines: analyse everything rather than nothing
        lines = _lines(text)
        return Layout(lines[0][0] if lines else 0, lines[-1][1] if lines else 0, out.title,
                      out.header_date, out.header_date_kind)
    out.body_start = body[0][0]
    last_start, last_end, last = body[-1]
    glued = _GLUED_CREDIT.search(last)
    if glued and glued.start() > 0:
        last_end = last_start + glued.start()
    out.body_end = last_end
    return out


# ---- dates ------------------------------------------------------------------------------------

def _parse_date(value: str, fuzzy: bool = False) -> date:
    """ISO and common written forms via dateutil, dateparser as a fallback; ValueError when hopeless."""
    from dateutil import parser as du

    value = value.strip()
    try:
        parsed = du.parse(value, fuzzy=fuzzy, default=datetime(1900, 1, 1))
    except (ValueError, OverflowError):
        parsed = None
        if re.search(r"\b(?:19|20)\d{2}\b", value):  # dateparser would also read 'yesterday' relative to today
            import dateparser

            parsed = dateparser.parse(value, settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    if parsed is None or not 1900 < parsed.year < 2100:
        raise ValueError(f"unparseable date {value!r}")
    return parsed.date()


# ---- decoding and refusing bad files ----------------------------------------------------------

class Refused(Exception):
    """A file that cannot be analysed; the message is the problem (without the file name)."""


def decode(raw: bytes) -> tuple[str, list[str]]:
    """Bytes → text: UTF-8 (BOM stripped), UTF-16 with a BOM, else cp1252, else latin-1 (with a warning)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            raise Refused("starts with a UTF-16 byte-order mark but is not valid UTF-16") from None
    if b"\x00" in raw:
        raise Refused("binary file (contains NUL bytes)")
    sample = raw[:65536]
    n_control = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    if n_control > MAX_CONTROL_RATIO * len(sample):
        raise Refused("binary file (mostly control characters)")
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        where = f"invalid UTF-8 at byte {exc.start}"
    try:
        return raw.decode("cp1252"), [f"not UTF-8 ({where}); decoded as cp1252"]
    except UnicodeDecodeError:
        return raw.decode("latin-1"), [f"not UTF-8 ({where}) nor cp1252; decoded as latin-1"]


_BLOCK_TAGS = ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table", "article",
               "section", "header", "main", "blockquote", "pre", "figure", "figcaption", "dd", "dt", "hr",
               "address", "body"]
_DROP_TAGS = ["script", "style", "nav", "noscript", "template", "head", "footer", "aside", "form", "iframe",
              "svg", "button"]


def html_to_text(html: str) -> tuple[str, str]:
    """HTML → (plain text with one paragraph per block, title from <h1> else <title>)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    title = ""
    for tag in (soup.find("h1"), soup.find("title")):
        if tag is not None and (title := " ".join(tag.get_text(" ").split())):
            break
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    # The longest <article>/<main> is the story; the rest of the page is site furniture.
    candidates = soup.find_all(["article", "main"])
    root = max(candidates, key=lambda t: len(t.get_text())) if candidates else (soup.body or soup)
    for br in root.find_all("br"):
        br.replace_with("\n")
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    lines = [" ".join(line.split()) for line in root.get_text().split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return (text + "\n" if text else ""), title


def _sha256_file(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


# English function words make up a third or more of running English prose and only a few per cent
# of other languages' text, so a high share settles the question without the slower n-gram model.
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on was with he it as at by from has have had said his be are were "
    "not this which will would their they but its an been".split())
_WORD = re.compile(r"[A-Za-z']+")
ENGLISH_FAST_PATH_SHARE = 0.25
ENGLISH_FAST_PATH_MIN_WORDS = 40


def _clearly_english(sample: str) -> bool:
    words = _WORD.findall(sample.lower())
    if len(words) < ENGLISH_FAST_PATH_MIN_WORDS:
        return False
    return sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words) >= ENGLISH_FAST_PATH_SHARE


def detect_language(body: str) -> str:
    """Language code of ``body`` ('' when too short or unsure), deterministic across runs."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    sample = body[:LANGDETECT_CHARS]
    if _clearly_english(sample):
        return "en"
    if len(_NON_LETTERS.sub("", sample)) < MIN_LANGDETECT_LETTERS:
        return ""
    DetectorFactory.seed = 0
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return ""
    return best.lang if best.prob >= MIN_LANGDETECT_PROB else ""


# ---- sources.csv ------------------------------------------------------------------------------

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
                values["published"] = _parse_date(values["published"])
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


# ---- the corpus -------------------------------------------------------------------------------

def _article_files(articles_dir: Path) -> list[tuple[str, Path]]:
    """(article_id, path) per article file; duplicate stems get the extension appended, with a warning."""
    files = sorted((p for p in articles_dir.iterdir()
                    if p.suffix.lower() in EXTENSIONS and not p.name.startswith(".")
                    and (p.is_file() or not p.exists())),  # a dangling link is reported, not hidden
                   key=lambda p: (p.stem, list(EXTENSIONS).index(p.suffix.lower()), p.name))
    taken = {p.stem for p in files}
    out, used = [], set()
    for p in files:
        article_id = p.stem
        if article_id in used:
            article_id = f"{p.stem}.{p.suffix.lstrip('.').lower()}"
            n = 2
            while article_id in used or (article_id in taken and article_id != p.stem):
                article_id, n = f"{p.stem}.{p.suffix.lstrip('.').lower()}{n}", n + 1
        used.add(article_id)
        out.append((article_id, p))
    return out


def read_article(path: Path, article_id: str) -> dict:
    """One row of the articles table (without sources.csv metadata)."""
    row = {"article_id": article_id, "source": article_id, "title": "", "published": None, "header_date": None,
           "header_date_kind": "", "url": "", "path": path.name, "text": "", "body_start": 0, "body_end": 0,
           "n_words": 0, "language": "", "status": "skipped", "warnings": [], "content_hash": ""}
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            row["content_hash"] = _sha256_file(path)
            raise Refused(f"{size:,} bytes is over the {MAX_BYTES:,}-byte limit (MAX_BYTES); not read")
        raw = path.read_bytes()
    except Refused as exc:
        row["warnings"].append(f"{name}: {exc}")
        return row
    except OSError as exc:
        row["warnings"].append(f"{name}: cannot read ({exc.strerror or exc})")
        return row
    row["content_hash"] = hashlib.sha256(raw).hexdigest()
    try:
        text, notes = decode(raw)
    except Refused as exc:
        row["warnings"].append(f"{name}: {exc}")
        return row
    row["warnings"] += [f"{name}: {n}" for n in notes]
    kind = EXTENSIONS[path.suffix.lower()]
    html_title = ""
    if kind == "html":
        # The reader shows the reduced text, so offsets point into it rather than into the markup.
        text, html_title = html_to_text(text)
    row["text"] = text
    if not text.strip():
        row["warnings"].append(f"{name}: empty file" if kind != "html" else f"{name}: no text in the HTML")
        return row
    lay = layout(text, markdown=kind == "markdown")
    body = text[lay.body_start:lay.body_end]
    row.update(title=html_title or lay.title, header_date=lay.header_date, header_date_kind=lay.header_date_kind,
               body_start=lay.body_start, body_end=lay.body_end, n_words=len(body.split()))
    row["language"] = lang = detect_language(body)
    if lang and lang != "en":
        row["warnings"].append(f"{name}: not English (detected language '{lang}'); skipped")
        return row
    row["status"] = "ok"
    return row


def _skip_exact_duplicates(rows: list[dict]) -> None:
    """A byte-identical copy of an earlier article would count every claim and mention twice."""
    first: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: r["article_id"]):
        if row["status"] != "ok":
            continue
        original = first.setdefault(row["content_hash"], row["path"])
        if original != row["path"]:
            row["status"] = "skipped"
            row["warnings"].append(f"{row['path']}: identical to {original}; skipped as a duplicate")


def read_corpus(articles_dir: Path, sources_csv: Path | None = None) -> pd.DataFrame:
    """The ``articles`` table: one row per article file in ``articles_dir``, sorted by article_id.

    Refused files are included with ``status='skipped'`` and their warnings.  ``sources.csv`` warnings
    that concern no article are in ``.attrs["warnings"]``.
    """
    articles_dir = Path(articles_dir)
    if not articles_dir.is_dir():
        raise FileNotFoundError(f"articles folder {articles_dir} does not exist")
    files = _article_files(articles_dir)
    rows = []
    by_stem: dict[str, str] = {}
    for article_id, path in files:
        row = read_article(path, article_id)
        if article_id != path.stem:
            first = next(p.name for a, p in files if a == path.stem)
            row["warnings"].insert(0, f"{path.name}: same name as {first}; article id is {article_id!r}")
        else:
            by_stem[path.stem] = article_id
        rows.append(row)
    general: list[str] = []
    if sources_csv is not None:
        keys = {**by_stem, **{r["path"]: r["article_id"] for r in rows}, **{r["article_id"]: r["article_id"] for r in rows}}
        sources = read_sources(Path(sources_csv), keys)
        general = sources.general
        for row in rows:
            row["warnings"] += sources.warnings.get(row["article_id"], [])
            meta = sources.meta.get(row["article_id"], {})
            row["source"] = meta.get("source") or row["source"]
            row["title"] = meta.get("title") or row["title"]
            row["url"] = meta.get("url") or ""
            row["published"] = meta.get("published")
    _skip_exact_duplicates(rows)
    if not rows:
        df = schema.empty("articles")
    else:
        df = pd.DataFrame(rows, columns=[c.name for c in schema.TABLES["articles"]])
        df = df.sort_values("article_id", kind="stable").reset_index(drop=True)
    df.attrs["warnings"] = general
    return df
