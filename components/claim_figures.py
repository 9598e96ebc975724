"""Drawing claim comparisons: the group × source stance matrix and the source-similarity heatmap.

Pure: DataFrames from :mod:`components.claims` in, Plotly figures out.  Claim text, group labels and
source names are untrusted and Plotly renders labels and hovers as limited HTML, so each such
string is escaped (:func:`_esc`) before it goes into a figure.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from components.claims import STANCE_WORDS, as_list, shorten, source_map

REWRITE_COLOUR = "#D55E00"
CELL_COLOURS = {"states": "#0072B2", "differs": "#D55E00", "silent": "#eef0f3"}  # Okabe-Ito blue / vermillion
_CELL_Z = {"silent": 0, "states": 1, "differs": 2}
ROW_PX = 46  # a cell and, in the gap above it, the row's label
LABEL_GAP_PX = 22
LABEL_CHARS = 56  # a row label is one line over the full width of a phone (390 px) at 11 px
MAX_WORD_COLUMNS = 8  # beyond this many sources a cell is too narrow for 'states' / 'differs'
WRAP = 70


def _esc(text: str) -> str:
    """Untrusted text for Plotly's label markup: without '<' and '>' no tag can form; quotes stay
    as they are, because Plotly shows '&quot;' literally."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_wrapped(text: str, width: int = WRAP, max_lines: int = 6) -> str:
    lines = textwrap.wrap(" ".join(str(text).split()), width=width, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [lines[max_lines - 1] + " …"]
    return "<br>".join(_esc(line) for line in lines)


def _source_tick(source: str) -> str:
    return _esc(shorten(source, 28))


def _tick_angle(ticks: list[str], n: int, room_px: float) -> int:
    """Slant the column labels when they would not fit side by side (about 7 px a character)."""
    return 0 if max(map(len, ticks), default=0) * 7 < room_px / max(n, 1) else -40


def matrix_figure(matrix: pd.DataFrame, groups: pd.DataFrame, claims: pd.DataFrame, articles: pd.DataFrame,
                  labels: Mapping[str, str], highlight: str | None = None) -> go.Figure:
    """Heatmap of a stance matrix (:func:`components.claims.stance_matrix`): one row per group,
    labelled by its shortened wording, conflicts in bold with their kinds; one column per source.
    Hover a cell for that source's wording.  The ``highlight`` group's row is outlined."""
    fig = go.Figure()
    n_rows, n_cols = matrix.shape
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="white", paper_bgcolor="white",
                      height=max(260, 150 + ROW_PX * n_rows))
    if n_rows == 0 or n_cols == 0:
        return fig
    info = groups.set_index("group_id")
    source_of = source_map(articles)
    wording: dict[tuple[str, str], list[tuple[str, str]]] = {}
    m = claims[claims["group_id"].isin(set(matrix.index))]
    for g, a, text, note in zip(m["group_id"], m["article_id"], m["text"], m["stance_note"]):
        wording.setdefault((g, source_of.get(a, a)), []).append((text, note))

    z, hover, words, ticks = [], [], [], []
    for g in matrix.index:
        kinds = as_list(info.at[g, "conflict"]) if g in info.index else []
        label = _esc(labels.get(g, g))
        ticks.append(f"<b>{_esc(', '.join(kinds))} ≠</b> {label}" if kinds else label)
        head = f"<b>{_escape_wrapped(labels.get(g, g))}</b>"
        if kinds:
            head += f"<br>Conflict: {_esc(', '.join(kinds))}"
        z_row, h_row, w_row = [], [], []
        for s in matrix.columns:
            cell = matrix.at[g, s]
            z_row.append(_CELL_Z[cell])
            w_row.append("" if cell == "silent" else cell)
            said = wording.get((g, s), [])
            lines = [head, f"<b>{_esc(s)}</b>: {STANCE_WORDS[cell]}"]
            for text, note in said[:3]:
                lines.append("“" + _escape_wrapped(text) + "”")
                if note:
                    lines.append(f"<i>{_escape_wrapped(note)}</i>")
            if len(said) > 3:
                lines.append(f"… and {len(said) - 3} more")
            h_row.append("<br>".join(lines))
        z.append(z_row)
        hover.append(h_row)
        words.append(w_row)

    scale = []
    for k, name in enumerate(("silent", "states", "differs")):
        scale += [[k / 3, CELL_COLOURS[name]], [(k + 1) / 3, CELL_COLOURS[name]]]
    x = list(range(n_cols))
    y = list(range(n_rows))
    fig.add_trace(go.Heatmap(
        z=z, x=x, y=y, zmin=-0.5, zmax=2.5, colorscale=scale, showscale=False, xgap=2, ygap=LABEL_GAP_PX,
        # Words in the cells while they fit; narrower cells speak through their colour and the legend.
        text=words, texttemplate="%{text}" if n_cols <= MAX_WORD_COLUMNS else "", textfont=dict(size=11, color="white"),
        hovertext=hover, hoverinfo="text", hoverlabel=dict(align="left")))
    for name, word in (("states", "states it"), ("differs", "states it differently"), ("silent", "silent")):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=word, showlegend=True,
                                 marker=dict(symbol="square", size=13, color=CELL_COLOURS[name],
                                             line=dict(width=1, color="#b0b6bd"))))
    if highlight in matrix.index:
        row = list(matrix.index).index(highlight)
        ticks[row] = f"<span style='color:#111'>▶ {ticks[row]}</span>"
        fig.add_shape(type="rect", x0=-0.5, x1=n_cols - 0.5, y0=row - 0.5, y1=row + 0.5, xref="x", yref="y",
                      line=dict(color="#111", width=2), fillcolor="rgba(0,0,0,0)")
    xticks = [_source_tick(s) for s in matrix.columns]
    # Each row's label sits on its own line above the row's cells, across the full width, not beside
    # them: at phone width (390 px) labels on the left would leave the columns no room.  The tick
    # labels stay in the figure (unshown) for what reads them.
    for row, g in enumerate(matrix.index):
        kinds = as_list(info.at[g, "conflict"]) if g in info.index else []
        text = _esc(shorten(labels.get(g, g), LABEL_CHARS))
        text = f"<b>{_esc(', '.join(kinds))} ≠</b> {text}" if kinds else text
        if g == highlight:
            text = f"▶ {text}"
        fig.add_annotation(x=-0.5, y=row - 0.5, xref="x", yref="y", xanchor="left", yanchor="middle",
                           text=text, showarrow=False, font=dict(size=11, color="#31333f"), align="left")
    # Upright when they do not fit side by side: a label slanted up to the right needs a right margin
    # as wide as itself, which a phone does not have.
    slant = -90 if _tick_angle([shorten(s, 28) for s in matrix.columns], n_cols, 330) else 0
    fig.update_xaxes(side="top", tickmode="array", tickvals=x, ticktext=xticks, tickangle=slant,
                     ticklabeloverflow="allow", showgrid=False, zeroline=False, range=[-0.5, n_cols - 0.5])
    fig.update_yaxes(tickmode="array", tickvals=y, ticktext=ticks, showticklabels=False, ticks="", showgrid=False,
                     zeroline=False, range=[n_rows - 0.5, -0.5 - LABEL_GAP_PX / ROW_PX])
    fig.update_layout(legend=dict(orientation="h", x=0, xanchor="left", y=0, yanchor="top"),
                      margin=dict(l=10, r=10, t=10, b=40))
    return fig


def similarity_figure(sim: pd.DataFrame, rewrites: set[frozenset] = frozenset()) -> go.Figure:
    """Heatmap of :func:`components.claims.source_similarity`; a rewrite pair says so in its cell,
    outlined."""
    fig = go.Figure()
    n = len(sim)
    sources = list(sim.index)
    label_px = 7 * max((len(shorten(s, 28)) for s in sources), default=0)
    cell = 64 if n <= 10 else 40
    slant = -40 if label_px > cell else 0
    # Sized to its cells (square, readable), not stretched across the page.
    fig.update_layout(margin=dict(l=10, r=int(label_px * 0.77) if slant else 10, t=10, b=10),
                      plot_bgcolor="white", paper_bgcolor="white",
                      width=label_px + cell * n + 140 + (int(label_px * 0.77) if slant else 0), height=(label_px * 0.7 if slant else 30) + cell * n + 40)
    if n < 2:
        return fig
    z = sim.to_numpy(dtype=float)
    text, hover = [], []
    for a in sources:
        t_row, h_row = [], []
        for b in sources:
            v = sim.at[a, b]
            if a == b or (isinstance(v, float) and math.isnan(v)):
                t_row.append("")
                h_row.append(_esc(a))
                continue
            rewrite = frozenset((a, b)) in rewrites
            t_row.append((f"{v:.2f}" if v else "0") + ("<br><b>rewrite</b>" if rewrite else ""))
            h_row.append(f"{_esc(a)}<br>{_esc(b)}<br>similarity {v:.2f}"
                         + ("<br><b>one looks like a rewrite of the other</b>" if rewrite else ""))
        text.append(t_row)
        hover.append(h_row)
    finite = z[~pd.isna(z)]
    top = max(0.05, float(finite.max()) if finite.size else 0.05)
    x = list(range(n))
    fig.add_trace(go.Heatmap(
        z=z, x=x, y=x, zmin=0, zmax=top, colorscale=[[0.0, "#f4f7fb"], [0.5, "#6baed6"], [1.0, "#08306b"]],
        colorbar=dict(title="similarity", thickness=12), xgap=2, ygap=2, hoverongaps=False,
        text=text, texttemplate="%{text}", textfont=dict(size=11), hovertext=hover, hoverinfo="text"))
    flagged = [(i, j) for i, a in enumerate(sources) for j, b in enumerate(sources)
               if i != j and frozenset((a, b)) in rewrites]
    if flagged:
        fig.add_trace(go.Scatter(x=[j for _, j in flagged], y=[i for i, _ in flagged], mode="markers",
                                 marker=dict(symbol="square-open", size=cell - 8, color=REWRITE_COLOUR,
                                             line=dict(width=3)),
                                 hoverinfo="skip", showlegend=False))
    ticks = [_source_tick(s) for s in sources]
    fig.update_xaxes(side="top", tickmode="array", tickvals=x, ticktext=ticks, tickangle=slant,
                     ticklabeloverflow="allow", showgrid=False, zeroline=False, range=[-0.5, n - 0.5])
    fig.update_yaxes(tickmode="array", tickvals=x, ticktext=ticks, range=[n - 0.5, -0.5], showgrid=False,
                     zeroline=False)
    return fig
