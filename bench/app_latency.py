"""Dashboard latency: time to first render of each page and to re-render after a filter change.

For each corpus (the seeds; ``--limit`` distinct BBC News articles from ../shared/corpora/bbc when
present, the same selection as build_throughput.py) it measures every page of
``components.registry.PAGES``, ``--repeats`` times:

* server side, with Streamlit's ``AppTest`` in this process (no browser, no network):
  - *first render*: a fresh session (a new ``AppTest``) rendering the page.  Overview is the
    default page: ``at.run()`` of app.py is timed.  For another page ``at.run()`` (untimed) then
    ``at.switch_page(page).run()`` is timed; that run goes through page_setup's one-time rerun
    through app.py (see pages/__init__.py), as in the tests.
  - *re-render*: in that session, the sidebar's Sources multiselect set to one source, ``run()``.
  Each is measured twice: *cold*, with Streamlit's caches (``st.cache_data``,
  ``st.cache_resource``) cleared just before the session (so the tables are read from Parquet and
  no page memo helps), and *warm*, with the process's caches
  already holding the tables, this page and this filter (a server that has shown it before).
* end to end in headless Chromium (when /usr/bin/chromium exists): ``streamlit run app.py`` on a
  loopback port; per page, from ``goto(url/page)`` until the run finished and every Plotly chart
  drew, then from picking a source in the Sources multiselect until that rerun finished.  The
  server's cache cannot be cleared from outside, so the first repetition (cold page caches, the
  tables already loaded by the server's very first view, which is timed separately) is reported
  apart from the median of the others (warm).

Baselines in the same run, to quote ratios against: ``AppTest`` of a trivial script (``st.write``
only), reading every table with ``load_tables`` and, in the browser, a trivial script served by its
own ``streamlit run``.  Building the corpora's tables is not timed: they are built once (with
``python -m preprocessing build``) in bench/results/app_latency-data/ and reused while the
articles and curated files are unchanged.

    python bench/app_latency.py [--corpus seeds|bbc|all] [--limit 1000] [--repeats 5] [--no-browser]

Writes a table to stdout and every figure to bench/results/app_latency.json.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
# Driving AppTest from a bare script logs harmless "missing ScriptRunContext" / "No runtime found"
# warnings on every session.
for _name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.caching.cache_data_api"):
    logging.getLogger(_name).disabled = True

from bbc_sample import bbc_files  # noqa: E402  (bench/ is sys.path[0] when run as a script)
from components.registry import PAGES  # noqa: E402
from preprocessing.build import load_tables, stale_reason  # noqa: E402

BBC = ROOT.parent / "shared" / "corpora" / "bbc"
RESULTS = ROOT / "bench" / "results"
CORPORA_CACHE = RESULTS / "app_latency-data"  # gitignored; built tables are reused across runs
TRIVIAL = "import streamlit as st\n\nst.sidebar.header('Filters')\nst.write('Hello')\n"


# ---- corpora ---------------------------------------------------------------------------------

def _sync(wanted: dict[str, Path], dest: Path) -> None:
    """Make ``dest`` hold exactly ``wanted`` (name -> file); untouched files keep their mtime."""
    dest.mkdir(parents=True, exist_ok=True)
    for f in dest.iterdir():
        if f.name not in wanted:
            f.unlink()
    for name, src in wanted.items():
        out = dest / name
        if not out.exists() or out.read_bytes() != src.read_bytes():
            shutil.copyfile(src, out)


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def bbc_articles(limit: int) -> tuple[dict[str, Path], str]:
    """The same selection as build_throughput.py: every n-th file across the five categories,
    byte-identical copies left out; plus a sources.csv naming each category an outlet
    ("BBC sport", ...) so that the Sources filter has a handful of options, as a real corpus would."""
    chosen = bbc_files(limit, BBC / "articles")
    meta = {}
    with open(BBC / "manifest.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            meta[Path(row["path"]).name] = row
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["article_id", "source", "title"])
    for f in chosen:
        row = meta.get(f.name, {})
        w.writerow([f.name, f"BBC {row.get('category') or 'news'}", row.get("title", "")])
    return {f.name: f for f in chosen}, buf.getvalue()


def prepare_corpus(name: str, limit: int) -> Path:
    """A data folder (articles/, sources.csv, processed/) outside the repo's data/, built when stale.

    The folder has no aliases.csv/gazetteer.csv of its own, so the CLI build and the app both use
    the repo's curated copies (pages.data_dir falls back to them)."""
    if name == "seeds":
        d = CORPORA_CACHE / "seeds"
        wanted = {f.name: f for f in (ROOT / "data" / "articles").iterdir() if f.is_file()}
        sources = ROOT / "data" / "sources.csv"
        sources_text = sources.read_text() if sources.exists() else None
    else:
        d = CORPORA_CACHE / f"bbc-{limit}"
        wanted, sources_text = bbc_articles(limit)
    _sync(wanted, d / "articles")
    if sources_text is not None:
        _write_if_changed(d / "sources.csv", sources_text)
    elif (d / "sources.csv").exists():
        (d / "sources.csv").unlink()
    reason = stale_reason(d / "articles", d / "processed", d)
    if reason:
        print(f"[{name}] building the tables ({reason})…", file=sys.stderr)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "preprocessing", "build", "--articles", str(d / "articles"),
                        "--out", str(d / "processed"), "--workers", "2", "--quiet"], cwd=ROOT, check=True)
        print(f"[{name}] built in {time.perf_counter() - t0:.0f}s (not part of the figures)", file=sys.stderr)
    return d


# ---- server side: AppTest --------------------------------------------------------------------

def pages_info() -> list[dict]:
    """Each page's file, title and URL path (the file stem; the default page is served at /)."""
    return [{"path": p.path, "title": p.title, "url_path": p.url_path} for p in PAGES]


def _check(at, what: str) -> None:
    if at.exception:
        raise RuntimeError(f"{what}: {at.exception[0].message}")


_COMPONENTS = None


def new_apptest(script: Path):
    """An AppTest sharing one scan of installed components.

    On its first run every AppTest scans all installed distributions for Streamlit component
    manifests (0.1–0.4 s here, more than a whole page); a server does that once at start.  Giving
    every AppTest the same, already scanned manager keeps that harness cost out of the figures."""
    global _COMPONENTS
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(script), default_timeout=600)
    if hasattr(at, "_bidi_component_manager"):
        if _COMPONENTS is None:
            at.run()  # untimed: performs the scan
            _COMPONENTS = at._bidi_component_manager
            at = AppTest.from_file(str(script), default_timeout=600)
        at._bidi_component_manager = _COMPONENTS
    return at


def apptest_first(page: dict, default: bool):
    """A fresh session rendering ``page``; returns (AppTest, seconds of the timed run)."""
    at = new_apptest(ROOT / "app.py")
    if default:
        t0 = time.perf_counter()
        at.run()
        dt = time.perf_counter() - t0
    else:
        at.run()
        _check(at, "app.py")
        at.switch_page(page["path"])
        t0 = time.perf_counter()
        at.run()
        dt = time.perf_counter() - t0
    _check(at, page["title"])
    if not any(t.value == page["title"] for t in at.title) and not default:
        raise RuntimeError(f"{page['title']}: the page did not render (titles: {[t.value for t in at.title]})")
    return at, dt


def apptest_rerender(at, page: dict, source: str) -> float:
    at.sidebar.multiselect(key="source").set_value([source])
    t0 = time.perf_counter()
    at.run()
    dt = time.perf_counter() - t0
    _check(at, f"{page['title']} filtered")
    if not any(str(i.value).startswith("Showing") for i in at.sidebar.info):
        raise RuntimeError(f"{page['title']}: the source filter did not apply")
    return dt


def trivial_apptest(script: Path) -> float:
    at = new_apptest(script)
    t0 = time.perf_counter()
    at.run()
    return time.perf_counter() - t0


def bench_server(data_dir: Path, source: str, repeats: int) -> dict:
    import streamlit as st

    pages = pages_info()
    trivial, load = [], []
    times = {p["title"]: {"first_cold": [], "rerender_cold": [], "first_warm": [], "rerender_warm": []}
             for p in pages}
    tmp = Path(tempfile.mkdtemp())
    (tmp / "trivial.py").write_text(TRIVIAL)
    trivial_apptest(tmp / "trivial.py")  # untimed: imports, the component scan
    for mode in ("cold", "warm"):
        for _ in range(repeats):
            trivial.append(trivial_apptest(tmp / "trivial.py"))
            t0 = time.perf_counter()
            load_tables(data_dir / "processed")
            load.append(time.perf_counter() - t0)
            for i, page in enumerate(pages):  # pages alternate within a repetition
                if mode == "cold":
                    st.cache_data.clear()
                    st.cache_resource.clear()
                at, first = apptest_first(page, default=i == 0)
                times[page["title"]][f"first_{mode}"].append(first)
                times[page["title"]][f"rerender_{mode}"].append(apptest_rerender(at, page, source))
    shutil.rmtree(tmp, ignore_errors=True)
    base = statistics.median(trivial)
    out = {"trivial_apptest": summary(trivial), "load_tables": summary(load), "pages": {}}
    for title, t in times.items():
        out["pages"][title] = {k: {**summary(v), "x_trivial": round(statistics.median(v) / base, 1)}
                               for k, v in t.items()}
    return out


def summary(values: list[float]) -> dict:
    return {"median_s": round(statistics.median(values), 3), "min_s": round(min(values), 3),
            "max_s": round(max(values), 3), "n": len(values)}


# ---- browser ---------------------------------------------------------------------------------

# Done = the sidebar filters are drawn, nothing is running or stale, and every Plotly chart drew
# (a geo chart: its base map's land paths too, which come from the offline topojson).
DONE_JS = """() => {
  if (!document.querySelector('[data-testid="stApp"]')) return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  const side = document.querySelector('[data-testid="stSidebar"]');
  if (!side || ![...side.querySelectorAll('h2')].some(h => h.textContent.trim() === 'Filters')) return false;
  for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (!c.querySelector('.js-plotly-plot .main-svg')) return false;
    for (const g of c.querySelectorAll('.geo')) if (g.querySelectorAll('.layer path').length < 3) return false;
  }
  return true;
}"""
FILTERED_JS = """() => [...document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stAlert"]')]
  .some(a => a.textContent.includes('Showing'))"""


class RunWatch:
    """Counts the script runs the server reports finished (ForwardMsg script_finished on the websocket).

    The DOM alone cannot tell "not started yet" from "finished": Streamlit shows its running
    indicator only after a delay, and a chart's element appears only once Plotly's code loaded.
    Runs that end early for a rerun (page_setup's bounce) are not counted."""

    def __init__(self, page):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._msg = ForwardMsg
        self.finished = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if isinstance(payload, str):
            return
        msg = self._msg.FromString(payload)
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished in (
                self._msg.FINISHED_SUCCESSFULLY, self._msg.FINISHED_WITH_COMPILE_ERROR):
            self.finished += 1

    def wait(self, page, after: int, timeout_s: float = 300.0) -> None:
        """Until a run after the ``after``-th finished and the page drew it (no fixed sleep)."""
        deadline = time.monotonic() + timeout_s
        while self.finished <= after:
            if time.monotonic() > deadline:
                raise TimeoutError("no script run finished")
            page.wait_for_timeout(5)  # lets Playwright dispatch the websocket events
        page.wait_for_function(DONE_JS, timeout=timeout_s * 1000, polling="raf")


def browser_first(page, watch: RunWatch, url: str) -> float:
    n = watch.finished
    t0 = time.perf_counter()
    page.goto(url)
    watch.wait(page, n)
    return time.perf_counter() - t0


def browser_rerender(page, watch: RunWatch, source: str) -> float:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Sources")
    box.click()
    option = page.get_by_role("option", name=source, exact=True)
    option.wait_for()
    n = watch.finished
    t0 = time.perf_counter()
    option.click()
    watch.wait(page, n)
    dt = time.perf_counter() - t0
    if not page.evaluate(FILTERED_JS):
        raise RuntimeError("the source filter did not apply in the browser")
    page.keyboard.press("Escape")
    return dt


@contextmanager
def trivial_server():
    """A trivial script served by its own `streamlit run` (no pages/ folder beside it)."""
    from browser import streamlit_server

    with tempfile.TemporaryDirectory() as d:
        script = Path(d) / "trivial.py"
        script.write_text(TRIVIAL)
        with streamlit_server(None, script=script) as url:
            yield url


def bench_browser_baseline(repeats: int) -> dict:
    from browser import chromium_page

    with trivial_server() as url, chromium_page() as page:
        watch = RunWatch(page)
        first = browser_first(page, watch, url)
        warm = [browser_first(page, watch, url) for _ in range(repeats)]
    return {"first_s": round(first, 3), **summary(warm)}


def bench_browser(data_dir: Path, source: str, repeats: int, base: float) -> dict:
    from browser import chromium_page, streamlit_server

    pages = pages_info()
    times = {p["title"]: {"first": [], "rerender": []} for p in pages}
    with streamlit_server(data_dir) as url, chromium_page() as page:
        # The server's very first view: legacy pages/ mode bounce, table load, JS download.
        watch = RunWatch(page)
        server_first = browser_first(page, watch, url)
        for _ in range(repeats):
            for p in pages:
                times[p["title"]]["first"].append(browser_first(page, watch, f"{url}/{p['url_path']}"))
                if page.locator('[data-testid="stException"]').count():
                    raise RuntimeError(f"{p['title']}: exception in the browser")
                times[p["title"]]["rerender"].append(browser_rerender(page, watch, source))
    out = {"server_first_view_s": round(server_first, 3), "pages": {}}
    for title, t in times.items():
        out["pages"][title] = {}
        for k, v in t.items():
            warm = v[1:] or v
            out["pages"][title][k] = {"first_repeat_s": round(v[0], 3), **summary(warm),
                                      "x_trivial": round(statistics.median(warm) / base, 1)}
    return out


# ---- report ----------------------------------------------------------------------------------

def corpus_facts(data_dir: Path) -> tuple[dict, str]:
    t = load_tables(data_dir / "processed")
    ok = t["articles"][t["articles"]["status"] == "ok"]
    counts = ok["source"].value_counts()
    source = sorted(counts.index, key=lambda s: (-counts[s], s))[0]  # the biggest source: most left to draw
    facts = {"articles": len(ok), "words": int(ok["n_words"].sum()), "sources": len(counts),
             "filter_source": source, "filter_source_articles": int(counts[source]),
             **{f"rows_{k}": len(v) for k, v in t.items()}}
    return facts, source


def ms(x: float) -> str:
    return f"{x * 1000:,.0f}"


def span(d: dict) -> str:
    """median (min–max) in ms"""
    return f"{ms(d['median_s'])} ({ms(d['min_s'])}–{ms(d['max_s'])})"


def print_report(results: dict) -> None:
    print(f"\nmachine: {results['machine']}; 1-min load average {results['load_average_start']:.1f} at the "
          f"start, {results['load_average_end']:.1f} at the end; repeats: {results['repeats']}; "
          "times in ms: median (min–max)")
    for name, r in results["corpora"].items():
        f = r["facts"]
        print(f"\n## {name}: {f['articles']} articles, {f['words']:,} words, {f['sources']} sources; "
              f"filter: source = {f['filter_source']!r} ({f['filter_source_articles']} articles)")
        s = r["server"]
        print(f"server side (AppTest). Baselines: trivial script {span(s['trivial_apptest'])}, "
              f"load_tables {span(s['load_tables'])}")
        print("cold = st.cache_data and st.cache_resource cleared before the session; warm = the process had cached it; "
              "×triv = warm median ÷ trivial script")
        print(f"{'page':<14}{'first cold':>22}{'first warm':>22}{'×triv':>7}{'re-render cold':>22}"
              f"{'re-render warm':>22}{'×triv':>7}")
        for title, p in s["pages"].items():
            print(f"{title:<14}{span(p['first_cold']):>22}{span(p['first_warm']):>22}"
                  f"{p['first_warm']['x_trivial']:>7}{span(p['rerender_cold']):>22}{span(p['rerender_warm']):>22}"
                  f"{p['rerender_warm']['x_trivial']:>7}")
        b = r.get("browser")
        if b is None:
            print(f"browser: {r.get('browser_note', 'skipped')}")
            continue
        print(f"browser (Chromium, streamlit run). Server's first view {ms(b['server_first_view_s'])}; "
              f"baseline: trivial script page load {span(results['browser_baseline'])}")
        print("first = first repetition (page caches cold); warm = the other repetitions; ×triv = warm median ÷ trivial")
        print(f"{'page':<14}{'first':>8}{'warm':>22}{'×triv':>7}{'re-render first':>17}{'re-render warm':>22}"
              f"{'×triv':>7}")
        for title, p in b["pages"].items():
            fr, rr = p["first"], p["rerender"]
            print(f"{title:<14}{ms(fr['first_repeat_s']):>8}{span(fr):>22}{fr['x_trivial']:>7}"
                  f"{ms(rr['first_repeat_s']):>17}{span(rr):>22}{rr['x_trivial']:>7}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=["seeds", "bbc", "all"], default="all")
    ap.add_argument("--limit", type=int, default=1000, help="BBC articles to use (default 1000)")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()

    names = ["seeds"] if args.corpus in ("seeds", "all") else []
    if args.corpus in ("bbc", "all"):
        if (BBC / "articles").is_dir():
            names.append("bbc")
        else:
            print(f"no BBC corpus at {BBC}: skipped", file=sys.stderr)
    from browser import CHROMIUM

    browser_note = None
    if args.no_browser:
        browser_note = "skipped (--no-browser)"
    elif not Path(CHROMIUM).exists():
        browser_note = f"skipped: {CHROMIUM} not installed"
    if browser_note is None:
        try:
            import playwright  # noqa: F401
        except ImportError:
            browser_note = "skipped: playwright is not installed"
    # the load average says how much else was running: the figures are only comparable when it is low
    results = {"machine": f"{os.cpu_count()} cores, Python {platform.python_version()}, "
                          f"{time.strftime('%Y-%m-%d')}", "load_average_start": os.getloadavg()[0],
               "repeats": args.repeats, "corpora": {}}
    if browser_note is None:
        results["browser_baseline"] = bench_browser_baseline(args.repeats)
    for name in names:
        data_dir = prepare_corpus(name, args.limit)
        label = name if name == "seeds" else f"bbc-{args.limit}"
        facts, source = corpus_facts(data_dir)
        os.environ["TRIANGULATE_DATA_DIR"] = str(data_dir)
        r = {"data_dir": str(data_dir), "facts": facts}
        print(f"[{label}] server side…", file=sys.stderr)
        r["server"] = bench_server(data_dir, source, args.repeats)
        if browser_note is None:
            print(f"[{label}] browser…", file=sys.stderr)
            r["browser"] = bench_browser(data_dir, source, args.repeats, results["browser_baseline"]["median_s"])
        else:
            r["browser_note"] = browser_note
        results["corpora"][label] = r
    results["load_average_end"] = os.getloadavg()[0]
    print_report(results)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "app_latency.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
