"""Drawing co-mentions: the network's layout and labels, the network and matrix figures.

Pure functions: a networkx graph from :mod:`components.co_mentions` in, positions, a matrix
DataFrame and Plotly figures out.
"""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from components.co_mentions import node_ranking
from components.entity_types import type_colour, type_rank


def layout(G: nx.Graph) -> dict[str, tuple[float, float]]:
    """Deterministic positions, spread to fill the chart.

    Kamada-Kawai (path distances, so hubs sit in the middle and leaves around them) gives an even
    spread without a random start; a short seeded spring pass then lets stronger pairs (log-scaled,
    so one dominant pair does not collapse the rest) sit a little closer.  Components other than the
    largest are laid out on their own and placed in a row underneath.
    """
    if len(G) == 0:
        return {}
    top = max(G.nodes[n].get("mentions", 0) for n in G.nodes) or 1
    room = {n: math.sqrt(G.nodes[n].get("mentions", 0) / top) for n in G.nodes}
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes))
    for a, b, d in sorted(G.edges(data=True), key=lambda e: (min(e[:2]), max(e[:2]))):
        # Path length for Kamada-Kawai: big nodes need room around them, so the hubs of a dense
        # core do not pile up on each other.
        H.add_edge(min(a, b), max(a, b), weight=1 + math.log1p(d["weight"]), dist=0.6 + room[a] + room[b])
    comps = sorted((sorted(c) for c in nx.connected_components(H)), key=lambda c: (-len(c), c[0]))
    pos: dict[str, tuple[float, float]] = {}
    x_next = -1.0
    for i, comp in enumerate(comps):
        sub = H.subgraph(comp)
        if len(comp) == 1:
            p = {comp[0]: (0.0, 0.0)}
        else:
            p = nx.kamada_kawai_layout(sub, weight="dist")
            p = nx.rescale_layout_dict(p, scale=1.0)
        if i == 0:
            pos.update({n: (float(x), float(y)) for n, (x, y) in p.items()})
            continue
        # Smaller components: a row below the main one, each scaled to its size.
        scale = 0.12 + 0.06 * math.sqrt(len(comp))
        for n, (x, y) in p.items():
            pos[n] = (float(x_next + scale + x * scale), float(-1.25 - scale + y * scale))
        x_next += 2 * scale + 0.1
    return pos


def place_labels(pos: dict[str, tuple[float, float]], order: list[str], texts: dict[str, str],
                 sizes: dict[str, float], width_px: float = 900, height_px: float = 560) -> dict[str, str]:
    """A text position (above, below, right or left of its node) for each label that fits without overlap.

    Greedy in ``order`` (most important first): a label takes the first free side, else is left
    to the hover.  Pixel sizes are estimated for a chart of about ``width_px`` by ``height_px``.
    """
    if not pos:
        return {}
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    sx = width_px / ((max(xs) - min(xs)) or 1.0)
    sy = height_px / ((max(ys) - min(ys)) or 1.0)
    boxes: list[tuple[float, float, float, float]] = []
    placed: dict[str, str] = {}
    for n in order:
        x, y = pos[n][0] * sx, pos[n][1] * sy
        w, h, r = 7.0 * len(texts[n]) + 4, 15.0, sizes[n] / 2
        for where, box in (("top center", (x - w / 2, y + r, x + w / 2, y + r + h)),
                           ("bottom center", (x - w / 2, y - r - h, x + w / 2, y - r)),
                           ("middle right", (x + r, y - h / 2, x + r + w, y + h / 2)),
                           ("middle left", (x - r - w, y - h / 2, x - r, y + h / 2))):
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
                boxes.append(box)
                placed[n] = where
                break
    return placed


def _node_size(mentions: int, top: int) -> float:
    return 14 + 36 * math.sqrt(max(mentions, 0) / max(top, 1))


def layout_key(G: nx.Graph) -> tuple[tuple, tuple]:
    """What :func:`layout` depends on, hashable: for a caller that caches positions."""
    return (tuple(sorted((n, G.nodes[n].get("mentions", 0)) for n in G.nodes)),
            tuple(sorted((min(a, b), max(a, b), d["weight"]) for a, b, d in G.edges(data=True))))


def layout_from_key(key: tuple[tuple, tuple]) -> dict[str, tuple[float, float]]:
    nodes, edges = key
    H = nx.Graph()
    H.add_nodes_from((n, {"mentions": m}) for n, m in nodes)
    H.add_weighted_edges_from(edges)
    return layout(H)


def network_figure(G: nx.Graph, labels: dict[str, str] | None = None, n_labels: int = 25,
                   highlight: str | None = None, pos: dict[str, tuple[float, float]] | None = None) -> go.Figure:
    """The co-mention network: nodes sized by mentions and coloured by type, edges as wide as they are heavy.

    ``labels`` maps entity ids to display labels (default: the node's ``name``); the ``n_labels``
    most mentioned nodes are labelled on the chart, every node on hover.  ``highlight`` (an id)
    is ringed and always labelled.  ``pos`` (from :func:`layout`) saves laying the graph out again.
    """
    fig = go.Figure()
    fig.update_layout(
        showlegend=True, hovermode="closest", margin=dict(l=10, r=10, t=10, b=10), height=640,
        plot_bgcolor="white", paper_bgcolor="white",
        xaxis=dict(visible=False), yaxis=dict(visible=False),
        legend=dict(title="Entity type", orientation="h", yanchor="bottom", y=1.0, x=0, itemsizing="constant"),
    )
    if len(G) == 0:
        return fig
    labels = labels or {}
    pos = pos if pos is not None else layout(G)

    def label(n: str) -> str:
        return labels.get(n) or G.nodes[n].get("name", n)

    # Edge widths in a few bins (one trace per bin: Plotly lines have one width per trace).
    weights = [d["weight"] for _, _, d in G.edges(data=True)]
    wmax = max(weights)
    bins: dict[float, tuple[list, list]] = {}
    mid_x, mid_y, mid_text = [], [], []
    for a, b, d in sorted(G.edges(data=True), key=lambda e: e[2]["weight"]):
        width = round(1 + 7 * math.sqrt(d["weight"] / wmax))
        xs, ys = bins.setdefault(width, ([], []))
        (x0, y0), (x1, y1) = pos[a], pos[b]
        xs += [x0, x1, None]
        ys += [y0, y1, None]
        mid_x.append((x0 + x1) / 2)
        mid_y.append((y0 + y1) / 2)
        mid_text.append(f"{label(a)} – {label(b)}<br>{d['weight']} co-mention(s) in {d['n_articles']} article(s)")
    for width in sorted(bins):
        xs, ys = bins[width]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                 line=dict(width=width, color="rgba(120,120,120,0.35)")))
    fig.add_trace(go.Scatter(x=mid_x, y=mid_y, mode="markers", showlegend=False, name="co-mentions",
                             marker=dict(size=8, color="rgba(0,0,0,0)"), hovertext=mid_text, hoverinfo="text"))

    ranked = node_ranking(G)
    labelled = set(ranked[:n_labels]) | ({highlight} if highlight in G else set())
    top = max(G.nodes[n].get("mentions", 0) for n in G.nodes)
    by_type: dict[str, list[str]] = {}
    for n in ranked:
        by_type.setdefault(G.nodes[n].get("label", ""), []).append(n)
    for lab in sorted(by_type, key=type_rank):
        nodes = sorted(by_type[lab], key=lambda n: G.nodes[n].get("mentions", 0))  # big ones on top
        fig.add_trace(go.Scatter(
            x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers", name=lab or "other",
            marker=dict(size=[_node_size(G.nodes[n].get("mentions", 0), top) for n in nodes],
                        color=type_colour(lab), opacity=0.92,
                        line=dict(width=[3 if n == highlight else 1 for n in nodes],
                                  color=["#111" if n == highlight else "white" for n in nodes])),
            customdata=[[label(n), lab, G.nodes[n].get("mentions", 0), G.degree(n),
                         int(G.degree(n, weight="weight"))] for n in nodes],
            hovertemplate="<b>%{customdata[0]}</b><br>type: %{customdata[1]}<br>mentions: %{customdata[2]}"
                          "<br>degree: %{customdata[3]} partner(s), %{customdata[4]} co-mention(s)<extra></extra>",
        ))
    # Labels in a trace of their own, drawn last, so no node of a later type covers them; the
    # transparent markers (same sizes) keep each label just above its node; the white halo keeps
    # them readable over lines.
    order = [n for n in ranked if n in labelled]
    if highlight in order:
        order.remove(highlight)
        order.insert(0, highlight)
    where = place_labels(pos, order, {n: label(n) for n in order},
                         {n: _node_size(G.nodes[n].get("mentions", 0), top) for n in order})
    shown = [n for n in order if n in where]
    fig.add_trace(go.Scatter(
        x=[pos[n][0] for n in shown], y=[pos[n][1] for n in shown], mode="markers+text", name="labels",
        showlegend=False, hoverinfo="skip", text=[label(n) for n in shown], textposition=[where[n] for n in shown],
        marker=dict(size=[_node_size(G.nodes[n].get("mentions", 0), top) for n in shown], opacity=0),
        textfont=dict(size=[13 if n == highlight else 12 for n in shown], color="#1a1a1a",
                      weight=["bold" if n == highlight else "normal" for n in shown],
                      shadow="1px 1px 2px #fff, -1px -1px 2px #fff, 1px -1px 2px #fff, -1px 1px 2px #fff"),
    ))
    return fig


def co_mention_matrix(G: nx.Graph, labels: dict[str, str] | None = None, max_nodes: int = 40) -> pd.DataFrame:
    """Square co-mention counts between the ``max_nodes`` most mentioned nodes, ordered by type then mentions.

    Rows and columns are display labels; the diagonal and absent pairs are 0.
    """
    labels = labels or {}
    nodes = node_ranking(G)[:max_nodes]
    nodes.sort(key=lambda n: (type_rank(G.nodes[n].get("label", "")), -G.nodes[n].get("mentions", 0), n))
    names = [labels.get(n) or G.nodes[n].get("name", n) for n in nodes]
    index = {n: i for i, n in enumerate(nodes)}
    grid = [[0] * len(nodes) for _ in nodes]
    for a, b, d in G.edges(data=True):
        if a in index and b in index:
            grid[index[a]][index[b]] = grid[index[b]][index[a]] = d["weight"]
    return pd.DataFrame(grid, index=pd.Index(names, name="entity"), columns=names, dtype="int64")


def matrix_figure(matrix: pd.DataFrame) -> go.Figure:
    """Heatmap of a co-mention matrix; empty cells stay white so the pattern reads at a glance."""
    fig = go.Figure()
    n = len(matrix)
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10), height=max(360, 160 + 18 * n),
                      plot_bgcolor="white", paper_bgcolor="white")
    if n == 0:
        return fig
    z = matrix.where(matrix > 0).to_numpy(dtype=float)  # NaN = no co-mention: drawn as background
    fig.add_trace(go.Heatmap(
        z=z, x=list(matrix.columns), y=list(matrix.index), hoverongaps=False,
        # From a visible light blue: a single co-mention must not vanish into the white background.
        colorscale=[[0.0, "#c6dbef"], [0.5, "#4292c6"], [1.0, "#08306b"]], zmin=1,
        zmax=max(2, int(matrix.to_numpy().max())),
        colorbar=dict(title="co-mentions"), xgap=1, ygap=1,
        hovertemplate="%{y} & %{x}<br>%{z} co-mention(s)<extra></extra>"))
    fig.update_xaxes(side="top", tickangle=-45, showgrid=False)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    return fig
