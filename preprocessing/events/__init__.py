"""The events stage: who moved or met where and when.

* :mod:`.extract` — per article (cached with the parse): :func:`doc_events` from the dependency parse.
* :mod:`.timexp` — time expressions and their resolution against an anchor date.
* :mod:`.resolve` — corpus level: :func:`resolve_events` (actors, places, dates).
"""

from __future__ import annotations

from .extract import doc_events
from .resolve import resolve_events

__all__ = ["doc_events", "resolve_events"]
