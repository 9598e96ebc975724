"""Every page in a real browser: headless Debian Chromium against `streamlit run` on loopback.

Screenshots are kept in tests/artifacts/ for a person to look at.
"""

from __future__ import annotations


import pytest

from browser import require_chromium, chromium_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser

require_chromium()


@pytest.fixture
def server(seed_server):
    return seed_server


def test_overview_in_browser(server, seed_tables):
    with chromium_page() as page:
        page.goto(server)
        wait_for_app(page)
        page.get_by_text("Sources", exact=True).first.wait_for(timeout=30_000)
        page.locator('[data-testid="stMetric"]').nth(4).wait_for(timeout=30_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stMetric"]').count() == 5
        page.locator('[data-testid="stDataFrame"]').first.wait_for()
        screenshot(page, "overview")


def _sidebar_multiselect(page, label: str):
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=label)


def test_shared_link_restores_filters_across_page_switches(server, seed_tables):
    source = seed_tables["articles"]["source"].iloc[2]
    with chromium_page() as page:
        page.goto(f"{server}/?source={source}&entity=Vladimir+Putin&bogus=1")
        wait_for_app(page)
        assert source in _sidebar_multiselect(page, "Sources").inner_text()
        assert "Vladimir Putin" in _sidebar_multiselect(page, "Entities").inner_text()
        assert page.locator('[data-testid="stAlert"]', has_text="bogus").count() == 1
        assert page.locator('[data-testid="stMetric"]').first.inner_text().endswith("1")
        screenshot(page, "overview_filtered")
        for title, path in (("Reader", "reader"), ("Overview", "")):
            page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
            wait_for_app(page)
            page.wait_for_url(f"**/{path}?*", timeout=15_000)
            assert f"source={source}" in page.url and "entity=Vladimir+Putin" in page.url
            assert "Vladimir Putin" in _sidebar_multiselect(page, "Entities").inner_text()
        assert page.locator('[data-testid="stException"]').count() == 0


def test_first_request_of_a_fresh_server_can_be_a_shared_sub_page_link(seed_data_dir):
    """Streamlit's legacy pages/ mode is active until st.navigation first runs in the process: a
    colleague's link to a sub-page, as the first request after a (re)start, must still get the real
    navigation and the filters."""
    from browser import streamlit_server

    with streamlit_server(seed_data_dir) as url, chromium_page() as page:
        page.goto(f"{url}/reader?entity=Kim+Jong+Un")
        wait_for_app(page)
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Route map" in nav and "Co-mentions" in nav and "app" not in nav.split()
        assert "Kim Jong Un" in _sidebar_multiselect(page, "Entities").inner_text()
        assert page.locator('[role="dialog"]').count() == 0
        assert page.locator(".tg-article").count() == 1


def test_no_page_asks_anything_of_the_internet(server):
    """Every request a page makes goes to the app itself: base map, favicon, fonts, scripts."""
    outside = []
    with chromium_page() as page:
        page.on("request", lambda r: outside.append(r.url)
                if not r.url.startswith((server, "data:", "blob:", "about:")) else None)
        for path in ["", "reader", "route_map?by_source=true&faint_places=true", "co_mentions?view=matrix",
                     "co_mentions?focus=Kim+Jong+Un", "claims"]:
            page.goto(f"{server}/{path}")
            wait_for_app(page)
            page.wait_for_timeout(1000)
    assert outside == []
