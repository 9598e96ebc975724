"""Article files → rows of the ``articles`` table: which files count, decoding, refusals, language.

Owns everything between bytes on disk and one article's text: extensions (``.txt``, ``.md``,
``.html``/``.htm``), the size limit, binary and non-UTF-8 detection, HTML reduction and the language
check.  A refused file keeps its row (``status='skipped'``) with a warning naming it.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
from pathlib import Path
from typing import NamedTuple

from ..lang.en.grammar import FUNCTION_WORDS
from ..settings import (ENGLISH_FAST_PATH_MIN_WORDS, ENGLISH_FAST_PATH_SHARE, LANGDETECT_CHARS, MAX_BYTES,
                        MAX_CONTROL_RATIO, MAX_ID_CHARS, MIN_LANGDETECT_LETTERS, MIN_LANGDETECT_PROB)
from .layout import layout

EXTENSIONS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])


_NON_LETTERS = re.compile(r"[\W\d_]+")


class Refused(Exception):
    """A file that cannot be analysed; the message is the problem (without the file name)."""


def decode(raw: bytes, *, allow_nul: bool = False) -> tuple[str, list[str]]:
    """Bytes → text: UTF-8 (BOM stripped), UTF-16 with a BOM, else cp1252, else latin-1 (with a warning).

    ``allow_nul`` keeps NUL bytes (sources.csv reports them per line) instead of refusing the file.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            raise Refused("starts with a UTF-16 byte-order mark but is not valid UTF-16") from None
    if b"\x00" in raw and not allow_nul:
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


def _interesting(tag) -> set:
    """The string classes ``tag.get_text()`` keeps (NavigableString and CData: no comments)."""
    types = tag.interesting_string_types
    if types is None:
        types = tag.MAIN_CONTENT_STRING_TYPES
    return {types} if isinstance(types, type) else set(types)


def html_to_text(html: str) -> tuple[str, str]:
    """HTML → (plain text with one paragraph per block, title from <h1> else <title>).

    The text is what ``root.get_text()`` gives once each <br> is a line break and each block tag has
    a blank line before and after it, collected in one walk: inserting those strings into the tree
    costs a walk to the end of the tag each time, quadratic on deeply nested markup (a 140 kB page of
    unclosed ``<p><b>`` took 80 s).
    """
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(html, "html.parser")
    title = ""
    for tag in (soup.find("h1"), soup.find("title")):
        if tag is not None and (title := " ".join(tag.get_text(" ").split())):
            break
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    # The longest <article>/<main> is the story; the rest of the page is site furniture.
    candidates = soup.find_all(["article", "main"])
    if candidates:
        lengths = _text_lengths(soup, _interesting(candidates[0]))
        root = max(candidates, key=lambda t: lengths[id(t)])
    else:
        root = soup.body or soup
    keep, blocks, parts = _interesting(root), set(_BLOCK_TAGS), []
    stack = [(iter(root.contents), "")]
    while stack:
        node = next(stack[-1][0], None)
        if node is None:
            parts.append(stack.pop()[1])
        elif isinstance(node, NavigableString):
            if type(node) in keep:
                parts.append(node)
        elif node.name == "br":
            parts.append("\n")
        else:
            after = "\n\n" if node.name in blocks else ""
            parts.append(after)
            stack.append((iter(node.contents), after))
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return (text + "\n" if text else ""), title


def _text_lengths(soup, keep: set) -> dict[int, int]:
    """id(tag) → len(tag.get_text()) for every tag, in one walk (get_text per tag is quadratic when nested)."""
    from bs4 import NavigableString

    lengths: dict[int, int] = {}
    stack = [(soup, iter(soup.contents), 0)]
    while stack:
        tag, children, total = stack[-1]
        node = next(children, None)
        if node is None:
            stack.pop()
            lengths[id(tag)] = total
            if stack:
                parent, siblings, sub = stack[-1]
                stack[-1] = (parent, siblings, sub + total)
        elif isinstance(node, NavigableString):
            if type(node) in keep:
                stack[-1] = (tag, children, total + len(node))
        else:
            stack.append((node, iter(node.contents), 0))
    return lengths


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

# File names reach the tables, the warnings and the terminal.  Bytes that are not UTF-8 (which Python
# holds as lone surrogates), control characters and bidi overrides are shown as \xNN / \uNNNN, and a
# stem longer than MAX_ID_CHARS becomes an article id cut short and ended with a hash of the name.
_UNSAFE_NAME_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                                "\u2066-\u2069\ufeff\ud800-\udfff]")


def _escape(m: re.Match) -> str:
    c = ord(m.group())
    if 0xDC80 <= c <= 0xDCFF:  # an undecodable byte, as os.fsdecode's surrogateescape holds it
        return f"\\x{c - 0xDC00:02x}"
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def printable_name(name: str) -> str:
    """``name`` with undecodable bytes, control characters and bidi controls escaped (valid, printable UTF-8)."""
    return _UNSAFE_NAME_CHARS.sub(_escape, name)


def safe_text(s: str) -> str:
    """``s`` unchanged when it is valid UTF-8, else with its lone surrogates written as escapes."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "backslashreplace").decode("utf-8")


class ArticleFile(NamedTuple):
    article_id: str
    path: Path
    name: str          # printable file name: the ``path`` column and the name warnings start with
    stem: str          # printable stem the article id is made from (cut to MAX_ID_CHARS)
    notes: list[str]   # warnings about the name itself
    refused: str       # why the file is skipped unread ('' to read it)


def _name_notes(p: Path, name: str, stem: str, article_id: str) -> list[str]:
    notes = []
    if name != p.name:
        bad_bytes = any(0xDC80 <= ord(c) <= 0xDCFF for c in p.name)
        notes.append(f"{name}: file name " + ("is not valid UTF-8 (undecodable bytes shown as \\xNN)" if bad_bytes
                                               else "has control or invisible characters (shown escaped)")
                     + f"; article id '{article_id}'")
    if stem != printable_name(p.stem):
        notes.append(f"{name}: file name is over {MAX_ID_CHARS} characters; article id '{article_id}'")
    return notes


def _not_regular(p: Path) -> str:
    """Why an existing directory entry is not an article file ('' for a regular file)."""
    try:
        mode = p.stat().st_mode
    except OSError:
        return ""
    if stat.S_ISREG(mode):
        return ""
    kind = "a folder" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode) else "a device or socket"
    return f"not a regular file ({kind}); skipped"


def _link_problem(p: Path, root: Path) -> str:
    """Why a symbolic link is not followed: a loop, or a target outside the articles folder."""
    try:
        target = os.path.realpath(p, strict=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop; skipped"
        return ""  # dangling: reading it fails and says so
    if not Path(target).is_relative_to(root):
        return "symbolic link to a file outside the articles folder; skipped (copy the file in instead)"
    return ""


def _article_files(articles_dir: Path) -> list[ArticleFile]:
    """One entry per article file; duplicate stems get the extension appended, with a warning.

    Links that loop or lead out of the folder, and entries that are not regular files (a folder
    called ``x.txt``, a named pipe), are listed with the reason they are refused.
    """
    root = Path(os.path.realpath(articles_dir))
    found = []
    for p in articles_dir.iterdir():
        if p.suffix.lower() not in EXTENSIONS or p.name.startswith("."):
            continue
        name, stem = printable_name(p.name), printable_name(p.stem)
        if len(stem) > MAX_ID_CHARS:
            digest = hashlib.sha256(os.fsencode(p.name)).hexdigest()[:8]
            stem = f"{stem[:MAX_ID_CHARS - 9]}~{digest}"
        refused = (_link_problem(p, root) if p.is_symlink() else "") or _not_regular(p)
        found.append((stem, list(EXTENSIONS).index(p.suffix.lower()), name, os.fsencode(p.name), p, refused))
    found.sort(key=lambda f: f[:4])  # the raw bytes settle names that print alike ('\xff' escaped or typed)
    taken = {f[0] for f in found}
    out, used = [], set()
    for stem, _, name, _, p, refused in found:
        article_id = stem
        if article_id in used:
            ext = p.suffix.lstrip(".").lower()
            article_id = f"{stem}.{ext}"
            n = 2
            while article_id in used or (article_id in taken and article_id != stem):
                article_id, n = f"{stem}.{ext}{n}", n + 1
        used.add(article_id)
        out.append(ArticleFile(article_id, p, name, stem, _name_notes(p, name, stem, article_id), refused))
    return out


def read_article(path: Path, article_id: str, name: str | None = None, refused: str = "") -> dict:
    """One row of the articles table (without sources.csv metadata).

    ``name`` is the printable file name (default: ``path.name`` escaped); ``refused`` skips the file
    unread with that reason.
    """
    name = printable_name(path.name) if name is None else name
    row = {"article_id": article_id, "source": article_id, "title": "", "published": None, "header_date": None,
           "header_date_kind": "", "url": "", "path": name, "text": "", "body_start": 0, "body_end": 0,
           "n_words": 0, "language": "", "status": "skipped", "warnings": [], "content_hash": ""}
    if refused:
        row["warnings"].append(f"{name}: {refused}")
        return row
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
        row["warnings"].append(f"{name}: cannot read ({safe_text(exc.strerror or str(exc))})")
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
