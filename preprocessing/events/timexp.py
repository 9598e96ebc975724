"""Time expressions: finding them in text and resolving them to calendar dates.

Owns the rules for *which* stretches of a sentence are points in time ("on Wednesday", "the
following day", "September 13", "next month") and how each is turned into a date, a weekday and a
note saying how it was obtained.  Anchors, strongest first:

* ``published`` — the article's publication date from metadata, the only trusted anchor;
* the previous dated (or weekday-only) event of the same article, for relative expressions;
* a header date (crawl date or site dateline) — used only to pick the *year* of an explicit
  month-and-day, never to place a weekday, because a crawl can happen months after the story.

Durations ("five hours", "more than three years") are not points in time and are not found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import dateparser
from dateutil.relativedelta import relativedelta, weekday as rd_weekday

from ..lang.en.time import MONTH_PATTERN, MONTHS, WEEKDAY_PATTERN, WEEKDAYS

# Short names for the weekday and month fragments the patterns below are built from.
_WD = WEEKDAY_PATTERN
_MON = MONTH_PATTERN
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_DAYNUM = r"\d{1,2}(?:st|nd|rd|th)?"

# (kind, pattern); longer matches win over shorter overlapping ones.
_PATTERNS: list[tuple[str, str]] = [
    ("date", rf"\b(?:on\s+)?(?:{_WD},?\s+)?{_MON}\.?\s+{_DAYNUM}(?:,?\s+\d{{4}})?\b"),
    ("date", rf"\b(?:on\s+)?(?:{_WD},?\s+)?{_DAYNUM}\s+(?:of\s+)?{_MON}\.?(?:,?\s+\d{{4}})?\b"),
    ("date", r"\b\d{4}-\d{2}-\d{2}\b"),
    ("relday", r"\b(?:(?:earlier|later)\s+)?(?:on\s+|by\s+|during\s+)?the\s+(?:following|next|previous|same)\s+"
               r"(?:day|morning|afternoon|evening|night)\b"),
    ("relday", r"\b(?:on\s+)?the\s+day\s+(?:after|before)\b"),
    ("relday", r"\b(?:earlier|later)\s+that\s+day\b"),
    ("relday", r"\b(?:today|yesterday|tomorrow|tonight)\b"),
    ("weekday", rf"\b(?:(?:earlier|later)\s+)?(?:on\s+|by\s+|since\s+|until\s+)?(?:(?:last|next|this)\s+)?{_WD}"
                rf"(?:['’]s)?{_PART}\b"),
    ("period", r"\b(?:(?:next|last|this|previous|coming|subsequent|following|past)\s+(?:week|month|year)|"
               r"later\s+this\s+(?:week|month|year))\b"),
    ("month", rf"\b(?:in\s+|since\s+|by\s+|during\s+)?(?:early\s+|late\s+|mid-?)?{_MON}(?:\s+\d{{4}})?\b"),
    ("year", r"\b(?:in|since|during)\s+(?:19|20)\d{2}\b"),
]
_COMPILED = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in _PATTERNS]
# "may", "march" and "sat" are also ordinary words: a bare month needs a capital letter.
_MONTH_WORD = re.compile(rf"\b{_MON}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Timex:
    """A time expression found in text; offsets are relative to the text searched."""

    start: int
    end: int
    text: str
    kind: str  # date, relday, weekday, period, month, year


def find_timexes(text: str) -> list[Timex]:
    """Non-overlapping time expressions in ``text``, longest first on overlap, in text order."""
    found: list[Timex] = []
    for kind, rx in _COMPILED:
        for m in rx.finditer(text):
            s = m.group(0)
            if kind == "month":
                word = _MONTH_WORD.search(s).group(0)
                if word[0].islower() or (word.lower() == "may" and not re.search(r"\d{4}", s)
                                            and not re.match(r"(?i)(?:in|since|by|during)\s", s)):
                    continue
            found.append(Timex(m.start(), m.end(), s, kind))
    found.sort(key=lambda t: (-(t.end - t.start), t.start))
    kept: list[Timex] = []
    for t in found:
        if all(t.end <= k.start or t.start >= k.end for k in kept):
            kept.append(t)
    return sorted(kept, key=lambda t: t.start)


def classify(text: str) -> str | None:
    """The kind of a time expression as written, or None when it is not one."""
    hits = [t for t in find_timexes(text) if t.end - t.start == len(text.strip())] or find_timexes(text)
    return hits[0].kind if hits else None


_AFTER = re.compile(r"\b(?:following|next)\s+(?:day|morning|afternoon|evening|night)|\bday\s+after|"
                    r"\blater\b|\bthen\b|\bafterwards?\b|\bsubsequently\b|\btomorrow\b", re.IGNORECASE)
_BEFORE = re.compile(r"\bprevious\s+(?:day|morning|afternoon|evening|night)|\bday\s+before|\bearlier\b|"
                     r"\byesterday\b", re.IGNORECASE)
_SAME = re.compile(r"\bsame\s+(?:day|morning|afternoon|evening|night)|\bthat\s+day\b", re.IGNORECASE)


def relation(when_text: str) -> str | None:
    """'after', 'before' or 'same' when the expression places its event relative to the previous one."""
    if not when_text:
        return None
    if _SAME.search(when_text):
        return "same"
    if _BEFORE.search(when_text):
        return "before"
    if _AFTER.search(when_text):
        return "after"
    return None


@dataclass(frozen=True)
class Resolved:
    """A resolved time: ``date`` only when trustworthy; ``weekday`` whenever named or implied."""

    date: date | None = None
    weekday: str = ""
    note: str = ""
    precision: str = ""  # 'day' when date is a day; 'month'/'year'/'week' for periods (date stays None)


def _weekday_named(text: str) -> str:
    m = re.search(_WD, text, re.IGNORECASE)
    return m.group(0).capitalize() if m else ""


def _shift_weekday(name: str, days: int) -> str:
    return WEEKDAYS[(WEEKDAYS.index(name) + days) % 7] if name else ""


def _nearest_year(month: int, day: int, anchor: date, not_after: bool) -> date | None:
    """The month/day in the year that puts it nearest ``anchor`` (or latest not after it)."""
    candidates = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(y, month, day))
        except ValueError:
            continue
    if not_after:
        candidates = [c for c in candidates if c <= anchor]
        return max(candidates) if candidates else None
    return min(candidates, key=lambda c: abs((c - anchor).days)) if candidates else None


_NO_YEAR_BASE = datetime(1904, 1, 1)


def _parse_explicit(text: str) -> tuple[date | None, bool]:
    """(date, has_year) of an explicit calendar date; (None, False) when it is not one."""
    clean = re.sub(r"^\s*on\s+", "", text, flags=re.IGNORECASE)
    clean = re.sub(rf"(?i)^{_WD},?\s+", "", clean)
    has_year = bool(re.search(r"\b\d{4}\b", clean))
    # A fixed base far from any real story makes a missing year visible instead of silently guessed.
    parsed = dateparser.parse(clean, languages=["en"],
                              settings={"REQUIRE_PARTS": ["day", "month"], "RELATIVE_BASE": _NO_YEAR_BASE,
                                        "PREFER_DAY_OF_MONTH": "first"})
    return (parsed.date() if parsed else None), has_year




def _month_of(text: str) -> int | None:
    m = re.search(_MON, text, re.IGNORECASE)
    if not m:
        return None
    key = m.group(0)[:3].lower()
    return [mo[:3].lower() for mo in MONTHS].index(key) + 1


def resolve(text: str, *, published: date | None = None, previous: Resolved | None = None,
            header_date: date | None = None, header_kind: str = "", planned: bool = False) -> Resolved:
    """Resolve one time expression as written.

    ``previous`` is the resolution of the previous timed event of the same article (for "the
    following day"); ``planned`` prefers future readings of bare weekdays ("will travel on Thursday").
    """
    kind = classify(text) if text else None
    if kind is None:
        return Resolved()
    named = _weekday_named(text)
    untrusted = ""
    if header_date is not None and header_kind:
        untrusted = f"header date {header_date.isoformat()} is a {header_kind} date, not a publication date"

    if kind == "date":
        parsed, has_year = _parse_explicit(text)
        if parsed is None:
            return Resolved(weekday=named, note=f"unparsed date '{text}'")
        note = ""
        if not has_year:
            if published is not None:
                parsed = _nearest_year(parsed.month, parsed.day, published, not_after=False)
                note = f"year from publication date {published.isoformat()}"
            elif previous is not None and previous.date is not None:
                parsed = _nearest_year(parsed.month, parsed.day, previous.date, not_after=False)
                note = "year from the previous dated event"
            elif header_date is not None:
                # A crawl or dateline is after the story, so the latest such day not after it.
                parsed = _nearest_year(parsed.month, parsed.day, header_date, not_after=True)
                note = f"year assumed from {header_kind or 'header'} date {header_date.isoformat()}"
            else:
                return Resolved(weekday=named, note="month and day without a knowable year")
        if parsed is None:
            return Resolved(weekday=named, note="no valid year for this day")
        actual = WEEKDAYS[parsed.weekday()]
        if named and named != actual:
            note = "; ".join(filter(None, [note, f"text says {named} but the date is a {actual}"]))
            return Resolved(parsed, named, note, "day")
        return Resolved(parsed, actual, note, "day")

    if kind == "relday":
        low = text.lower()
        if published is not None and re.search(r"\b(today|tonight|yesterday|tomorrow)\b", low):
            shift = -1 if "yesterday" in low else 1 if "tomorrow" in low else 0
            d = published + timedelta(days=shift)
            return Resolved(d, WEEKDAYS[d.weekday()], f"relative to publication date {published.isoformat()}", "day")
        rel = relation(text)
        shift = {"after": 1, "before": -1, "same": 0}.get(rel or "", 0)
        if re.search(r"\b(today|tonight|yesterday|tomorrow)\b", low):
            return Resolved(note="relative to an unknown publication date" + (f"; {untrusted}" if untrusted else ""))
        if previous is None or (previous.date is None and not previous.weekday):
            return Resolved(note="relative to the previous event, which has no date")
        if previous.date is not None:
            d = previous.date + timedelta(days=shift)
            return Resolved(d, WEEKDAYS[d.weekday()], "relative to the previous event's date", "day")
        return Resolved(None, _shift_weekday(previous.weekday, shift),
                        "weekday relative to the previous event; no date anchor")

    if kind == "weekday":
        target = WEEKDAYS.index(named)
        low = text.lower()
        if published is not None:
            if "next" in low.split() or (planned and "last" not in low.split()):
                d = published + relativedelta(weekday=rd_weekday(target)(+1))
            else:
                d = published + relativedelta(weekday=rd_weekday(target)(-1))
            return Resolved(d, named, "", "day")
        if previous is not None and previous.date is not None:
            base = previous.date
            fwd = base + relativedelta(weekday=rd_weekday(target)(+1))
            back = base + relativedelta(weekday=rd_weekday(target)(-1))
            d = fwd if (fwd - base) <= (base - back) else back
            return Resolved(d, named, "weekday placed nearest the previous event's date", "day")
        note = "weekday only: no publication date to anchor it"
        return Resolved(None, named, f"{note}; {untrusted}" if untrusted else note)

    if kind == "period":
        low = text.lower()
        unit = re.search(r"week|month|year", low).group(0)
        step = 1 if re.search(r"next|coming|subsequent|following", low) else -1 if re.search(r"last|previous|past", low) else 0
        if published is None:
            note = f"'{text.strip()}' not anchored: no publication date"
            return Resolved(note=f"{note}; {untrusted}" if untrusted else note, precision=unit)
        d = published + relativedelta(**{f"{unit}s": step})
        label = {"year": f"{d.year}", "month": f"{d.year}-{d.month:02d}",
                 "week": f"week of {(d - timedelta(days=d.weekday())).isoformat()}"}[unit]
        return Resolved(note=f"{unit} {label}, from publication date {published.isoformat()}", precision=unit)

    if kind == "month":
        month = _month_of(text)
        year_m = re.search(r"\b\d{4}\b", text)
        if year_m:
            return Resolved(note=f"month {year_m.group(0)}-{month:02d}", precision="month")
        base = published or (previous.date if previous is not None else None) or header_date
        if base is None:
            return Resolved(note="month without a knowable year", precision="month")
        year = base.year if month <= base.month or planned else base.year - 1
        source = "publication date" if published else "previous event" if base is not header_date else f"{header_kind or 'header'} date"
        return Resolved(note=f"month {year}-{month:02d}, year from {source}", precision="month")

    year = re.search(r"\d{4}", text).group(0)
    return Resolved(note=f"year {year}", precision="year")
