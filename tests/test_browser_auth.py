"""Sign-in end to end: st.login against a real OIDC provider on loopback (oidc-provider-mock), and
access.toml deciding who sees which corpus.  Headless Chromium clicks through the provider's form."""

from __future__ import annotations

import secrets

import pytest
from corpus_copies import two_corpora

from browser import chromium_page, free_port, require_chromium, screenshot, streamlit_server, wait_for_app

pytestmark = pytest.mark.browser

require_chromium()
oidc = pytest.importorskip("oidc_provider_mock")
pytest.importorskip("authlib")


@pytest.fixture(scope="module")
def signed_app(tmp_path_factory, seed_data_dir):
    base = tmp_path_factory.mktemp("auth")
    seeds, root = two_corpora(base, seed_data_dir)
    (root / "access.toml").write_text('[default]\nviewers = ["ana@example.org"]\n\n'
                                      '[corpus.second]\nviewers = ["@other.net"]\neditors = []\n')
    users = [oidc.User(sub="ana", claims={"email": "ana@example.org", "name": "Ana"}),
             oidc.User(sub="bob", claims={"email": "bob@other.net", "name": "Bob"})]
    with oidc.run_server_in_thread(user_claims=users) as provider:
        port = free_port()
        secrets_file = base / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(16)}"\n'
            'client_id = "triangulate"\nclient_secret = "test-secret"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"\n')
        with streamlit_server(seeds, env={"TRIANGULATE_CORPORA_DIR": str(root)}, port=port,
                              args=("--secrets.files", str(secrets_file))) as url:
            yield url


def _sign_in(page, url: str, who: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Sign in").click(timeout=60_000)
    page.get_by_role("button", name=who, exact=True).click(timeout=30_000)  # the provider's predefined user
    page.wait_for_url(f"{url}/**", timeout=30_000)
    wait_for_app(page)


def _alerts(page) -> str:
    return " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())


def test_signed_out_visitors_see_nothing_but_the_sign_in(signed_app):
    with chromium_page() as page:
        page.goto(f"{signed_app}/reader?corpus=second")
        page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
        assert page.locator('[data-testid="stMetric"]').count() == 0
        assert page.locator(".tg-article").count() == 0
        screenshot(page, "auth_signed_out")


def test_a_viewer_gets_only_her_corpus(signed_app):
    with chromium_page() as page:
        _sign_in(page, signed_app, "ana")
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "Signed in as ana@example.org" in sidebar.replace("\\", "")
        page.locator('[data-testid="stMetric"]').first.wait_for(timeout=30_000)
        assert "5" in page.locator('[data-testid="stMetric"]').first.inner_text()
        screenshot(page, "auth_ana")
        page.goto(f"{signed_app}/?corpus=second")  # not listed for it: refused, her corpus shown
        wait_for_app(page)
        assert "Ignored 'corpus=second'" in _alerts(page)
        assert "5" in page.locator('[data-testid="stMetric"]').first.inner_text()
        page.goto(f"{signed_app}/corpus")  # a viewer, not an editor
        wait_for_app(page)
        assert "not change it" in _alerts(page)
        assert page.locator('[data-testid="stFileUploader"]').count() == 0


def test_another_user_gets_the_other_corpus(signed_app):
    with chromium_page() as page:
        _sign_in(page, signed_app, "bob")
        page.locator('[data-testid="stMetric"]').first.wait_for(timeout=30_000)
        assert "2" in page.locator('[data-testid="stMetric"]').first.inner_text()
        page.goto(f"{signed_app}/?corpus=seeds")
        wait_for_app(page)
        assert "Ignored 'corpus=seeds'" in _alerts(page)
        screenshot(page, "auth_bob_refused_seeds")
