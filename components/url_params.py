"""Checking a view's URL parameters before the widgets bound to them read them.

Streamlit's ``bind="query-params"`` widgets silently drop values they cannot use; an analyst who
opens a colleague's link deserves to know that part of it was not applied.  :func:`check_params`
compares the raw query parameters with what each bound widget accepts and returns readable notes,
plus the parameters no page knows, so the caller can remove them from the URL.

Pure: raw parameters in, notes out.  Parameter values are untrusted text, so notes are plain text
and the caller must render them without markup (see :func:`md_escape`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

_TRUE_FALSE = {"true", "false"}


@dataclass(frozen=True)
class Param:
    """One URL parameter a widget is bound to.

    kind: ``multi`` (repeatable, each value one of ``choices``), ``one`` (a single choice),
    ``int`` (whole number in ``[lo, hi]``), ``bool`` (``true``/``false``), ``dates`` (one or two
    ISO dates within ``[lo, hi]``) or ``text`` (free text of at most ``hi`` characters).
    """

    name: str
    kind: str
    choices: Collection[str] = ()
    lo: object = None
    hi: object = None
    what: str = ""  # 'source', 'entity', … for the note


def _short(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _check_value(p: Param, value: str) -> str | None:
    """Why ``value`` is unusable for ``p``, or None when it is fine."""
    if p.kind in ("multi", "one"):
        return None if value in p.choices else f"no {p.what or p.name} of that name"
    if p.kind == "text":
        return None if p.hi is None or len(value) <= p.hi else f"longer than {p.hi} characters"
    if p.kind == "bool":
        return None if value.lower() in _TRUE_FALSE else "expected true or false"
    if p.kind == "int":
        if not re.fullmatch(r"-?\d{1,9}", value.strip()):
            return "expected a whole number"
        n = int(value)
        if (p.lo is not None and n < p.lo) or (p.hi is not None and n > p.hi):
            return f"expected a number from {p.lo} to {p.hi}"
        return None
    if p.kind == "dates":
        try:
            d = dt.date.fromisoformat(value.strip())
        except ValueError:
            return "expected a date as YYYY-MM-DD"
        if (p.lo is not None and d < p.lo) or (p.hi is not None and d > p.hi):
            return f"outside the corpus's dates ({p.lo} to {p.hi})"
        return None
    raise ValueError(f"unknown parameter kind {p.kind!r}")


def check_params(raw: Mapping[str, list[str]], params: Iterable[Param],
                 known_elsewhere: Collection[str] = ()) -> tuple[list[str], list[str]]:
    """Notes about unusable parameter values, and the names of parameters no page binds.

    ``known_elsewhere`` are parameters other pages bind: they are left alone here (switching
    pages must not make them look wrong), while names nobody binds are reported and returned
    for removal.
    """
    by_name = {p.name: p for p in params}
    notes: list[str] = []
    unknown: list[str] = []
    for name, values in raw.items():
        p = by_name.get(name)
        if p is None:
            if name not in known_elsewhere:
                unknown.append(name)
                notes.append(f"Ignored the unknown URL parameter '{_short(name)}'.")
            continue
        values = [v for v in values if v != ""]  # an empty value clears the widget: that is valid
        if p.kind != "multi" and p.kind != "dates" and len(values) > 1:
            notes.append(f"URL parameter '{name}' was given {len(values)} times; only one value is used.")
        if p.kind == "dates" and len(values) > 2:
            notes.append(f"URL parameter '{name}' takes a start and an end date, not {len(values)} dates.")
            continue
        for v in values:
            why = _check_value(p, v)
            if why:
                notes.append(f"Ignored '{name}={_short(v)}' in the URL: {why}.")
    return notes, unknown


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown so untrusted text shows literally in st.markdown / st.warning."""
    return _MD_SPECIAL.sub(r"\\\1", text)
