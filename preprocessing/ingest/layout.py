"""The header and credit lines scraped articles carry, found so the analysis can skip them.

Crawl-date prefix, site dateline, headline, byline and Markdown front matter at the top; ``Source: …``,
"Reporting by …" and agency sign-offs at the bottom.  They stay in ``text`` for display and are left
out of ``body_start:body_end``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..lang.en.names import BYLINE_JOINERS
from ..lang.en.time import DATELINE_WORDS, MONTH_WORDS
from ..settings import MAX_CREDIT_LINES, MAX_HEADER_LINES, MAX_HEADLINE_CHARS, MAX_HEADLINE_WORDS
from .dates import parse_date


_CRAWL_PREFIX = re.compile(
    r"\A\s*date\s*[:=]?\s+(\d{4}-\d{2}-\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?[ \t]*",
    re.I)
_TOKENS = re.compile(r"[^\W\d_]+|\d+")
_BYLINE = re.compile(r"^(?:(?:written|words)\s+)?by\s+(\S+(?:\s+\S+){0,12})$", re.I)
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
    if any(w not in DATELINE_WORDS for w in words):
        return None
    has_year = any(1900 <= n <= 2099 for n in numbers)
    has_day = any(1 <= n <= 31 for n in numbers) or bool(re.search(r"\d{4}-\d{2}-\d{2}", line))
    if not (has_year and has_day and (any(w in MONTH_WORDS for w in words) or re.search(r"\d[-/.]\d", line))):
        return None
    try:
        return parse_date(line, fuzzy=True)
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
    words = [w for w in re.split(r"[\s,]+", m.group(1)) if w and w.lower() not in BYLINE_JOINERS]
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
        out.header_date, out.header_date_kind = parse_date(crawl.group(1)), "crawl"
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
