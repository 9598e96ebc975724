"""The claims page's events in headless Chromium: the events × sources table, one event from the URL
with each source's claims side by side (the first reporter marked), and a reader link that opens the
reader at that claim's sentence.  Screenshot: tests/artifacts/claims_events.png."""

from __future__ import annotations

import pytest

from browser import require_chromium, chromium_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser

require_chromium()


def test_an_event_side_by_side_and_its_evidence_in_the_reader(seed_server, seed_tables):
    events = seed_tables["event_groups"]
    top = events.iloc[0]
    with chromium_page(height=2600) as page:
        page.goto(f"{seed_server}/claims?event={top['event_id']}")
        wait_for_app(page)
        page.get_by_text("Events", exact=True).first.wait_for(timeout=30_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        cards = page.locator(".tg-event")
        cards.first.wait_for(timeout=30_000)
        assert cards.count() == top["n_sources"]
        cards.first.scroll_into_view_if_needed()
        screenshot(page, "claims_events")
        assert f"event={top['event_id']}" in page.url
        link = cards.first.locator("a").first
        href = link.get_attribute("href")
        assert href.startswith("reader?") and "claim=" in href
        link.click()
        page.locator(".tg-hit").first.wait_for(timeout=30_000)
        assert page.locator(".tg-hit").count() == 1
        assert "Evidence from the Claims page" in page.locator('[data-testid="stAlert"]').first.inner_text()
        screenshot(page, "claims_events_reader")
