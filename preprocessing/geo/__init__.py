"""The places stage: place entities resolved to coordinates and a kind.

* :mod:`.index` — the compact NumPy place index (GeoNames), cached on disk.
* :mod:`.gazetteer` — name folding, candidates, and the curated ``gazetteer.csv`` merged in.
* :mod:`.resolve` — corpus level: :func:`resolve_places`, disambiguation by the corpus's own places.
"""

from __future__ import annotations

from .resolve import resolve_places

__all__ = ["resolve_places"]
