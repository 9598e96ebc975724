"""Hosting in headless Chromium: upload a file and a zip, search and open a hit, corpus= links, phone width."""

from __future__ import annotations

import io
import zipfile

import pytest
from corpus_copies import two_corpora

from browser import chromium_page, require_chromium, screenshot, streamlit_server, wait_for_app
from components.registry import PAGES

pytestmark = pytest.mark.browser

require_chromium()

NEW = ("Sergei Shoigu flew to Pyongyang on Tuesday for talks with Kim Jong Un, state media said. "
       "The defence minister toured a munitions factory and met senior officers of the Korean People's Army.\n")


@pytest.fixture(scope="module")
def hosted(tmp_path_factory, seed_data_dir):
    base = tmp_path_factory.mktemp("hosted")
    seeds, root = two_corpora(base, seed_data_dir)
    with streamlit_server(seeds, env={"TRIANGULATE_CORPORA_DIR": str(root)}) as url:
        yield url, seeds


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def _no_exception(page):
    assert page.locator('[data-testid="stException"]').count() == 0


def test_corpus_links(hosted):
    url, _ = hosted
    with chromium_page() as page:
        page.goto(f"{url}/?corpus=second")
        wait_for_app(page)
        page.locator('[data-testid="stMetric"]').first.wait_for(timeout=30_000)
        assert _metric(page, "Articles") == "2"
        screenshot(page, "hosting_corpus_second")
        page.goto(f"{url}/?corpus=..%2F..%2Fetc")
        wait_for_app(page)
        assert "Ignored 'corpus=../../etc'" in page.locator('[data-testid="stAlert"]').first.inner_text()
        assert _metric(page, "Articles") == "5"
        # the sidebar picker switches corpus and puts it in the address
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name="second").click()
        wait_for_app(page)
        page.wait_for_function("() => location.search.includes('corpus=second')", timeout=30_000)
        assert _metric(page, "Articles") == "2"
        _no_exception(page)


def test_search_and_open_the_hit(hosted):
    url, _ = hosted
    with chromium_page() as page:
        page.goto(f"{url}/search?q=cosmodrome")
        wait_for_app(page)
        page.locator(".tg-search mark").first.wait_for(timeout=30_000)
        assert page.locator(".tg-search mark").first.inner_text().lower() == "cosmodrome"
        screenshot(page, "hosting_search")
        page.locator("a.tg-search-link").first.click()
        wait_for_app(page)
        page.locator(".tg-article .tg-focus").wait_for(timeout=30_000)
        assert "sentence=" in page.url and "cosmodrome" in page.locator(".tg-focus").inner_text().lower()
        _no_exception(page)
        screenshot(page, "hosting_search_hit_in_reader")


def test_upload_a_file_and_a_zip_then_see_them(hosted):
    url, seeds = hosted
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("inner/lavrov.md", NEW.replace("Sergei Shoigu", "Sergei Lavrov"))
        z.writestr("../../evil.txt", NEW + " again")
    with chromium_page() as page:
        page.goto(f"{url}/corpus")
        wait_for_app(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([
            {"name": "shoigu.txt", "mimeType": "text/plain", "buffer": NEW.encode()},
            {"name": "pack.zip", "mimeType": "application/zip", "buffer": buf.getvalue()}])
        page.get_by_role("button", name="Add to the corpus").first.wait_for()
        page.wait_for_function("""() => [...document.querySelectorAll('button')].some(
            b => b.innerText.includes('Add to the corpus') && !b.disabled)""", timeout=30_000)
        page.get_by_role("button", name="Add to the corpus").first.click()
        page.get_by_text("Added 2 article(s)").wait_for(timeout=30_000)
        assert "a path that leads out" in page.locator('[data-testid="stAlert"]').all_inner_texts()[-1] or \
            any("a path that leads out" in t for t in page.locator('[data-testid="stAlert"]').all_inner_texts())
        screenshot(page, "hosting_upload")
        # the background rebuild ends; the polling fragment reruns the page on the new tables
        page.goto(url)
        wait_for_app(page)
        page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stMetric"]')].some(
            m => m.innerText.startsWith('Articles') && m.innerText.includes('7'))""", timeout=120_000)
        assert not (seeds.parent / "evil.txt").exists()
        _no_exception(page)


@pytest.mark.parametrize("p", PAGES, ids=lambda p: p.title)
def test_every_page_at_phone_width(hosted, p):
    url, _ = hosted
    with chromium_page(390, 844) as page:
        page.goto(f"{url}/{p.url_path}" + ("?q=Putin" if p.url_path == "search" else ""))
        wait_for_app(page)
        page.wait_for_timeout(1500)  # charts draw after the run
        _no_exception(page)
        over = page.evaluate("() => document.scrollingElement.scrollWidth")
        # Streamlit scrolls inside its main container: grow the viewport to the content to see it all.
        tall = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
            '[data-testid="stMain"], [data-testid="stAppViewContainer"]')].map(e => e.scrollHeight))""")
        page.set_viewport_size({"width": 390, "height": min(int(tall) + 40, 6000)})
        page.wait_for_timeout(1000)
        screenshot(page, f"phone_{p.url_path or 'overview'}")
        assert over <= 392, f"{p.title} scrolls sideways at 390 px ({over} px wide)"
