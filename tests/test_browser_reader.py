"""The reader in headless Chromium: hostile article text stays text; a mention click filters by it."""

from __future__ import annotations


import pytest

from browser import require_chromium, chromium_page, screenshot, streamlit_server, wait_for_app
from test_reader import HOSTILE

pytestmark = pytest.mark.browser

require_chromium()


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, nlp):
    from preprocessing.build import build

    data = tmp_path_factory.mktemp("hostile")
    (data / "articles").mkdir()
    (data / "articles" / "hostile.txt").write_text(HOSTILE)
    build(data / "articles", data / "processed", data_dir=data, nlp_obj=nlp, cache=False)
    with streamlit_server(data) as url:
        yield url


def test_hostile_article_shows_markup_as_text(hostile_server):
    with chromium_page() as page:
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{hostile_server}/reader")
        wait_for_app(page)
        article = page.locator(".tg-article")
        article.wait_for(timeout=30_000)
        text = article.inner_text()
        assert "<script>window.__xss = 1</script>" in text
        assert '<img src=x onerror="window.__xss = 2">' in text
        assert article.locator("img, script, b").count() == 0
        assert page.evaluate("() => window.__xss === undefined")
        assert not dialogs
        assert page.locator('[data-testid="stException"]').count() == 0
        screenshot(page, "reader_hostile")


def test_reader_mention_click_filters_by_entity(seed_server, seed_tables):
    with chromium_page() as page:
        page.goto(f"{seed_server}/reader")
        wait_for_app(page)
        link = page.locator(".tg-article a.tg-ent", has_text="Putin").first
        link.wait_for(timeout=30_000)
        screenshot(page, "reader")
        link.click()
        wait_for_app(page)
        page.locator(".tg-article").wait_for(timeout=30_000)
        assert "entity=Vladimir+Putin" in page.url
        chips = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').nth(2)
        assert "Vladimir Putin" in chips.inner_text()
        # the matching sentences are underlined, one mark per sentence mentioning Putin
        shown = page.locator('[data-testid="stSelectbox"] input').first.input_value() or \
            page.locator('[data-testid="stSelectbox"]').first.inner_text()
        article_id = next((a for a in seed_tables["articles"]["article_id"] if a in shown), shown)
        m = seed_tables["mentions"]
        expected = m[(m["article_id"] == article_id) & (m["entity_id"] == "person:vladimir-putin")]["sent_id"].nunique()
        assert page.locator(".tg-article .tg-hit").count() == expected > 0, shown
        assert page.locator('[data-testid="stException"]').count() == 0
        screenshot(page, "reader_filtered")
