"""Routes: the ordered point stops of each person, merged across articles.

Owns how events become a route.  A stop is a city or facility (``places.kind``) that an event puts a
person at; repeated reports of one place merge into one stop.  The order comes from weighted votes
in a precedence graph (networkx), strongest evidence first:

* resolved dates (``W_DATE``; the weights are in :mod:`preprocessing.settings`);
* weekdays, read on the one rotation of the week that makes the trip shortest (``W_WEEKDAY``),
  because a story told by weekday alone rarely spans more than a few days;
* within one article, "the following day" / "then" / "later" after the traveller's previous stop,
  "earlier" / "the day before" before it (``W_RELATION``);
* within one article, a completed move before a planned one (``W_PLAN``), else narrative order
  (``W_NARRATIVE``).

Dates and weekdays share one time scale: a weekday-only stop is set on the one day of that weekday
the dated stops' span fixes (± ``WEEK_MARGIN``), so it votes against dated stops too; with no dated stop
the weekdays are read on the shortest rotation of the week.

Votes in opposite directions cancel; remaining cycles are broken by dropping their lightest edge; a
topological sort then gives the order, by time where known.  A stop with no date or weekday is placed
by the votes: between its latest timed predecessor and its earliest timed successor, never moved to
the end for lacking a date.  Each stop's date is the one most sources give (completed reports first),
and ``date_source`` names those sources.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import networkx as nx
import pandas as pd
from geopy.distance import geodesic

from .. import schema
from ..events import timexp
from ..lang.en.time import WEEKDAYS
from ..settings import W_DATE, W_NARRATIVE, W_PLAN, W_RELATION, W_WEEKDAY, WEEK_MARGIN

STOP_KINDS = {"city", "facility"}
# Actions that are no stop of a trip: firing *at* or *towards* somewhere does not put the actor there,
# and relocating ("moved to Madrid": a transfer, a new home or job) is a change of base, not a visit.
NOT_STOPS = {"fire", "launch", "relocate"}


def weekday_ranks(weekdays: set[str]) -> dict[str, int]:
    """Rank weekdays so the observed ones span the fewest days (start after the largest gap)."""
    idx = sorted(WEEKDAYS.index(w) for w in weekdays if w in WEEKDAYS)
    if not idx:
        return {}
    gaps = [((idx[(k + 1) % len(idx)] - idx[k]) % 7 or 7, idx[(k + 1) % len(idx)]) for k in range(len(idx))]
    start = max(gaps)[1]
    return {WEEKDAYS[i]: (i - start) % 7 for i in idx}


def _position(event_id: str) -> tuple[int, int]:
    _, sent, n = event_id.rsplit(":", 2)
    return int(sent), int(n)


def _best_date(reports: pd.DataFrame, source_of: dict[str, str]):
    """(date, sources): the date most sources give the stop (each source counted once per date; a tie
    goes to the earliest), from completed reports when any is dated, else from plans; the sources that
    give it, '; '-joined."""
    for part in (reports[~reports["planned"]], reports):
        votes: dict = {}
        for d, a in zip(part["date"], part["article_id"]):
            if d is not None and not pd.isna(d):
                votes.setdefault(d, set()).add(source_of.get(a, a))
        if votes:
            best = min(votes, key=lambda d: (-len(votes[d]), d))
            return best, "; ".join(sorted(votes[best]))
    return None, ""


def _stop_summary(reports: pd.DataFrame, source_of: dict[str, str]) -> dict:
    # What happened outranks what was announced; a plan's date or weekday is used only when no
    # completed report has one.
    done = reports[~reports["planned"]]
    best_date, date_source = _best_date(reports, source_of)
    weekdays = Counter(w for w in done["weekday"] if w) or Counter(w for w in reports["weekday"] if w)
    weekday_sources = sorted({source_of.get(a, a) for a, w in zip(
        (done if (done["weekday"] != "").any() else reports)["article_id"],
        (done if (done["weekday"] != "").any() else reports)["weekday"]) if w})
    # One evidence sentence per article: its best report (completed, dated, earliest).  Articles with
    # a completed report come first, so a reader sees what happened before what was announced, and a
    # stop whose date or weekday only a plan gives shows that plan after the completed evidence.
    dated = reports["date"].notna() | (reports["weekday"] != "")
    ranked = reports.assign(_dated=~dated).sort_values(["planned", "_dated", "article_id", "sent_id"])
    best = ranked.groupby("article_id", sort=False).head(1)
    article_ids = list(best["article_id"])
    weekday = weekdays.most_common(1)[0][0] if weekdays else ""
    if best_date is not None:
        weekday = WEEKDAYS[best_date.weekday()]
    return {
        "date": best_date,
        "weekday": weekday,
        "date_source": date_source or "; ".join(weekday_sources),
        "planned": bool(reports["planned"].all()),
        "article_ids": article_ids,
        "evidence": list(best["sentence"]),
        "n_sources": len({source_of.get(a, a) for a in article_ids}),
        "first": min((r.article_id, *_position(r.event_id)) for r in reports.itertuples()),
    }


def _time_scale(summaries: dict[str, dict]) -> tuple[dict[str, float], bool]:
    """Each stop's place on one time scale, where the corpus gives one: a date's ordinal; a weekday
    set on the one day of that weekday the dated stops' span fixes (± WEEK_MARGIN days, when that is
    under a week); with no dated stop at all, the weekday's rank on the shortest rotation of the week.
    The flag says whether the scale is calendar days (else weekday ranks)."""
    dated = [s["date"] for s in summaries.values() if s["date"] is not None]
    scale: dict[str, float] = {}
    if dated:
        lo, hi = min(dated).toordinal() - WEEK_MARGIN, max(dated).toordinal() + WEEK_MARGIN
        week = {} if hi - lo >= 7 else {WEEKDAYS[date.fromordinal(o).weekday()]: o for o in range(lo, hi + 1)}
        for pid, s in summaries.items():
            if s["date"] is not None:
                scale[pid] = float(s["date"].toordinal())
            elif s["weekday"] in week:
                scale[pid] = float(week[s["weekday"]])
        return scale, True
    ranks = weekday_ranks({s["weekday"] for s in summaries.values() if s["weekday"]})
    return {pid: float(ranks[s["weekday"]]) for pid, s in summaries.items() if s["weekday"] in ranks}, False


def _estimates(graph: nx.DiGraph, scale: dict[str, float]) -> dict[str, float]:
    """A time for every stop that the votes tie to a timed one: an untimed stop sits between its
    latest timed ancestor and its earliest timed descendant (just after the one, or just before the
    other, when it has only one), so it is placed by the precedence votes, not moved to the end."""
    est = dict(scale)
    for node in graph.nodes:
        if node in est:
            continue
        lo = max((scale[a] for a in nx.ancestors(graph, node) if a in scale), default=None)
        hi = min((scale[d] for d in nx.descendants(graph, node) if d in scale), default=None)
        if lo is not None and hi is not None:
            est[node] = (lo + hi) / 2 if hi >= lo else lo + 0.5
        elif lo is not None:
            est[node] = lo + 0.5
        elif hi is not None:
            est[node] = hi - 0.5
    return est


def order_stops(reports: pd.DataFrame, summaries: dict[str, dict]) -> list[str]:
    """Place ids of one traveller's stops in travel order (see the module docstring)."""
    votes: Counter = Counter()
    stops = list(summaries)
    scale, calendar = _time_scale(summaries)
    for i, a in enumerate(stops):
        for b in stops[i + 1:]:
            if a in scale and b in scale and scale[a] != scale[b]:
                both_dated = summaries[a]["date"] is not None and summaries[b]["date"] is not None
                first, second = (a, b) if scale[a] < scale[b] else (b, a)
                votes[(first, second)] += W_DATE if both_dated else W_WEEKDAY
    for _, g in reports.groupby("article_id"):
        seq = sorted(g.itertuples(), key=lambda r: _position(r.event_id))
        prev = None
        for r in seq:
            if prev is not None and prev.place_id != r.place_id:
                rel = timexp.relation(r.when_text)
                if rel == "after":
                    votes[(prev.place_id, r.place_id)] += W_RELATION
                elif rel == "before":
                    votes[(r.place_id, prev.place_id)] += W_RELATION
                elif rel is None:
                    if not prev.planned and r.planned:
                        votes[(prev.place_id, r.place_id)] += W_PLAN
                    elif prev.planned and not r.planned:
                        votes[(r.place_id, prev.place_id)] += W_PLAN
                    else:
                        votes[(prev.place_id, r.place_id)] += W_NARRATIVE
            prev = r
    graph = nx.DiGraph()
    graph.add_nodes_from(stops)
    for (a, b), w in votes.items():
        net = w - votes.get((b, a), 0)
        if net > 0:
            graph.add_edge(a, b, weight=net)
    while True:
        try:
            cycle = nx.find_cycle(graph)
        except nx.NetworkXNoCycle:
            break
        u, v = min(cycle, key=lambda e: graph.edges[e[0], e[1]]["weight"])[:2]
        graph.remove_edge(u, v)
    est = _estimates(graph, scale)

    def key(stop: str) -> tuple:
        # A stop nothing ties to a time (no date, no weekday, no vote linking it to one) keeps its
        # first report's place among the others only through the votes; it comes after timed ones.
        return (est.get(stop, float("inf")), summaries[stop]["first"])

    return list(nx.lexicographical_topological_sort(graph, key=key))


def build_routes(events: pd.DataFrame, places: pd.DataFrame, entities: pd.DataFrame,
                 articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``route`` table: one row per stop of every person with at least one stop.

    ``articles`` (the articles table) maps each article to its outlet so ``n_sources`` counts outlets,
    not articles; without it every article counts as its own source.
    """
    if events.empty or places.empty:
        return schema.empty("route")
    source_of: dict[str, str] = {}
    if articles is not None and not articles.empty:
        source_of = {a: (s or a) for a, s in zip(articles["article_id"], articles["source"].fillna(""))}
    points = places[places["kind"].isin(STOP_KINDS) & places["lat"].notna() & places["lon"].notna()]
    points = points.set_index("entity_id")
    persons = entities[entities["label"] == "PERSON"].sort_values(["n_mentions", "entity_id"],
                                                                   ascending=[False, True])
    located = events[events["place_id"].isin(points.index) & ~events["action"].isin(NOT_STOPS)]
    persons = persons[persons["entity_id"].isin(set(located["actor_id"]))]  # only people who move
    rows = []
    for traveller in persons["entity_id"]:
        reports = located[located["actor_id"] == traveller]
        if reports.empty:
            continue
        summaries = {pid: _stop_summary(g, source_of) for pid, g in reports.groupby("place_id")}
        prev = None
        for k, pid in enumerate(order_stops(reports, summaries), start=1):
            s, p = summaries[pid], points.loc[pid]
            here = (float(p["lat"]), float(p["lon"]))
            rows.append({
                "traveller_id": traveller, "stop_order": k, "place_id": pid, "name": p["name"],
                "lat": here[0], "lon": here[1], "date": s["date"], "weekday": s["weekday"],
                "date_source": s["date_source"],
                "planned": s["planned"], "n_sources": s["n_sources"], "article_ids": s["article_ids"],
                "evidence": s["evidence"], "leg_km": geodesic(prev, here).km if prev is not None else None,
            })
            prev = here
    if not rows:
        return schema.empty("route")
    out = pd.DataFrame(rows)
    # Plain date objects (or None): Arrow writes them as date32 without a NaT round trip.
    out["date"] = [d if d is not None and not pd.isna(d) else None for d in out["date"]]
    return out[[c.name for c in schema.TABLES["route"]]]


def build_source_routes(events: pd.DataFrame, places: pd.DataFrame, entities: pd.DataFrame,
                        articles: pd.DataFrame) -> pd.DataFrame:
    """The ``source_routes`` table: every source's own route, built from its articles alone.

    Set beside ``route`` it shows where a source orders or dates the stops differently from the
    others, which the combined order hides.
    """
    cols = [c.name for c in schema.TABLES["source_routes"]]
    if events.empty or articles is None or articles.empty:
        return schema.empty("source_routes")
    frames = []
    for source, arts in articles.groupby("source", sort=True):
        mine = events[events["article_id"].isin(set(arts["article_id"]))]
        if mine.empty:
            continue
        own = build_routes(mine, places, entities, arts)
        if not own.empty:
            frames.append(own.assign(source=source))
    if not frames:
        return schema.empty("source_routes")
    return pd.concat(frames, ignore_index=True)[cols]
