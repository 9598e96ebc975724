"""The co-mentions page in headless Chromium: the network draws, URL parameters reach the widgets,
and an evidence row's reader link opens the article.  Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urljoin, urlsplit

import pytest

from browser import require_chromium, chromium_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser

require_chromium()

CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def test_co_mentions_network(seed_server):
    with chromium_page() as page:
        page.goto(f"{seed_server}/co_mentions")
        wait_for_app(page)
        page.locator(CHART).first.wait_for(timeout=30_000)
        no_exception(page)
        # Plotly drew the nodes (one SVG point per entity) and the legend by type.
        assert page.locator(f"{CHART} .scatterlayer .point").count() > 20
        legend = page.locator(f"{CHART} .legend").first.text_content()
        assert "PERSON" in legend and "GPE" in legend
        labels = page.locator(f"{CHART} .textpoint").evaluate_all("els => els.map(e => e.textContent)")
        assert "Kim Jong Un" in labels and "Vladimir Putin" in labels
        screenshot(page, "co_mentions")


def test_co_mentions_focus_from_url(seed_server, seed_tables):
    source = sorted(seed_tables["articles"]["source"])[0]
    with chromium_page(height=2000) as page:  # tall enough for the chart and both tables
        page.goto(f"{seed_server}/co_mentions?focus=Kim+Jong+Un&source={quote(source)}")
        wait_for_app(page)
        page.locator(CHART).first.wait_for(timeout=30_000)
        no_exception(page)
        focus = page.locator('[data-testid="stSelectbox"]').filter(has_text="Entity")
        assert focus.locator("input").input_value() == "Kim Jong Un"
        sources = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
        assert source in sources.inner_text()
        assert page.locator('[data-testid="stDataFrame"]').count() == 2  # partners and evidence
        page.get_by_text("Strongest partners of Kim Jong Un").wait_for()
        partners = page.locator('[data-testid="stDataFrame"]').first
        assert "Vladimir Putin" in partners.locator("td").all_inner_texts()
        screenshot(page, "co_mentions_focus")


def test_co_mentions_matrix(seed_server):
    with chromium_page() as page:
        page.goto(f"{seed_server}/co_mentions?view=matrix")
        wait_for_app(page)
        page.locator(f"{CHART} .heatmaplayer").first.wait_for(timeout=30_000)
        no_exception(page)
        ticks = page.locator(f"{CHART} .ytick text").evaluate_all("els => els.map(e => e.textContent)")
        assert "Kim Jong Un" in ticks and "Vladimir Putin" in ticks
        screenshot(page, "co_mentions_matrix")


def _click_first_link(page, grid):
    """Click the first link cell of a glide data grid (drawn on a canvas): find it by the pointer cursor."""
    canvas = grid.locator("canvas").first
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = canvas.bounding_box()
    y = box["y"] + 35 + 17  # header row, then the middle of the first row
    for x in range(int(box["x"]) + 5, int(box["x"] + box["width"]), 20):
        page.mouse.move(x, y)
        if canvas.evaluate("e => getComputedStyle(e).cursor") == "pointer":
            with page.context.expect_page() as popup:
                page.mouse.click(x, y)
            return popup.value
    raise AssertionError("no link cell found in the first row")


def test_evidence_link_opens_the_reader(seed_server, seed_tables):
    """Clicking an evidence row's link opens the reader on that article with both entities chosen."""
    from components.co_mentions import co_mention_edges, co_mention_graph, evidence_table
    from components.filtering import entity_labels

    t = seed_tables
    with chromium_page() as page:
        page.goto(f"{seed_server}/co_mentions?focus=Kim+Jong+Un")
        wait_for_app(page)
        evidence = page.locator('[data-testid="stDataFrame"]').nth(1)
        first_partner = evidence.locator('[data-testid="glide-cell-0-0"]').inner_text()
        reader = _click_first_link(page, evidence)
        wait_for_app(reader)
        assert reader.url.startswith(f"{seed_server}/reader?")
        assert reader.locator('[data-testid="stException"]').count() == 0
        chosen = reader.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').nth(2).inner_text()
        assert "Kim Jong Un" in chosen and first_partner in chosen

    # A link to an article other than the reader's default one, resolved as the browser resolves it.
    labels = entity_labels(t["entities"])
    G = co_mention_graph(co_mention_edges(t["mentions"], t["sentences"]), t["entities"])
    ev = evidence_table(G, "person:kim-jong-un", t["mentions"], t["sentences"], t["articles"], labels=labels)
    ev = ev[ev["partner"] == "Vladimir Putin"]
    first_article = sorted(t["articles"]["article_id"])[0]
    row = ev[[parse_qs(urlsplit(r).query)["article"][0] != first_article for r in ev["reader"]]].iloc[0]
    article = parse_qs(urlsplit(row["reader"]).query)["article"][0]
    with chromium_page() as page:
        page.goto(urljoin(f"{seed_server}/co_mentions", row["reader"]))
        wait_for_app(page)
        no_exception(page)
        assert page.url.startswith(f"{seed_server}/reader?")
        assert page.locator('[data-testid="stSelectbox"]').first.locator("input").input_value() == article
        # The evidence sentence is in the article shown (its mentions are highlighted spans).
        page.get_by_text("Entities in this article").wait_for()
        shown = " ".join(page.locator('[data-testid="stMain"]').text_content().split())
        # The reader tags each highlighted mention with its type ('Kim Jong UnPERSON'): drop the tags.
        types = "|".join(sorted(set(t["entities"]["label"]), key=len, reverse=True))
        shown = re.sub(rf"(?<=\S)(?:{types})\b", "", shown)
        assert " ".join(row["sentence"].split()) in shown
