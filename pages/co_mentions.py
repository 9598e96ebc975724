"""Co-mentions: which entities the (filtered) articles name together, as a network or a matrix.

Wires the page's URL-bound controls (scope, min_weight, node_types, view, focus) to
components/co_mentions.py; a focus entity lists its strongest partners and the evidence sentences,
each linked to the reader.
"""

import pandas as pd
import streamlit as st

from components.basemap import PLOTLY_CONFIG
from components.co_mention_figures import (co_mention_matrix, layout_from_key, layout_key, matrix_figure,
                                           network_figure)
from components.co_mentions import (SCOPES, VIEWS, co_mention_edges, co_mention_graph,
                                    evidence_table, max_weight, node_ranking, partners_table, top_nodes)
from components.entity_types import TYPE_NAMES, type_rank
from components.registry import CO_MENTIONS as PAGE
from components.tables import table
from components.url_params import md_escape
from pages import note_page_params, page_setup, raw_params

MAX_NODES = 80  # drawn in the network; beyond that a network is a hairball
MAX_EDGES = 300  # strongest lines among the drawn nodes
MAX_MATRIX = 40  # rows/columns of the matrix
MAX_EVIDENCE = 1000  # evidence rows shown (and downloaded)
N_LABELS = 25  # nodes labelled on the chart (every node has a hover)


# Shared, not copied, like the tables (see pages/__init__.py): edges are computed once per
# tables-and-filters key and scope, and never modified.
@st.cache_resource(show_spinner=False, max_entries=32)
def _edges(key: tuple, scope: str, _mentions: pd.DataFrame, _sentences: pd.DataFrame) -> pd.DataFrame:
    return co_mention_edges(_mentions, _sentences, scope)


@st.cache_resource(show_spinner=False, max_entries=4)
def _max_weight(key: tuple, _mentions: pd.DataFrame, _sentences: pd.DataFrame) -> int:
    return max(2, *(max_weight(co_mention_edges(_mentions, _sentences, s)) for s in SCOPES))


@st.cache_data(show_spinner=False, max_entries=64)
def _positions(key: tuple) -> dict:
    # Kamada-Kawai takes a second or more on 80 nodes: lay a drawing out once, not on every focus change.
    return layout_from_key(key)


view = page_setup()
st.title("Co-mentions")
st.caption("Entities named in the same sentence (or paragraph) of the filtered articles. A node's size is "
           "its number of mentions, its colour its type; a line's width is the number of distinct "
           "sentences (or paragraphs) naming both.")

all_m, all_s = view.all["mentions"], view.all["sentences"]
# The slider's range comes from the whole corpus, so it stays put (and keeps its value) when the
# sidebar filters or the scope change.
hi = _max_weight(view.key[:2], all_m, all_s)
known_types = sorted(view.all["entities"]["label"].unique(), key=type_rank)

note_page_params(PAGE.param("scope", choices=SCOPES), PAGE.param("view", choices=VIEWS),
                 PAGE.param("min_weight", hi=hi), PAGE.param("node_types", choices=known_types))

c1, c2, c3, c4 = st.columns([1.5, 1.6, 2.2, 1.3])
scope = c1.segmented_control(
    "Scope", SCOPES, default="sentence", required=True, key="scope",
    bind="query-params", persist_state="session",
    help="Sentence: both names in one sentence. Paragraph: both in one paragraph (looser, more pairs).") or "sentence"
min_weight = c2.slider(
    "Minimum co-mentions", 1, hi, 1, key="min_weight", bind="query-params", persist_state="session",
    help="Hide pairs named together in fewer sentences (or paragraphs) than this.")
node_types = c3.multiselect(
    "Entity types", known_types, key="node_types", bind="query-params", persist_state="session",
    placeholder="All types", help="Keep only pairs where both entities are of these types.")
shown_as = c4.segmented_control("Show as", VIEWS, default="network", required=True, key="view",
                                bind="query-params", persist_state="session") or "network"

edges = _edges(view.key, scope, view["mentions"], view["sentences"])
G = co_mention_graph(edges, view["entities"], min_weight, node_types)
labels = view.labels
id_of = {v: k for k, v in labels.items()}

# Focus options: the network's entities, most mentioned first.  An entity already chosen (from the
# URL or earlier) stays selectable when a stricter threshold drops it, so the choice is not lost.
options = [labels.get(n, n) for n in node_ranking(G)]
present = set(view["entities"]["entity_id"])
for chosen in [st.session_state.get("focus")] + raw_params().get("focus", [])[:1]:
    if chosen and chosen not in options and id_of.get(chosen) in present:
        options.append(chosen)

chart = st.container()

if len(G) == 0:
    with chart:
        if edges.empty:
            st.info("No two entities are named together in the filtered articles. Widen the sidebar filters "
                    "or switch the scope to paragraph.", icon=":material/info:")
        else:
            st.info(f"No pair reaches {min_weight} co-mention(s)"
                    + (" among the chosen types" if node_types else "")
                    + ". Lower the minimum or choose more entity types.", icon=":material/info:")

st.subheader("Focus on one entity")
note_page_params(PAGE.param("focus", choices=options))
focus_label = st.selectbox(
    "Entity", options, index=None, key="focus", bind="query-params", persist_state="session",
    placeholder="Choose an entity to list its partners and the evidence",
    help="Lists its strongest partners and the sentences naming them together.")
focus = id_of.get(focus_label) if focus_label else None

if len(G):
    with chart:
        n_pairs = G.number_of_edges()
        if shown_as == "matrix":
            matrix = co_mention_matrix(G, labels, MAX_MATRIX)
            st.plotly_chart(matrix_figure(matrix), config=PLOTLY_CONFIG, key="co_mention_matrix")
            note = f"{len(G)} entities, {n_pairs} pairs."
            if len(G) > MAX_MATRIX:
                note += f" The matrix shows the {MAX_MATRIX} most mentioned, grouped by type."
            st.caption(note)
        else:
            drawn = top_nodes(G, MAX_NODES, keep=(focus,) if focus else (), max_edges=MAX_EDGES)
            fig = network_figure(drawn, labels, N_LABELS, highlight=focus, pos=_positions(layout_key(drawn)))
            st.plotly_chart(fig, config=PLOTLY_CONFIG, key="co_mention_network")
            note = f"{len(G)} entities, {n_pairs} pairs ({scope} scope, at least {min_weight} co-mention(s))."
            if drawn is not G:
                note += (f" Drawn: the {min(MAX_NODES, len(G))} most mentioned entities"
                         + (" plus the focus" if focus and focus in drawn and len(drawn) > MAX_NODES else "")
                         + f" and the {min(MAX_EDGES, drawn.number_of_edges())} strongest pairs among them"
                         + f" ({len(drawn)} entities, {drawn.number_of_edges()} lines)."
                         " Raise the minimum or filter to see others.")
            st.caption(note + f" The {N_LABELS} biggest are labelled; hover for the rest.")
        legend = " · ".join(f"{t} = {TYPE_NAMES.get(t, t.lower())}" for t in known_types if t in
                            {G.nodes[n]["label"] for n in G.nodes})
        st.caption(f"Types: {legend}.")

if focus:
    name = md_escape(focus_label)
    partners = partners_table(G, focus, view["articles"], labels)
    if partners.empty:
        st.info(f"{name} has no partner at {min_weight} co-mention(s) or more"
                + (" among the chosen types" if node_types else "") + ".", icon=":material/info:")
    else:
        st.markdown(f"**Strongest partners of {name}** ({len(partners)}), by {scope}s naming both")
        table(partners, "co_mention_partners")
        evidence = evidence_table(G, focus, view["mentions"], view["sentences"], view["articles"], scope, labels,
                                  limit=MAX_EVIDENCE)
        total = int(partners["co-mentions"].sum())
        st.markdown(f"**Evidence**, one row per partner and {scope} naming both ({total}), strongest partners first"
                    + (f" (the first {len(evidence)} shown)" if len(evidence) < total else ""))
        table(evidence, "co_mention_evidence", column_config={
            "reader": st.column_config.LinkColumn("reader", display_text="Open in reader",
                                                  help="The article in the reader, both entities highlighted"),
            "sentence": st.column_config.TextColumn(scope, width="large"),
        })
