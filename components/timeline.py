"""The timeline: who did what when, one lane per source or per person, on a time axis.

Pure: the (filtered) ``events`` table, an article -> source map and entity labels in; a DataFrame
of points and a Plotly figure out.

What the marks mean, as an analyst reads them:

* an event with a resolved date sits on that day of a date axis;
* an event known only by its weekday ("on Wednesday", no anchor) sits on that weekday: on the date
  axis when the dated events fix the week (the one day of that weekday within the dated span,
  widened by three days each side), else, when nothing in view is dated, on a weekday axis read on the
  rotation of the week that makes the story shortest (the route's rule).  Its hover says so, and it is
  drawn as an outline, so a guessed position is never mistaken for a date;
* a filled circle is an event reported as done; an open diamond one only announced (planned).

Hover text is rendered by Plotly as limited HTML and sentences are untrusted: every string from an
article is ``html.escape``-d first (:func:`components.route_map.hover_escape`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from components.links import page_link
from components.registry import READER
from components.route_map import SOURCE_COLOURS, hover_escape
from preprocessing.lang.en.time import WEEKDAYS
from preprocessing.route.resolve import weekday_ranks
from preprocessing.settings import WEEK_MARGIN  # the route's rule: the same weekday lands on the same day

LANES = ("source", "person")  # the page's lane choices (URL parameter ``lanes``)
STACK = 0.18  # vertical step, in lanes, between events of one lane on one day
POINT_COLUMNS = ["event_id", "article_id", "sent_id", "source", "actor", "lane", "action", "place", "when_text",
                 "date", "weekday", "x", "placed", "planned", "date_note", "sentence", "reader"]


def _is_date(v) -> bool:
    return v is not None and not (isinstance(v, float) and pd.isna(v)) and not pd.isna(v)


def _as_date(v) -> dt.date | None:
    if not _is_date(v):
        return None
    return v.date() if isinstance(v, pd.Timestamp) else v


def _week_dates(dated: list[dt.date]) -> dict[str, dt.date]:
    """Weekday -> the one day of that weekday in the dated span (± WEEK_MARGIN), when the span is
    short enough (under a week with its margins) to make that day unique."""
    if not dated:
        return {}
    lo, hi = min(dated) - dt.timedelta(days=WEEK_MARGIN), max(dated) + dt.timedelta(days=WEEK_MARGIN)
    if (hi - lo).days >= 7:
        return {}
    out = {}
    d = lo
    while d <= hi:
        out[WEEKDAYS[d.weekday()]] = d
        d += dt.timedelta(days=1)
    return out


def timeline_points(events: pd.DataFrame, source_of: Mapping[str, str], labels: Mapping[str, str], *,
                    lanes: str = "source", show_planned: bool = True,
                    params: Mapping[str, list[str]] | None = None) -> tuple[pd.DataFrame, str]:
    """(points, axis): the dated and weekday-only events as rows to draw, and the axis kind
    (``'date'`` or ``'weekday'``).

    ``placed`` is ``'date'`` for a resolved date, ``'week'`` for a weekday set on the dated week,
    ``'weekday'`` on the weekday axis.  ``reader`` is the link to the event's sentence in the reader,
    carrying the global filters of ``params``.
    """
    params = params or {}
    ev = events[[_is_date(d) or bool(w) for d, w in zip(events["date"], events["weekday"])]]
    if not show_planned:
        ev = ev[~ev["planned"].astype(bool)]
    if ev.empty:
        return pd.DataFrame(columns=POINT_COLUMNS), "date"
    dates = [_as_date(d) for d in ev["date"]]
    known = [d for d in dates if d is not None]
    week = _week_dates(known)
    axis = "date" if known else "weekday"
    ranks = weekday_ranks({w for w in ev["weekday"] if w}) if axis == "weekday" else {}
    rows = []
    for r, d in zip(ev.itertuples(), dates):
        if d is not None:
            x, placed = d, "date"
        elif axis == "weekday":
            x, placed = ranks.get(r.weekday), "weekday"
        elif r.weekday in week:
            x, placed = week[r.weekday], "week"
        else:
            continue  # a weekday the dated span does not fix: no honest place on a date axis
        source = source_of.get(r.article_id, r.article_id)
        actor = labels.get(r.actor_id, r.actor_id) if r.actor_id else "(unresolved actor)"
        rows.append({
            "event_id": r.event_id, "article_id": r.article_id, "sent_id": int(r.sent_id), "source": source,
            "actor": actor, "lane": source if lanes == "source" else actor, "action": r.action,
            "place": labels.get(r.place_id, r.place_id) if r.place_id else "", "when_text": r.when_text,
            "date": d, "weekday": r.weekday, "x": x, "placed": placed, "planned": bool(r.planned),
            "date_note": r.date_note, "sentence": r.sentence,
            "reader": page_link(READER, {"article": r.article_id, "sentence": str(int(r.sent_id))},
                                keep_filters=params),
        })
    return pd.DataFrame(rows, columns=POINT_COLUMNS), axis


def _hover(p) -> str:
    what = f"{p.actor} · {p.action}" + (f" · {p.place}" if p.place else "")
    when = str(p.date) if p.placed == "date" else f"{p.weekday} (weekday only" + (
        ", placed on the dated week)" if p.placed == "week" else ")")
    lines = [f"<b>{hover_escape(what)}</b>", hover_escape(when + (" · planned" if p.planned else " · done")),
             hover_escape(f"{p.source}: “{p.when_text}”" if p.when_text else p.source)]
    if p.date_note:
        lines.append(f"<i>{hover_escape(p.date_note)}</i>")
    lines.append(hover_escape(p.sentence))
    return "<br>".join(lines)


def timeline_figure(points: pd.DataFrame, axis: str, *, lanes: str = "source") -> go.Figure:
    """One row (lane) per source or person; colour by lane; filled circle done, open diamond planned;
    an outlined marker for a weekday-only event."""
    fig = go.Figure()
    lane_names = sorted(points["lane"].unique()) if len(points) else []
    row_of = {lane: len(lane_names) - 1 - k for k, lane in enumerate(lane_names)}  # first lane on top
    # Events of one lane on one day are stacked a little apart, so none hides another.
    seen: dict[tuple, int] = {}
    y = []
    for lane, x in zip(points["lane"], points["x"]):
        k = seen.get((lane, x), 0)
        seen[(lane, x)] = k + 1
        y.append(row_of[lane] + STACK * ((k + 1) // 2) * (1 if k % 2 else -1))
    points = points.assign(_y=y)
    for k, lane in enumerate(lane_names):
        colour = SOURCE_COLOURS[k % len(SOURCE_COLOURS)]
        mine = points[points["lane"] == lane]
        for planned in (False, True):
            part = mine[mine["planned"] == planned]
            if part.empty:
                continue
            exact = part["placed"] == "date"
            symbols = [("diamond-open" if planned else "circle") if e else ("diamond-open-dot" if planned else
                                                                            "circle-open-dot") for e in exact]
            fig.add_trace(go.Scatter(
                x=list(part["x"]), y=list(part["_y"]), mode="markers",
                name=f"{lane} · {'planned' if planned else 'done'}", legendgroup=lane,
                marker=dict(size=14 if not planned else 15, color=colour, symbol=symbols,
                            line=dict(width=2, color=colour)),
                hovertext=[_hover(p) for p in part.itertuples()], hoverinfo="text",
                customdata=list(part["event_id"]),
            ))
    height = 160 + 60 * max(len(lane_names), 1)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=30, b=10), hovermode="closest",
                      # above the plot, not beside it: at phone width (390 px) a legend on the right
                      # left the lanes a few dozen pixels
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left", font=dict(size=11)),
                      yaxis=dict(title=None, automargin=True, tickmode="array", tickvals=list(row_of.values()),
                                 ticktext=list(row_of.keys()), range=[-0.6, len(lane_names) - 0.4],
                                 zeroline=False),
                      hoverlabel=dict(align="left"))
    if axis == "weekday" and len(points):
        ranks = sorted({(int(x), w) for x, w in zip(points["x"], points["weekday"])})
        fig.update_xaxes(title="weekday (nothing in view is dated)",
                         tickmode="array", tickvals=[r for r, _ in ranks], ticktext=[w for _, w in ranks],
                         range=[min(r for r, _ in ranks) - 0.5, max(r for r, _ in ranks) + 0.5])
    else:
        fig.update_xaxes(title="date", type="date", tickformat="%a %d %b %Y", dtick=86_400_000)
    return fig


def timeline_table(points: pd.DataFrame) -> pd.DataFrame:
    """The events drawn, in time order, for the table beneath the chart (with the reader link)."""
    if points.empty:
        return pd.DataFrame(columns=["when", "source", "actor", "action", "place", "status", "as written",
                                     "date note", "sentence", "reader"])
    order = points.assign(_k=[(str(x) if p != "weekday" else f"{int(x):02d}") for x, p in
                              zip(points["x"], points["placed"])]).sort_values(["_k", "lane", "event_id"])
    return pd.DataFrame({
        "when": [str(d) if p == "date" else f"{w} (weekday only)" for d, w, p in
                 zip(order["date"], order["weekday"], order["placed"])],
        "source": order["source"], "actor": order["actor"], "action": order["action"], "place": order["place"],
        "status": ["planned" if p else "done" for p in order["planned"]],
        "as written": order["when_text"], "date note": order["date_note"], "sentence": order["sentence"],
        "reader": order["reader"],
    })
