"""Who may see and edit which corpus, when the dashboard has sign-in (``st.login``) configured.

The rules live in ``access.toml`` in the corpora root (:data:`~preprocessing.settings.ACCESS_FILE`)::

    [default]                      # every corpus without a section of its own
    viewers = ["@example.org"]     # an address, "@domain" for everyone of that domain, "*" for anyone signed in
    editors = ["ana@example.org"]  # editors may also view

    [corpus.bbc]
    viewers = ["*"]
    editors = []

Without the file every signed-in user may view and edit every corpus.  A file that cannot be read
or parsed shuts everyone out (with the reason), rather than opening everything.  Without sign-in
configured the app is a local tool and these rules are not read at all.  Pure apart from
:func:`read_rules`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Grant:
    viewers: frozenset[str] = frozenset()
    editors: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rules:
    corpora: Mapping[str, Grant] = field(default_factory=dict)
    default: Grant = Grant()
    open: bool = False  # no access file: every signed-in user may view and edit everything
    problem: str = ""  # why the file could not be used (then nobody gets in)


OPEN = Rules(open=True)


def _names(value, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where} must be a list of addresses")
    return frozenset(v.strip().lower() for v in value if v.strip())


def _grant(table, where: str) -> Grant:
    if not isinstance(table, dict):
        raise ValueError(f"{where} must be a table")
    unknown = set(table) - {"viewers", "editors"}
    if unknown:
        raise ValueError(f"{where} has unknown keys {sorted(unknown)}")
    return Grant(_names(table.get("viewers", []), f"{where}.viewers"),
                 _names(table.get("editors", []), f"{where}.editors"))


def parse_rules(text: str) -> Rules:
    """The rules in an access.toml text; a broken file gives rules that let nobody in, with the reason."""
    try:
        doc = tomllib.loads(text)
        unknown = set(doc) - {"default", "corpus"}
        if unknown:
            raise ValueError(f"unknown tables {sorted(unknown)}")
        corpora = doc.get("corpus", {})
        if not isinstance(corpora, dict):
            raise ValueError("corpus must be a table of corpus names")
        return Rules({name: _grant(t, f"corpus.{name}") for name, t in corpora.items()},
                     _grant(doc.get("default", {}), "default"))
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        return Rules(problem=f"access file unusable ({exc}); nobody is let in until it is fixed")


def read_rules(path: Path) -> Rules:
    """The rules of ``path``; :data:`OPEN` when there is no such file."""
    path = Path(path)
    if not path.exists():
        return OPEN
    try:
        return parse_rules(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return Rules(problem=f"access file unreadable ({type(exc).__name__}); nobody is let in until it is fixed")


def _matches(email: str, names: Iterable[str]) -> bool:
    email = (email or "").strip().lower()
    if not email:
        return False
    domain = "@" + email.rsplit("@", 1)[-1] if "@" in email else None
    return any(n == "*" or n == email or (domain is not None and n == domain) for n in names)


def can_edit(rules: Rules, corpus: str, email: str | None) -> bool:
    if rules.problem or not email:
        return False
    if rules.open:
        return True
    return _matches(email, rules.corpora.get(corpus, rules.default).editors)


def can_view(rules: Rules, corpus: str, email: str | None) -> bool:
    if rules.problem or not email:
        return False
    if rules.open:
        return True
    grant = rules.corpora.get(corpus, rules.default)
    return _matches(email, grant.viewers) or _matches(email, grant.editors)
