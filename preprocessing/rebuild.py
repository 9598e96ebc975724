"""Background rebuilds for the dashboard: one worker thread per corpus, one build at a time.

An upload or a metadata save calls :func:`start`; the page goes on serving the previous tables (the
build writes them to a temporary folder and swaps it in) while it shows :func:`status`.  A
:func:`start` while that corpus is being built marks it to be built once more when the current build
ends, so nothing added during a build is missed.  Builds of different corpora run one after the
other (a process-wide lock): spaCy pipelines are not meant to be shared between threads, and the
machine's cores are better spent on one parse at a time.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class State:
    running: bool = False
    done: int = 0
    total: int = 0
    error: str | None = None  # the last build's error, None after a good one
    generation: int = 0  # builds finished so far (good or failed)
    seconds: float = 0.0  # how long the last finished build took
    again: bool = False  # inputs changed during the running build: build once more


_states: dict[str, State] = {}
_threads: dict[str, threading.Thread] = {}
_lock = threading.Lock()  # guards _states and _threads
_build_lock = threading.Lock()  # one build at a time, all corpora


def _key(data_dir: Path) -> str:
    return str(Path(data_dir).resolve())


def _set(key: str, **changes) -> None:
    with _lock:
        _states[key] = replace(_states.get(key, State()), **changes)


def _default_builder(data_dir: Path, on_progress: Callable[[int, int], None]):
    from .build import build

    return build(data_dir / "articles", data_dir / "processed", data_dir=data_dir, on_progress=on_progress)


def _work(key: str, data_dir: Path, builder) -> None:
    while True:
        t0 = time.perf_counter()
        error = None
        with _build_lock:
            try:
                builder(data_dir, lambda done, total: _set(key, done=done, total=total))
            except Exception as exc:  # the page shows it; the previous tables stay (the build is atomic)
                error = f"{type(exc).__name__}: {str(exc)[:300]}"
        with _lock:
            s = _states[key]
            if s.again:
                _states[key] = replace(s, again=False, done=0, total=0, error=error)
                continue
            _states[key] = replace(s, running=False, error=error, generation=s.generation + 1,
                                   seconds=time.perf_counter() - t0)
            _threads.pop(key, None)
            return


def start(data_dir: Path, builder=None) -> State:
    """Rebuild the corpus in ``data_dir`` in the background (or once more after the running build)."""
    key = _key(data_dir)
    with _lock:
        s = _states.get(key, State())
        if s.running:
            _states[key] = replace(s, again=True)
            return _states[key]
        _states[key] = replace(s, running=True, done=0, total=0, again=False)
        t = threading.Thread(target=_work, args=(key, Path(data_dir), builder or _default_builder),
                             name=f"rebuild {Path(data_dir).name}", daemon=True)
        _threads[key] = t
        t.start()
        return _states[key]


def status(data_dir: Path) -> State:
    with _lock:
        return _states.get(_key(data_dir), State())


def wait(data_dir: Path, timeout: float = 300.0) -> State:
    """Block until the corpus' background build (and any build it was asked to repeat) is done."""
    deadline = time.monotonic() + timeout
    while status(data_dir).running and time.monotonic() < deadline:
        time.sleep(0.05)
    return status(data_dir)
