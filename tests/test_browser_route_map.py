"""The route map in headless Chromium: the base map draws offline, the URL picks the traveller."""

from __future__ import annotations


import pytest

from browser import require_chromium, chromium_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser

require_chromium()


def open_map(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    # plotly.js fetches the topojson asynchronously and draws nothing, not even the stops, until it has
    # it: a long coastline path means the base map came from the vendored file.
    page.wait_for_function(
        """() => [...document.querySelectorAll('.js-plotly-plot .layer.coastlines path')]
                 .some(p => (p.getAttribute('d') || '').length > 1000)""", timeout=30_000)
    page.wait_for_timeout(500)


def test_route_map_in_browser(seed_server, seed_tables):
    with chromium_page(height=1700) as page:
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        open_map(page, f"{seed_server}/route_map")
        assert page.locator('[data-testid="stException"]').count() == 0
        plot = page.locator(".js-plotly-plot").first
        for layer in ("land", "countries", "coastlines"):
            assert plot.locator(f".layer.{layer} path").count() >= 1, layer
        # stops numbered on the map, one label per stop of the default traveller
        route = seed_tables["route"]
        names = route[route["traveller_id"] == "person:kim-jong-un"].sort_values("stop_order")["name"]
        labels = plot.locator(".trace.scattergeo text").all_text_contents()
        for k, name in enumerate(names, 1):
            assert any(t.strip() == f"{k} {name}" for t in labels), (name, labels)
        assert page.locator('[data-testid="stDataFrame"]').count() == 2  # the stops, each source's order
        screenshot(page, "route_map")
        assert not [u for u in requests if "cdn.plot.ly" in u or ("topojson" in u and seed_server not in u)]
        assert any("/app/static/topojson/world_50m.json" in u for u in requests)


def test_route_map_url_picks_traveller(seed_server):
    with chromium_page(height=1700) as page:
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        open_map(page, f"{seed_server}/route_map?traveller=Vladimir+Putin&by_source=true")
        assert page.locator('[data-testid="stException"]').count() == 0
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Traveller")
        shown = box.locator("input").first.input_value() if box.locator("input").count() else box.inner_text()
        assert "Vladimir Putin" in shown
        assert "traveller=Vladimir+Putin" in page.url
        legend = " ".join(page.locator(".js-plotly-plot .legend text").all_text_contents())
        assert "all sources combined" in legend
        screenshot(page, "route_map_putin")
        assert not [u for u in requests if "cdn.plot.ly" in u]
