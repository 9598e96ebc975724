"""Article files → rows of the ``articles`` table: which files count, decoding, refusals, language.

Owns everything between bytes on disk and one article's text: extensions (``.txt``, ``.md``,
``.html``/``.htm``), the size limit, binary and non-UTF-8 detection, HTML reduction and the language
check.  A refused file keeps its row (``status='skipped'``) with a warning naming it.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from ..lang.en.grammar import FUNCTION_WORDS
from ..settings import (ENGLISH_FAST_PATH_MIN_WORDS, ENGLISH_FAST_PATH_SHARE, LANGDETECT_CHARS, MAX_BYTES,
                        MAX_CONTROL_RATIO, MIN_LANGDETECT_LETTERS, MIN_LANGDETECT_PROB)
from .layout import layout

EXTENSIONS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])


_NON_LETTERS = re.compile(r"[\W\d_]+")


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


# A high share of English function words (lang.en.grammar.FUNCTION_WORDS) settles the language
# without the slower n-gram model.
_WORD = re.compile(r"[A-Za-z']+")


def _clearly_english(sample: str) -> bool:
    words = _WORD.findall(sample.lower())
    if len(words) < ENGLISH_FAST_PATH_MIN_WORDS:
        return False
    return sum(w in FUNCTION_WORDS for w in words) / len(words) >= ENGLISH_FAST_PATH_SHARE


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



# ---- files ----------------------------------------------------------------------------------

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
