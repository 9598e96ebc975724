"""The Docker image, built and run, where this machine has a Docker daemon (skipped otherwise).

Docker Hub may be out of reach (a closed network): then the image is built on a local base of the
same kind, a Debian bookworm root file system with Python 3.11 made by debootstrap and imported as
``triangulate-base:bookworm-py311`` (see the README's Docker section).  The test builds the image,
runs it on a loopback port, waits for its health check and opens the dashboard in Chromium.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from browser import ROOT, chromium_page, free_port, require_chromium, screenshot, wait_for_app, wait_healthy

pytestmark = pytest.mark.browser

require_chromium()

LOCAL_BASE = "triangulate-base:bookworm-py311"


def _docker(*args, timeout=60, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout, check=check)


def _base() -> str:
    if shutil.which("docker") is None:
        pytest.skip("no docker client")
    try:
        _docker("info")
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        pytest.skip("no Docker daemon reachable")
    for base in ("python:3.11-slim", LOCAL_BASE):
        if _docker("image", "inspect", base, check=False).returncode == 0:
            return base
    if _docker("pull", "python:3.11-slim", timeout=120, check=False).returncode == 0:
        return "python:3.11-slim"
    pytest.skip(f"neither python:3.11-slim (Docker Hub unreachable) nor {LOCAL_BASE} is available")


@pytest.fixture(scope="module")
def container():
    base = _base()
    build = _docker("build", "--network", "host", "--build-arg", f"BASE={base}", "-t", "triangulate:test", str(ROOT),
                    timeout=1800, check=False)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    port = free_port()
    run = _docker("run", "-d", "--rm", "-p", f"127.0.0.1:{port}:8501", "triangulate:test")
    cid = run.stdout.strip()
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_healthy(url, 120)
        except RuntimeError as exc:
            raise AssertionError(f"{exc}\n{_docker('logs', cid, check=False).stdout[-3000:]}") from None
        yield url, cid
    finally:
        _docker("stop", cid, check=False, timeout=60)


def test_the_image_serves_the_dashboard_ready_built(container):
    url, cid = container
    with chromium_page() as page:
        page.goto(url)
        wait_for_app(page)
        page.locator('[data-testid="stMetric"]').first.wait_for(timeout=60_000)
        assert "5" in page.locator('[data-testid="stMetric"]').first.inner_text()
        assert page.locator('[data-testid="stStatusWidget"]').count() == 0
        assert page.locator('[data-testid="stException"]').count() == 0
        screenshot(page, "docker_overview")
    # the tables were built into the image: the container did not build them at first open
    logs = _docker("logs", cid, check=False)
    assert "Traceback" not in logs.stdout + logs.stderr
    health = _docker("inspect", "--format", "{{.Config.User}} {{json .Config.Healthcheck.Test}}", cid).stdout
    assert health.startswith("triangulate ") and "_stcore/health" in health
