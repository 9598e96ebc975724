"""The offline base map: the vendored topojson Plotly will ask for, and the map frame."""

from __future__ import annotations

import json
import math
from pathlib import Path

import plotly.graph_objects as go
import pytest

from components.basemap import PLOTLY_CONFIG, RESOLUTION, geo_layout

ROOT = Path(__file__).resolve().parent.parent


def test_the_file_plotly_will_request_is_served_from_static():
    # Streamlit serves ROOT/static at <base>/app/static/ (enableStaticServing in .streamlit/config.toml)
    assert "enableStaticServing = true" in (ROOT / ".streamlit" / "config.toml").read_text()
    url = PLOTLY_CONFIG["topojsonURL"]
    assert url.startswith("app/static/") and not url.startswith("/")  # relative: works under a base path
    path = ROOT / "static" / url.removeprefix("app/static/") / f"world_{RESOLUTION}m.json"
    topo = json.loads(path.read_text())
    assert topo["type"] == "Topology"
    assert {"coastlines", "land", "countries", "ocean", "lakes"} <= set(topo["objects"])


def test_frame_holds_every_point_with_padding():
    lats, lons = [42.4, 51.8, 50.6, 43.1], [130.6, 128.3, 137.0, 131.9]
    geo = geo_layout(lats, lons)
    (lat0, lat1), (lon0, lon1) = geo["lataxis"]["range"], geo["lonaxis"]["range"]
    assert lat0 < min(lats) and lat1 > max(lats) and lon0 < min(lons) and lon1 > max(lons)
    assert geo["fitbounds"] is False and geo["resolution"] == RESOLUTION
    go.Figure(layout={"geo": geo})  # plotly accepts it


def test_one_point_gets_a_region_and_bad_coordinates_are_ignored():
    geo = geo_layout([59.9, None, math.nan, 95.0], [10.7, 3.0, 4.0, 10.0])
    (lat0, lat1), (lon0, lon1) = geo["lataxis"]["range"], geo["lonaxis"]["range"]
    assert lat0 < 59.9 < lat1 and lon0 < 10.7 < lon1
    assert lat1 - lat0 >= 14 and lon1 - lon0 >= 24


def test_no_point_shows_the_world():
    geo = geo_layout([], [])
    assert geo["lonaxis"]["range"] == pytest.approx([-180.0, 180.0])
