"""Triangulate preprocessing: news articles → entity, place, event and route tables.

Library API (raw text in, plain dicts out; the default spaCy pipeline is loaded once, lazily):

* :func:`extract_entities` — canonicalised entity mentions of one text.
* :func:`geoparse` — place mentions of one text resolved to coordinates, disambiguated by the text's
  own other places.
* :func:`build` — the whole corpus build, as run by ``python -m preprocessing build``.
"""

from __future__ import annotations

from .api import extract_entities, geoparse
from .build import build, load_tables

__all__ = ["extract_entities", "geoparse", "build", "load_tables"]
