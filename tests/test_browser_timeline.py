"""The timeline in headless Chromium: marks drawn per lane, hover evidence, the URL keeps the view,
and an event's link opens the reader on its sentence."""

from __future__ import annotations

import pytest

from browser import require_chromium, chromium_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser

require_chromium()


def open_timeline(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_function(
        """() => document.querySelectorAll('.js-plotly-plot .scatterlayer .point').length > 0""", timeout=30_000)
    page.wait_for_timeout(500)


def drawable(seed_tables):
    ev = seed_tables["events"]
    return ev[ev["date"].notna() | (ev["weekday"] != "")]


def test_timeline_in_browser(seed_server, seed_tables):
    with chromium_page(height=1300) as page:
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        open_timeline(page, f"{seed_server}/timeline")
        assert page.locator('[data-testid="stException"]').count() == 0
        plot = page.locator(".js-plotly-plot").first
        assert plot.locator(".scatterlayer .point").count() == len(drawable(seed_tables))
        ticks = " ".join(plot.locator(".xtick text").all_text_contents())
        assert "Wednesday" in ticks and "Tuesday" in ticks
        lanes = " ".join(plot.locator(".ytick text").all_text_contents())
        assert "003_500b28330caf8db6" in lanes
        # hover a mark: its evidence sentence shows
        box = plot.locator(".scatterlayer .point").first.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
        hover = page.locator(".hoverlayer .hovertext").first.text_content()
        assert "weekday only" in hover and ("done" in hover or "planned" in hover)
        assert page.locator('[data-testid="stDataFrame"]').count() == 1
        screenshot(page, "timeline")
        assert not [u for u in requests if "cdn.plot.ly" in u]


def test_timeline_url_lanes_and_sentence_link(seed_server, seed_tables):
    with chromium_page(height=1300) as page:
        open_timeline(page, f"{seed_server}/timeline?lanes=person&planned=false")
        assert "lanes=person" in page.url and "planned=false" in page.url
        lanes = " ".join(page.locator(".js-plotly-plot .ytick text").all_text_contents())
        assert "Kim Jong Un" in lanes
        legend = " ".join(page.locator(".js-plotly-plot .legend text").all_text_contents())
        assert "planned" not in legend
        screenshot(page, "timeline_people")
        # the link the table gives for an event opens the reader with that sentence marked
        ev = drawable(seed_tables).iloc[0]
        page.goto(f"{seed_server}/reader?article={ev['article_id']}&sentence={int(ev['sent_id'])}")
        wait_for_app(page)
        focus = page.locator(".tg-article .tg-focus")
        focus.wait_for(timeout=30_000)
        shown = focus.evaluate("""n => { const c = n.cloneNode(true); c.querySelectorAll('sup').forEach(s => s.remove());
                                         return c.textContent; }""")
        assert shown.strip() == ev["sentence"].strip()
        assert page.locator('[data-testid="stException"]').count() == 0
        screenshot(page, "reader_linked_sentence")
