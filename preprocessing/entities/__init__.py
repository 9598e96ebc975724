"""The entities stage: named-entity mentions and the canonical entities they name.

* :mod:`.extract` — per article (cached with the parse): :func:`doc_mentions`.
* :mod:`.resolve` — corpus level: :func:`canonicalise` (aliases, acronyms, short names, one label
  per name, stable ids).
"""

from __future__ import annotations

from .extract import doc_mentions, make_key, slug
from .resolve import canonicalise, load_aliases

__all__ = ["canonicalise", "doc_mentions", "load_aliases", "make_key", "slug"]
