"""Geometry for the route map: great-circle midpoints and bearings (for the direction arrows) and a
Mercator map frame fitted around the stops.

Pure math on (lat, lon) pairs; distances come from geopy in the preprocessing, not from here.
"""

from __future__ import annotations

import math

ASPECT = 1.8  # width/height of the map area the route page gives the chart
FRAME_ASPECT = ASPECT * 0.9  # the page's chart frame: the map and, beneath it, the legend's line


def _to_xyz(lat: float, lon: float) -> tuple[float, float, float]:
    la, lo = math.radians(lat), math.radians(lon)
    return math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)


def midpoint(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """Great-circle midpoint of two (lat, lon) points: where Plotly's geodesic leg line passes."""
    xa, ya, za = _to_xyz(*a)
    xb, yb, zb = _to_xyz(*b)
    x, y, z = xa + xb, ya + yb, za + zb
    if x == y == z == 0:  # antipodes: any midpoint will do
        return a
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def bearing(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Initial compass bearing from a to b in degrees (0 = north, 90 = east)."""
    la1, la2 = math.radians(a[0]), math.radians(b[0])
    dlon = math.radians(b[1] - a[1])
    x = math.sin(dlon) * math.cos(la2)
    y = math.cos(la1) * math.sin(la2) - math.sin(la1) * math.cos(la2) * math.cos(dlon)
    return math.degrees(math.atan2(x, y)) % 360


def arrow(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float, float]:
    """Where an arrow goes on leg a->b and which way it points there (lat, lon, bearing)."""
    m = midpoint(a, b)
    return m[0], m[1], bearing(m, b)


def merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def merc_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def fit_ranges(lats: list[float], lons: list[float], pad: float = 0.2, min_span: float = 4.0,
               aspect: float = ASPECT) -> tuple[list[float], list[float]]:
    """Latitude and longitude ranges holding every point with ``pad`` of the span around them.

    The box is then widened to ``aspect`` (width/height on a Mercator map), so the map fills the
    chart instead of leaving a narrow strip of land between white margins.
    """
    lat_lo, lat_hi = max(min(lats), -80.0), min(max(lats), 80.0)
    lon_lo, lon_hi = min(lons), max(lons)
    lat_pad = max(lat_hi - lat_lo, min_span) * pad + max(min_span - (lat_hi - lat_lo), 0) / 2
    lon_pad = max(lon_hi - lon_lo, min_span) * pad + max(min_span - (lon_hi - lon_lo), 0) / 2
    lat_lo, lat_hi = max(lat_lo - lat_pad, -84.0), min(lat_hi + lat_pad, 84.0)
    lon_lo, lon_hi = lon_lo - lon_pad, lon_hi + lon_pad
    y_lo, y_hi = merc_y(lat_lo), merc_y(lat_hi)
    width = math.radians(lon_hi - lon_lo)
    if width < aspect * (y_hi - y_lo):  # too tall: widen the longitudes
        extra = math.degrees(aspect * (y_hi - y_lo) - width) / 2
        lon_lo, lon_hi = lon_lo - extra, lon_hi + extra
    else:  # too wide: add latitude above and below
        extra = (width / aspect - (y_hi - y_lo)) / 2
        lat_lo, lat_hi = max(merc_lat(y_lo - extra), -84.0), min(merc_lat(y_hi + extra), 84.0)
    return [lat_lo, lat_hi], [max(lon_lo, -180.0), min(lon_hi, 180.0)]
