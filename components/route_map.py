"""The route map: one traveller's stops as a numbered, directed path, and the table of its legs.

Pure: the (filtered) route rows of one traveller, an article -> source map and optional context
places in; a Plotly figure or a DataFrame out.  The figure is a ``go.Scattergeo`` over
``layout.geo``, so the base map comes from the topojson the page's Plotly config points at
(offline), never from tiles.

What the marks mean, as an analyst reads them:

* a filled circle is a stop some article reports as done; an open circle one only announced
  (``planned``), reached by a dashed leg;
* the colour of a stop is how many distinct sources report it (colour bar "sources");
* an arrow half-way along each leg points the way the traveller went;
* with ``by_source`` each source draws its own version: the stops it reports, in route order.

Hover text is rendered by Plotly as limited HTML, and article sentences and source names are
untrusted, so every such string is ``html.escape``-d before it goes into a hover label.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Iterable, Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from components.basemap import geo_layout as base_geo_layout
from components.route_geometry import arrow, fit_ranges, merc_lat, merc_y

LEG_COLOUR = "#3d4a5c"
FAINT_COLOUR = "#9aa0a6"
SOURCE_SCALE = [[0.0, "#fdd0a2"], [0.35, "#fd8d3c"], [0.7, "#d94801"], [1.0, "#7f2704"]]
SOURCE_COLOURS = qualitative.D3 + qualitative.Dark2
WRAP = 70
MAX_EVIDENCE = 3  # sentences in one hover label; the table carries all of them


# ---- small pure helpers -------------------------------------------------------------------------

def _as_list(value) -> list:
    """Parquet list cells arrive as numpy arrays, hand-made ones as lists, missing ones as None/NaN."""
    if value is None:
        return []
    if isinstance(value, float) and math.isnan(value):
        return []
    return list(value)


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def hover_escape(text: str, width: int = WRAP) -> str:
    """Untrusted text as safe Plotly hover HTML, wrapped with <br> so a long sentence stays readable."""
    lines = textwrap.wrap(_text(text), width=width, break_on_hyphens=False) or [""]
    return "<br>".join(html.escape(line) for line in lines)


def when(stop: Mapping) -> str:
    """The stop's date, else its weekday, else ''."""
    d = stop.get("date")
    if d is not None and not pd.isna(d):
        return str(d)[:10]
    return _text(stop.get("weekday"))


def source_map(articles: pd.DataFrame) -> dict[str, str]:
    """article_id -> source (outlet); an article without a source is its own source."""
    return {a: (s if isinstance(s, str) and s else a) for a, s in zip(articles["article_id"], articles["source"])}


def travellers(route: pd.DataFrame, labels: Mapping[str, str]) -> list[str]:
    """Ids of the people with at least one stop in ``route``, in ``labels`` order (most mentioned first)."""
    have = set(route["traveller_id"])
    ordered = [e for e in labels if e in have]
    return ordered + sorted(have - set(ordered))


def stops_of(route: pd.DataFrame, traveller_id: str) -> pd.DataFrame:
    """One traveller's stops in route order."""
    return route[route["traveller_id"] == traveller_id].sort_values("stop_order").reset_index(drop=True)


def total_km(stops: pd.DataFrame) -> float:
    return float(pd.to_numeric(stops["leg_km"], errors="coerce").fillna(0).sum()) if len(stops) else 0.0


def _reports(stop: Mapping, source_of: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(source, article_id, sentence) for each article reporting the stop, in the route's order."""
    ids = _as_list(stop.get("article_ids"))
    sentences = _as_list(stop.get("evidence"))
    sentences += [""] * (len(ids) - len(sentences))
    return [(source_of.get(a, a), a, _text(s)) for a, s in zip(ids, sentences)]


def _outlets(reports: Iterable[tuple[str, str, str]]) -> list[str]:
    return list(dict.fromkeys(src for src, _, _ in reports))


def _cite(source: str, article_id: str) -> str:
    return source if source == article_id else f"{source} ({article_id})"


# ---- the table ----------------------------------------------------------------------------------

TABLE_COLUMNS = ["#", "stop", "when", "dated by", "planned", "sources", "outlets", "articles", "leg km", "evidence"]


def stops_table(stops: pd.DataFrame, source_of: Mapping[str, str]) -> pd.DataFrame:
    """The stops as the page lists (and downloads) them: one row per stop, legs in whole km."""
    rows = []
    for stop in stops.sort_values("stop_order").to_dict("records"):
        reports = _reports(stop, source_of)
        leg = pd.to_numeric(stop.get("leg_km"), errors="coerce")
        rows.append({
            "#": int(stop["stop_order"]),
            "stop": _text(stop["name"]),
            "when": when(stop),
            "dated by": _text(stop.get("date_source")),
            "planned": bool(stop.get("planned")),
            "sources": int(stop["n_sources"]),
            "outlets": ", ".join(_outlets(reports)),
            "articles": ", ".join(a for _, a, _ in reports),
            "leg km": None if pd.isna(leg) else round(float(leg)),
            "evidence": " | ".join(f"[{a}] {s}" if s else f"[{a}] (no sentence)" for _, a, s in reports),
        })
    out = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    out["leg km"] = out["leg km"].astype("Int64")
    return out


def in_frame(places: pd.DataFrame, fig: go.Figure) -> int:
    """How many of ``places`` (lat/lon) fall inside the figure's map frame."""
    lat, lon = fig.layout.geo.lataxis.range, fig.layout.geo.lonaxis.range
    if places is None or places.empty or lat is None or lon is None:
        return 0 if places is None else len(places)
    return int((places["lat"].between(*lat) & places["lon"].between(*lon)).sum())


def _label_positions(lats: list[float], lons: list[float]) -> list[str]:
    """Put each stop's label on the side away from its nearest neighbour, so close stops stay legible."""
    out = []
    for i, (la, lo) in enumerate(zip(lats, lons)):
        others = [(lats[j] - la, lons[j] - lo) for j in range(len(lats)) if j != i]
        if not others:
            out.append("middle right")
            continue
        dla, dlo = min(others, key=lambda d: d[0] ** 2 + d[1] ** 2)
        if abs(dlo) >= abs(dla):
            out.append("middle left" if dlo > 0 else "middle right")
        else:
            out.append("bottom center" if dla > 0 else "top center")
    return out


# ---- the figure ---------------------------------------------------------------------------------

def _stop_hover(stop: Mapping, reports: list[tuple[str, str, str]]) -> str:
    lines = [f"<b>{int(stop['stop_order'])}. {html.escape(_text(stop['name']))}</b>"]
    lines.append(html.escape(when(stop)) or "<i>date unknown</i>")
    if stop.get("planned"):
        lines.append("<i>planned: only announced, not reported as done</i>")
    outlets = _outlets(reports)
    lines.append(f"sources ({int(stop['n_sources'])}): "
                 + hover_escape(", ".join(_cite(s, a) for s, a, _ in reports) or "none"))
    for src, _, sentence in reports[:MAX_EVIDENCE]:
        said = hover_escape(f"“{sentence}”") if sentence else "<i>no evidence sentence</i>"
        lines.append(f"<b>{html.escape(src)}</b>: {said}" if len(outlets) > 1 else said)
    if len(reports) > MAX_EVIDENCE:
        lines.append(f"<i>+{len(reports) - MAX_EVIDENCE} more in the table</i>")
    return "<br>".join(lines)


def _legs(points: list[tuple[float, float]], planned: list[bool]):
    """Line coordinates (None-separated) for reported and planned legs, and the arrows of every leg."""
    solid: tuple[list, list] = ([], [])
    dashed: tuple[list, list] = ([], [])
    arrows: tuple[list, list, list] = ([], [], [])
    for k in range(1, len(points)):
        a, b = points[k - 1], points[k]
        lat, lon = (dashed if planned[k] else solid)
        lat += [a[0], b[0], None]
        lon += [a[1], b[1], None]
        mla, mlo, ang = arrow(a, b)
        arrows[0].append(mla)
        arrows[1].append(mlo)
        arrows[2].append(ang)
    return solid, dashed, arrows


def geo_layout(lats: list[float], lons: list[float]) -> dict:
    """The shared offline base map (50 m), framed on the stops; the world when there are none.

    The route uses Mercator, not the shared projection: Mercator is conformal, so a leg's compass
    bearing is its on-screen angle, which the direction arrows rely on (Plotly's
    ``angleref="north"`` mis-rotates arrays of angles on geo maps).
    """
    geo = base_geo_layout(lats, lons)
    if not lats:
        return geo
    lat_range, lon_range = fit_ranges(lats, lons)
    geo.update(projection={"type": "mercator"}, lataxis={"range": lat_range}, lonaxis={"range": lon_range},
               center={"lat": merc_lat((merc_y(lat_range[0]) + merc_y(lat_range[1])) / 2),
                       "lon": (lon_range[0] + lon_range[1]) / 2})
    return geo


def route_figure(stops: pd.DataFrame, *, source_of: Mapping[str, str],
                 other_places: pd.DataFrame | None = None, by_source: bool = False,
                 versions: pd.DataFrame | None = None,
                 max_sources: int | None = None, height: int | None = None) -> go.Figure:
    """The traveller's route on a base map (see the module docstring for what each mark means).

    ``other_places``: rows with name/lat/lon (places table) drawn as a faint grey layer.
    ``versions``: with ``by_source``, the traveller's ``source_routes`` rows, so each source's line
    follows its own order; without them each source follows the combined order.
    ``max_sources``: top of the colour scale (the number of sources in view); default the stops' max.
    ``height``: pixels; by default none, so the chart fills the element the page gives it (the route
    page sizes that element by the map's aspect, so a phone gets a shorter map, not blank bands).
    """
    stops = stops.sort_values("stop_order").reset_index(drop=True)
    fig = go.Figure()
    if other_places is not None and len(other_places):
        ctx = other_places[other_places["lat"].notna() & other_places["lon"].notna()]
        fig.add_trace(go.Scattergeo(
            lat=ctx["lat"], lon=ctx["lon"], mode="markers", name="other places mentioned",
            marker=dict(size=6, color=FAINT_COLOUR, opacity=0.55, line=dict(width=0)),
            hovertext=[html.escape(_text(n)) + (f" <i>({html.escape(_text(k))})</i>" if _text(k) else "")
                       for n, k in zip(ctx["name"], ctx.get("kind", pd.Series([""] * len(ctx))))],
            hovertemplate="%{hovertext}<extra></extra>"))

    records = stops.to_dict("records")
    points = [(float(s["lat"]), float(s["lon"])) for s in records]
    planned = [bool(s.get("planned")) for s in records]
    reports = [_reports(s, source_of) for s in records]

    if by_source:
        if versions is None:
            versions = _versions_in_combined_order(records, reports)
        _add_source_versions(fig, points, versions)
    else:
        solid, dashed, arrows = _legs(points, planned)
        for (lat, lon), dash, name in ((solid, "solid", "reported leg"), (dashed, "dash", "planned leg")):
            if lat:
                fig.add_trace(go.Scattergeo(lat=lat, lon=lon, mode="lines", name=name, hoverinfo="skip",
                                            line=dict(color=LEG_COLOUR, width=2.5, dash=dash)))
        if arrows[0]:
            fig.add_trace(go.Scattergeo(
                lat=arrows[0], lon=arrows[1], mode="markers", name="direction", showlegend=False,
                hoverinfo="skip",
                marker=dict(symbol="arrow", angleref="up", angle=arrows[2], size=18, color=LEG_COLOUR,
                            line=dict(width=0))))

    if records:
        n_src = [int(s["n_sources"]) for s in records]
        top = max(max_sources or 0, max(n_src), 2)
        if by_source:
            # Colour now means the source: the stop is a dark ring around the sources' dots (a
            # diamond when only planned), as wide as the widest dot so the label clears it.
            ring = 2 * max(_source_widths(len({s for r in reports for s, _, _ in r}))) + 12
            marker = dict(size=ring, symbol=["diamond-open" if p else "circle-open" for p in planned],
                          color=LEG_COLOUR, line=dict(width=1.5))
        else:
            marker = dict(size=[15 if p else 18 for p in planned],
                          symbol=["circle-open" if p else "circle" for p in planned],
                          line=dict(width=[3 if p else 1.2 for p in planned], color=LEG_COLOUR),
                          color=n_src, colorscale=SOURCE_SCALE, cmin=1, cmax=top, showscale=True,
                          # beneath the map's right edge, beside the legend: on a phone (390 px)
                          # a bar beside the map took a quarter of its width, and one over the map
                          # covered the stop labels there
                          colorbar=dict(title=dict(text="sources", side="top"), orientation="h", thickness=10,
                                        len=0.35, x=1, xanchor="right", y=-0.02, yanchor="top", dtick=1,
                                        outlinewidth=0, bgcolor="rgba(255,255,255,0.75)"))
        fig.add_trace(go.Scattergeo(
            lat=[p[0] for p in points], lon=[p[1] for p in points], mode="markers+text",
            name="stop (open = planned)", showlegend=any(planned) and not by_source,
            text=[f"<b>{int(s['stop_order'])}</b> {html.escape(_text(s['name']))}" for s in records],
            textposition=_label_positions([p[0] for p in points], [p[1] for p in points]),
            textfont=dict(size=13, color="#1d2633"), marker=dict(opacity=1, **marker),
            hovertext=[_stop_hover(s, r) for s, r in zip(records, reports)],
            hovertemplate="%{hovertext}<extra></extra>"))

    fig.update_layout(
        geo=geo_layout([p[0] for p in points], [p[1] for p in points]), height=height,
        margin=dict(l=0, r=0, t=10, b=40),
        hoverlabel=dict(align="left", bgcolor="white", font_size=12),
        legend=dict(orientation="h", yanchor="top", y=-0.01, xanchor="left", x=0),
        showlegend=True)
    return fig


def _versions_in_combined_order(records: list[dict], reports: list[list[tuple[str, str, str]]]) -> pd.DataFrame:
    """Each source's stops in the combined order, shaped like ``source_routes`` (when none is given)."""
    rows = []
    for src in sorted({s for r in reports for s, _, _ in r}):
        k = 0
        for stop, rep in zip(records, reports):
            mine = [(a, sent) for s, a, sent in rep if s == src]
            if mine:
                k += 1
                rows.append({**stop, "source": src, "stop_order": k, "article_ids": [a for a, _ in mine],
                             "evidence": [sent for _, sent in mine]})
    return pd.DataFrame(rows, columns=["source", *(records[0].keys() if records else [])])


def _add_source_versions(fig: go.Figure, points: list[tuple[float, float]], versions: pd.DataFrame) -> None:
    """One trace per source: the stops it reports, in its own order.

    Sources share legs, so the first source is drawn widest and each next one narrower on top: every
    source stays visible as a band.  Arrows come last, in one dark trace, so no band hides them.
    """
    sources = sorted(versions["source"].unique()) if len(versions) else []
    widths = _source_widths(len(sources))
    # The combined route, thin and dotted underneath, keeps the direction visible where no single
    # source reports two consecutive stops.
    legs = {(points[j - 1], points[j]): arrow(points[j - 1], points[j]) for j in range(1, len(points))}
    if legs:
        fig.add_trace(go.Scattergeo(
            lat=[v for a, b in legs for v in (a[0], b[0], None)], lon=[v for a, b in legs for v in (a[1], b[1], None)],
            mode="lines", name="all sources combined", hoverinfo="skip",
            line=dict(color=LEG_COLOUR, width=1.5, dash="dot")))
    for k, src in enumerate(sources):
        colour = SOURCE_COLOURS[k % len(SOURCE_COLOURS)]
        mine = versions[versions["source"] == src].sort_values("stop_order")
        pts = [(float(la), float(lo)) for la, lo in zip(mine["lat"], mine["lon"])]
        hover = []
        for stop in mine.to_dict("records"):
            said = _as_list(stop.get("evidence"))
            text = [f"<b>{html.escape(src)}</b>",
                    f"its stop {int(stop['stop_order'])}: {html.escape(_text(stop['name']))}"
                    + (f" · {html.escape(when(stop))}" if when(stop) else "")
                    + (" (planned)" if stop.get("planned") else "")]
            text += [hover_escape(f"“{t}”") if t else "<i>no evidence sentence</i>" for t in said[:MAX_EVIDENCE]]
            hover.append("<br>".join(text))
        fig.add_trace(go.Scattergeo(
            lat=[p[0] for p in pts], lon=[p[1] for p in pts], mode="lines+markers", name=src,
            legendgroup=f"source:{src}", line=dict(color=colour, width=widths[k]),
            marker=dict(size=2 * widths[k] + 6, color=colour, opacity=1, line=dict(width=0)),
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>"))
        for j in range(1, len(pts)):
            legs.setdefault((pts[j - 1], pts[j]), arrow(pts[j - 1], pts[j]))
    if legs:
        arrows = list(legs.values())
        fig.add_trace(go.Scattergeo(
            lat=[a[0] for a in arrows], lon=[a[1] for a in arrows], mode="markers", name="direction",
            showlegend=False, hoverinfo="skip",
            marker=dict(symbol="arrow", angleref="up", angle=[a[2] for a in arrows], size=18,
                        color=LEG_COLOUR, line=dict(width=0))))


def _source_widths(n: int) -> list[float]:
    """Line width of each of ``n`` sources (sorted by name): the first widest, 3 px narrower per next."""
    return [2.5 + 3.0 * (n - 1 - k) for k in range(n)] or [0.0]


def source_orders(stops: pd.DataFrame, versions: pd.DataFrame) -> pd.DataFrame:
    """Per source: its stops in its own order, and whether that order agrees with the combined one.

    A source agrees when its stops come in the same relative order as in the combined route;
    otherwise ``differs`` names the pairs it tells the other way round.
    """
    rank = dict(zip(stops["place_id"], stops["stop_order"]))
    name = dict(zip(stops["place_id"], stops["name"]))
    rows = []
    for src, mine in versions.groupby("source", sort=True):
        seq = [p for p in mine.sort_values("stop_order")["place_id"] if p in rank]
        swapped = [f"{name[a]} before {name[b]}" for i, a in enumerate(seq) for b in seq[i + 1:]
                   if rank[b] < rank[a]]
        rows.append({"source": src, "its order": " → ".join(name[p] for p in seq), "stops": len(seq),
                     "agrees": not swapped, "differs": "; ".join(swapped)})
    return pd.DataFrame(rows, columns=["source", "its order", "stops", "agrees", "differs"])
