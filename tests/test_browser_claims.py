"""The claims page in headless Chromium: the matrix draws, a group from the URL shows its members with
the differing number highlighted, and hostile article text and source names stay text.
Screenshots go to tests/artifacts/ (claims.png, claims_group.png, claims_hostile.png)."""

from __future__ import annotations


import pytest

from browser import require_chromium, chromium_page, screenshot, streamlit_server, wait_for_app

pytestmark = pytest.mark.browser

require_chromium()

CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'

# Two sources telling one missile launch differently, with markup in the text and in the source names.
HOSTILE_A = ("North Korea fired two ballistic missiles <script>window.__xss = 1</script> towards the sea on "
             "Wednesday, South Korea's military said.\n\nKim Jong Un met Vladimir Putin at the Vostochny "
             "Cosmodrome <b>on Wednesday</b>.\n")
HOSTILE_B = ('North Korea launched at least two ballistic missiles <img src=x onerror="window.__xss = 2"> into the '
             "sea on Wednesday, according to Japan's <i>Kyodo</i> news.\n\nKim Jong Un met Vladimir Putin at the "
             "Vostochny Cosmodrome on Wednesday.\n")
HOSTILE_SOURCES = ("article_id,source\n"
                   'a,Wire <img src=x onerror="window.__xss = 3">\n'
                   "b,Daily <script>window.__xss = 4</script>\n")


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def missile_group(tables) -> str:
    claims, groups = tables["claims"], tables["claim_groups"]
    ids = set(claims.loc[claims["text"].str.contains("ballistic missiles"), "group_id"])
    found = groups[groups["group_id"].isin(ids) & groups["conflict"].map(lambda c: "numbers" in list(c))]
    return found["group_id"].iloc[0]


def test_claims_matrix(seed_server):
    with chromium_page(height=2600) as page:  # tall enough for the matrix and the compared group
        page.goto(f"{seed_server}/claims")
        wait_for_app(page)
        page.locator(f"{CHART} .heatmaplayer").first.wait_for(timeout=30_000)
        no_exception(page)
        matrix = page.locator(CHART).first
        rows = matrix.locator(".annotation-text").evaluate_all("els => els.map(e => e.textContent)")
        assert rows and "≠" in rows[0]  # conflicts first
        assert matrix.locator(".legend").text_content().count("states it") == 2  # 'states it' and '… differently'
        # the column labels do not overlap one another
        boxes = matrix.locator(".xtick text").evaluate_all(
            "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; })")
        assert len(boxes) >= 2
        for (l1, r1, t1, b1), (l2, r2, t2, b2) in zip(boxes, boxes[1:]):
            # slanted labels are parallel: apart along the axis once shifted by their slant
            assert l2 > l1 and (r1 <= l2 + 1 or b1 <= t2 + 1 or (r2 - r1) > 20)
        page.get_by_text("Compare the wordings").wait_for()
        assert page.locator(".tg-claim").count() >= 2
        screenshot(page, "claims")


def test_claims_group_from_url(seed_server, seed_tables):
    gid = missile_group(seed_tables)
    with chromium_page(height=2600) as page:
        page.goto(f"{seed_server}/claims?group={gid}")
        wait_for_app(page)
        page.locator(f"{CHART} .heatmaplayer").first.wait_for(timeout=30_000)
        no_exception(page)
        cards = page.locator(".tg-claim")
        cards.first.wait_for(timeout=30_000)
        assert cards.count() == 2
        number = page.locator(".tg-claim mark.tg-num").first
        number.scroll_into_view_if_needed()
        assert number.is_visible() and "ballistic missiles" in number.inner_text()
        # no function word or plain rewording is highlighted
        marked = page.locator(".tg-claim mark").evaluate_all("els => els.map(e => e.textContent.toLowerCase())")
        assert marked and not {"the", "a", "into", "towards", "of", "launched", "fired"} & set(marked)
        assert "numbers" in page.locator('[data-testid="stAlert"]').filter(has_text="Conflict").inner_text()
        assert f"group={gid}" in page.url
        # the outlined row in the matrix is this group
        rows = page.locator(CHART).first.locator(".annotation-text").evaluate_all("els => els.map(e => e.textContent)")
        assert any(r.startswith("▶") and "numbers" in r for r in rows)
        link = cards.nth(1).locator("a", has_text="Open in reader")
        assert link.get_attribute("href").startswith("reader?article=")
        screenshot(page, "claims_group")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, nlp):
    from preprocessing.build import build

    data = tmp_path_factory.mktemp("hostile_claims")
    (data / "articles").mkdir()
    (data / "articles" / "a.txt").write_text(HOSTILE_A)
    (data / "articles" / "b.txt").write_text(HOSTILE_B)
    (data / "sources.csv").write_text(HOSTILE_SOURCES)
    result = build(data / "articles", data / "processed", data_dir=data, nlp_obj=nlp, cache=False)
    with streamlit_server(data) as url:
        yield url, result.tables


def test_hostile_claims_stay_text(hostile):
    url, tables = hostile
    claims = tables["claims"]
    assert claims["text"].str.contains("<script>").any(), "the hostile markup must reach a claim for this test"
    gid = claims.loc[claims["text"].str.contains("<script>"), "group_id"].iloc[0]
    with chromium_page(height=2200) as page:
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{url}/claims?group={gid}")
        wait_for_app(page)
        page.locator(".tg-claim").first.wait_for(timeout=30_000)
        no_exception(page)
        shown = " ".join(page.locator(".tg-claim").all_inner_texts())
        assert "window.__xss = 1" in shown and "<" in shown
        assert page.locator(".tg-claim").locator("img, script, i").count() == 0
        # the only bold is the card's own source name
        assert page.locator(".tg-claim b").count() == page.locator(".tg-claim").count()
        ticks = page.locator(CHART).first.locator(".xtick text").evaluate_all("els => els.map(e => e.textContent)")
        assert any("<img" in t for t in ticks) and any("<script" in t for t in ticks)
        assert not [t for t in ticks if "&quot;" in t or "&lt;" in t]  # shown as written, no entity left
        assert page.locator(f"{CHART} img, {CHART} script").count() == 0
        # Plotly draws a heatmap as an SVG <image> of its own: a data: URI, never an address from the text
        hrefs = page.locator(f"{CHART} image").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert all(h.startswith("data:") for h in hrefs)
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(500)
        assert page.evaluate("() => window.__xss === undefined")
        assert not dialogs
        screenshot(page, "claims_hostile")


def test_picking_a_group_puts_its_id_in_the_url(seed_server, seed_tables):
    from components.claims import option_labels, ordered_groups, representatives

    groups = ordered_groups(seed_tables["claim_groups"])
    target = groups.iloc[1]  # not the default first one
    label = option_labels(groups, representatives(groups, seed_tables["claims"]))[target["group_id"]]
    with chromium_page(height=1600) as page:
        page.goto(f"{seed_server}/claims")
        wait_for_app(page)
        picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="Claim")
        picker.scroll_into_view_if_needed()  # below the events: a click that scrolls first does not open it
        picker.click()
        page.get_by_role("option", name=label).click()
        wait_for_app(page)
        page.wait_for_function(f"() => location.search.includes('group={target['group_id']}')", timeout=30_000)
        no_exception(page)
        members = seed_tables["claims"].query("group_id == @target.group_id")
        assert page.locator(".tg-claim").count() == len(members)
        # the link opens the same group in a fresh session (a new browser context)
        again = page.context.browser.new_page(viewport={"width": 1400, "height": 1600})
        again.goto(page.url)
        wait_for_app(again)
        again.locator(".tg-claim").first.wait_for(timeout=30_000)
        shown = " ".join(" ".join(again.locator(".tg-claim").all_inner_texts()).split())
        assert all(" ".join(t.split())[:40] in shown for t in members["text"])
