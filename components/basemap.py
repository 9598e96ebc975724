"""Offline base map for Plotly geo figures (``go.Scattergeo`` / ``layout.geo``).

Owns two things:

* ``PLOTLY_CONFIG``: the config to pass to ``st.plotly_chart(fig, config=PLOTLY_CONFIG)``.  Its
  ``topojsonURL`` points plotly.js at the topojson vendored in ``static/topojson/`` (served by
  Streamlit's static serving at ``<base>/app/static/topojson/``) instead of its CDN.  Without it,
  offline, plotly.js fails to fetch the topojson and draws nothing at all: not the map, not the
  points.  The URL is relative on purpose: it resolves to ``<base>/app/static/topojson/`` from the
  root page, from a page such as ``/route_map`` and under ``server.baseUrlPath``, where an absolute
  ``/app/static/...`` would miss the base path.
* ``geo_layout(lats, lons)``: a ``layout.geo`` dict fitted to the points, with the world as the
  fallback when there are none.

Pure: no file reading, no Streamlit calls.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

# Relative to the page's URL; see the module docstring.  Streamlit's page URLs are one path segment
# (``/route_map``), so this always lands on ``<base>/app/static/topojson/``.
TOPOJSON_URL = "app/static/topojson/"

# Shared: pass as is, or copy to extend (``{**PLOTLY_CONFIG, "scrollZoom": True}``).
PLOTLY_CONFIG: dict = {"topojsonURL": TOPOJSON_URL, "displaylogo": False}

# Only these are vendored: any other ``scope`` (e.g. "europe") or resolution would be fetched as
# e.g. europe_50m.json and fail, so the layout always uses the world scope.
RESOLUTION = 50

_WORLD_LON = (-180.0, 180.0)
_WORLD_LAT = (-60.0, 85.0)  # Antarctica left out: nothing the corpus reports happens there
_MIN_LON_SPAN = 24.0  # degrees: a single place or a city cluster still shows its region
_MIN_LAT_SPAN = 14.0
_PAD_FRACTION = 0.12  # of the points' span, on each side
_MIN_PAD = 2.0  # degrees, on each side

_STYLE = {
    "projection": {"type": "natural earth"},
    "resolution": RESOLUTION,
    "showland": True,
    "landcolor": "#ECEAE4",
    "showocean": True,
    "oceancolor": "#DCE9F2",
    "showlakes": True,
    "lakecolor": "#DCE9F2",
    "showcountries": True,
    "countrycolor": "#9A9A9A",
    "countrywidth": 0.6,
    "showcoastlines": True,
    "coastlinecolor": "#7A7A7A",
    "coastlinewidth": 0.6,
    "showframe": False,
    "bgcolor": "rgba(0,0,0,0)",
}


def _finite_pairs(lats: Iterable, lons: Iterable) -> list[tuple[float, float]]:
    """(lat, lon) pairs with both coordinates present, finite and in range."""
    pairs = []
    for lat, lon in zip(lats, lons):
        try:
            lat, lon = float(lat), float(lon)
        except (TypeError, ValueError):
            continue
        if math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180:
            pairs.append((lat, lon))
    return pairs


def _padded(lo: float, hi: float, min_span: float, bounds: tuple[float, float]) -> tuple[float, float]:
    """Widen [lo, hi] by padding and to at least min_span, shifted (not cut) to stay within bounds."""
    pad = max((hi - lo) * _PAD_FRACTION, _MIN_PAD)
    lo, hi = lo - pad, hi + pad
    if hi - lo < min_span:
        mid = (lo + hi) / 2
        lo, hi = mid - min_span / 2, mid + min_span / 2
    if lo < bounds[0]:
        lo, hi = bounds[0], min(bounds[1], hi + bounds[0] - lo)
    if hi > bounds[1]:
        lo, hi = max(bounds[0], lo - (hi - bounds[1])), bounds[1]
    return round(lo, 4), round(hi, 4)


def geo_layout(lats: Iterable, lons: Iterable) -> dict:
    """A ``layout.geo`` dict framing the given points (missing/NaN coordinates are ignored).

    Frames the points' bounding box plus padding (at least a region's size for one point); with
    no usable point, the inhabited world.  ``fitbounds`` is switched off because plotly.js 4
    defaults it to "locations", which overrides the axis ranges and hugs the points unpadded.
    """
    pairs = _finite_pairs(lats, lons)
    if pairs:
        lats_ok, lons_ok = [p[0] for p in pairs], [p[1] for p in pairs]
        lat_range = _padded(min(lats_ok), max(lats_ok), _MIN_LAT_SPAN, (-90.0, 90.0))
        lon_range = _padded(min(lons_ok), max(lons_ok), _MIN_LON_SPAN, (-180.0, 180.0))
    else:
        lat_range, lon_range = _WORLD_LAT, _WORLD_LON
    centre_lon = round((lon_range[0] + lon_range[1]) / 2, 4)
    centre_lat = round((lat_range[0] + lat_range[1]) / 2, 4)
    geo = {key: (dict(value) if isinstance(value, dict) else value) for key, value in _STYLE.items()}
    geo["projection"]["rotation"] = {"lon": centre_lon}
    geo.update(
        fitbounds=False,
        lonaxis={"range": list(lon_range)},
        lataxis={"range": list(lat_range)},
        center={"lon": centre_lon, "lat": centre_lat},
    )
    return geo
