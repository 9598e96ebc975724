"""Server memory with many sessions: `streamlit run app.py` on loopback, N Chromium tabs open at once.

    python bench/sessions_rss.py [--sessions 20] [--page route_map] [--data DIR]

Each tab is its own Streamlit session (its own websocket and session state). The script reports the
server's resident memory (the streamlit process and its children, from /proc) before any session,
after the first, and with all N open, then the growth per session beyond the first. The tables are
shared read-only through st.cache_resource, so a session should add only its own widgets' state and
the filtered views it asked for.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_for_app  # noqa: E402


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants, in MB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                todo += [int(c) for c in children]
        except (OSError, StopIteration):
            continue
    return total / 1024


def server_pid(port: str) -> int:
    """The streamlit process listening on ``port`` (found by its command line)."""
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"streamlit" in b" ".join(cmd) and port.encode() in cmd:
                return int(proc.name)
    raise RuntimeError(f"no streamlit process on port {port}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--page", default="", help="URL path of the page each session opens ('' = Overview)")
    ap.add_argument("--data", type=Path, default=ROOT / "data", help="corpus folder (built beforehand)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with streamlit_server(args.data) as url, sync_playwright() as p:
        pid = server_pid(url.rsplit(":", 1)[1])
        idle = tree_rss_mb(pid)
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        pages, rss = [], []
        t0 = time.perf_counter()
        for _ in range(args.sessions):
            page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
            page.goto(f"{url}/{args.page}")
            wait_for_app(page, timeout_ms=120_000)
            pages.append(page)
            rss.append(tree_rss_mb(pid))
        seconds = time.perf_counter() - t0
        time.sleep(2)
        final = tree_rss_mb(pid)
        browser.close()
    per = (final - rss[0]) / max(1, args.sessions - 1)
    out = {"sessions": args.sessions, "page": args.page or "overview", "idle_mb": round(idle),
           "one_session_mb": round(rss[0]), "all_sessions_mb": round(final), "mb_per_extra_session": round(per, 1),
           "open_seconds": round(seconds, 1)}
    print(json.dumps(out))
    print(f"| sessions | page | server RSS idle | after 1 | after {args.sessions} | per extra session |")
    print("|---|---|---|---|---|---|")
    print(f"| {args.sessions} | {out['page']} | {out['idle_mb']} MB | {out['one_session_mb']} MB | "
          f"{out['all_sessions_mb']} MB | {out['mb_per_extra_session']} MB |")


if __name__ == "__main__":
    main()
