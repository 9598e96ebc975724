"""Helpers for browser tests: a `streamlit run` server on a free loopback port and headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
# Without the background-networking flags Chromium keeps dialing out of a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, timeout: float, failed=lambda: None) -> None:
    """Poll Streamlit's health endpoint until it answers 200; RuntimeError (with ``failed()``'s text,
    e.g. the server's log) after ``timeout`` seconds or as soon as ``failed()`` returns text."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        why = failed()
        if why is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not start on {url}: {why or 'no answer'}")
        time.sleep(0.5)


@contextmanager
def streamlit_server(data_dir: Path | None, timeout: float = 90.0, script: Path = ROOT / "app.py",
                     env: dict[str, str] | None = None, port: int | None = None, args: tuple[str, ...] = ()):
    """`streamlit run <script>` (the dashboard by default) over ``data_dir`` on a free loopback port
    (or ``port``), with ``env`` added to the environment and ``args`` to the command line."""
    port = port or free_port()
    env = {**os.environ, **(env or {}), **({"TRIANGULATE_DATA_DIR": str(data_dir)} if data_dir else {})}
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *args]
    proc = subprocess.Popen(cmd, cwd=Path(script).parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        def failed() -> str | None:
            if proc.poll() is None:
                return None
            return proc.stdout.read().decode(errors="replace")[-2000:]

        wait_healthy(url, timeout, failed)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def chromium_page(width: int = 1400, height: int = 1000):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()


def wait_for_app(page, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit has finished running the script (no 'running' indicator)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    # The sidebar filters are drawn by app.py on every page: once they show, the real navigation
    # (not Streamlit's legacy pages/ listing of a server's very first run) is in place.
    page.get_by_role("heading", name="Filters").wait_for(timeout=timeout_ms)
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')""", timeout=timeout_ms)
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stSkeleton"]')""", timeout=timeout_ms)
    page.wait_for_timeout(500)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def require_chromium() -> None:
    """Skip the calling test module without Debian's Chromium; on CI its absence is an error."""
    import pytest

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"{CHROMIUM} is missing: CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)
