"""Co-mentions: the component on hand-made tables, on the seed corpus, and the page through AppTest."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from components.co_mention_figures import (co_mention_matrix, layout_from_key, layout_key, matrix_figure,
                                           network_figure, place_labels)
from components.co_mentions import co_mention_edges, co_mention_graph, evidence_table, partners_table, top_nodes

ROOT = Path(__file__).resolve().parent.parent
KIM, PUTIN, MOSCOW, RUSSIA, LAVROV = ("person:kim", "person:putin", "gpe:moscow", "gpe:russia", "person:lavrov")

# (article, sent_id, para_id, text, entities mentioned in order; Kim twice in A/1)
SENTENCES = [
    ("A", 0, 0, "Kim met Putin in Moscow.", [KIM, PUTIN, MOSCOW]),
    ("A", 1, 0, "Kim said Kim loves Russia.", [KIM, KIM, RUSSIA]),
    ("A", 2, 0, "Putin thanked Kim.", [PUTIN, KIM]),
    ("A", 3, 1, "Putin flew home to Russia.", [PUTIN, RUSSIA]),
    ("B", 0, 0, "Kim and Putin shook hands.", [KIM, PUTIN]),
    ("B", 1, 1, "Lavrov stayed behind.", [LAVROV]),
]
NAMES = {KIM: ("Kim", "PERSON"), PUTIN: ("Putin", "PERSON"), MOSCOW: ("Moscow", "GPE"),
         RUSSIA: ("Russia", "GPE"), LAVROV: ("Lavrov", "PERSON")}


@pytest.fixture
def toy():
    sentences = pd.DataFrame([(a, s, p, 0, 0, t) for a, s, p, t, _ in SENTENCES],
                             columns=["article_id", "sent_id", "para_id", "start", "end", "text"])
    mentions = pd.DataFrame([(a, s, 0, 0, NAMES[e][0], NAMES[e][1], e) for a, s, _, _, ents in SENTENCES for e in ents],
                            columns=["article_id", "sent_id", "start", "end", "text", "label", "entity_id"])
    counts = mentions.groupby("entity_id").size()
    entities = pd.DataFrame([(e, n, lab, [n], int(counts[e]), 1) for e, (n, lab) in NAMES.items()],
                            columns=["entity_id", "name", "label", "aliases", "n_mentions", "n_articles"])
    articles = pd.DataFrame({"article_id": ["A", "B"], "source": ["Alpha News", "Beta Post"],
                             "title": ["Summit", ""]})
    return {"sentences": sentences, "mentions": mentions, "entities": entities, "articles": articles}


def weights(edges: pd.DataFrame) -> dict[frozenset, int]:
    return {frozenset((a, b)): w for a, b, w in zip(edges["a"], edges["b"], edges["weight"])}


def pair(a, b):
    return frozenset((a, b))


def test_sentence_scope_weights(toy):
    edges = co_mention_edges(toy["mentions"], toy["sentences"], "sentence")
    assert weights(edges) == {pair(KIM, PUTIN): 3, pair(KIM, MOSCOW): 1, pair(PUTIN, MOSCOW): 1,
                              pair(KIM, RUSSIA): 1, pair(PUTIN, RUSSIA): 1}
    kp = edges[(edges["a"] == KIM) & (edges["b"] == PUTIN)].iloc[0]
    assert sorted(kp["keys"]) == [("A", 0), ("A", 2), ("B", 0)]
    assert kp["n_articles"] == 2
    assert edges["weight"].is_monotonic_decreasing


def test_paragraph_scope_weights(toy):
    edges = co_mention_edges(toy["mentions"], toy["sentences"], "paragraph")
    # Kim and Putin share three sentences but only two paragraphs; Moscow and Russia share no
    # sentence but one paragraph.
    assert weights(edges) == {pair(KIM, PUTIN): 2, pair(KIM, MOSCOW): 1, pair(PUTIN, MOSCOW): 1,
                              pair(KIM, RUSSIA): 1, pair(PUTIN, RUSSIA): 2, pair(MOSCOW, RUSSIA): 1}


def test_repeated_mention_neither_self_loops_nor_double_counts(toy):
    edges = co_mention_edges(toy["mentions"], toy["sentences"], "sentence")
    assert not (edges["a"] == edges["b"]).any()
    assert weights(edges)[pair(KIM, RUSSIA)] == 1  # Kim is named twice in that one sentence
    G = co_mention_graph(edges, toy["entities"])
    assert nx_selfloops(G) == 0


def nx_selfloops(G) -> int:
    import networkx as nx

    return nx.number_of_selfloops(G)


def test_graph_min_weight_and_types(toy):
    sent = co_mention_edges(toy["mentions"], toy["sentences"], "sentence")
    para = co_mention_edges(toy["mentions"], toy["sentences"], "paragraph")
    G = co_mention_graph(sent, toy["entities"])
    assert set(G.nodes) == {KIM, PUTIN, MOSCOW, RUSSIA}  # Lavrov is never named with anyone
    assert G.nodes[KIM] == {"name": "Kim", "label": "PERSON", "mentions": 5, "partners": 3}
    assert {pair(*e) for e in co_mention_graph(sent, toy["entities"], min_weight=2).edges} == {pair(KIM, PUTIN)}
    assert {pair(*e) for e in co_mention_graph(para, toy["entities"], min_weight=2).edges} == {
        pair(KIM, PUTIN), pair(PUTIN, RUSSIA)}
    assert len(co_mention_graph(sent, toy["entities"], min_weight=4)) == 0
    assert set(co_mention_graph(sent, toy["entities"], types=["PERSON"]).edges) in (
        {(KIM, PUTIN)}, {(PUTIN, KIM)})
    assert len(co_mention_graph(sent, toy["entities"], types=["GPE"])) == 0
    gpe = co_mention_graph(para, toy["entities"], types=("GPE",))
    assert {pair(*e) for e in gpe.edges} == {pair(MOSCOW, RUSSIA)}


def test_empty_input_gives_empty_graph_and_figures(toy):
    for scope in ("sentence", "paragraph"):
        edges = co_mention_edges(toy["mentions"].iloc[0:0], toy["sentences"].iloc[0:0], scope)
        assert edges.empty and {"a", "b", "weight", "keys"} <= set(edges.columns)
        G = co_mention_graph(edges, toy["entities"].iloc[0:0], min_weight=1, types=["PERSON"])
        assert len(G) == 0
        assert len(network_figure(G).data) == 0
        matrix = co_mention_matrix(G)
        assert matrix.empty
        assert len(matrix_figure(matrix).data) == 0
        assert partners_table(G, KIM, toy["articles"]).empty
        assert evidence_table(G, KIM, toy["mentions"], toy["sentences"], toy["articles"], scope).empty
    # Only one sentence with one entity: nothing to pair.
    lone = toy["mentions"][toy["mentions"]["entity_id"] == LAVROV]
    assert co_mention_edges(lone, toy["sentences"], "sentence").empty


def assert_same_drawing(fig, expected) -> None:
    """Every trace at the same places, to well under a pixel: the layout is an optimiser's result, and
    its last digits may differ between machines (the chart spans about 2.5 units over ~900 px)."""
    assert [(t.name, t.mode) for t in fig.data] == [(t.name, t.mode) for t in expected.data]
    for t, e in zip(fig.data, expected.data):
        assert list(t.x) == pytest.approx(list(e.x), abs=1e-4), t.name  # None separates line segments
        assert list(t.y) == pytest.approx(list(e.y), abs=1e-4), t.name


def test_network_figure(toy):
    G = co_mention_graph(co_mention_edges(toy["mentions"], toy["sentences"]), toy["entities"])
    labels = {KIM: "Kim J.", PUTIN: "Putin V."}
    fig = network_figure(G, labels, highlight=MOSCOW)
    nodes = {t.name: t for t in fig.data if t.customdata is not None}
    assert set(nodes) == {"PERSON", "GPE"}  # one legend entry per type
    assert nodes["PERSON"].marker.color != nodes["GPE"].marker.color
    person = {c[0]: c for c in nodes["PERSON"].customdata}
    assert person["Kim J."][1:] == ["PERSON", 5, 3, 5]  # type, mentions, degree, co-mentions
    sizes = dict(zip([c[0] for c in nodes["PERSON"].customdata], nodes["PERSON"].marker.size))
    assert sizes["Kim J."] > sizes["Putin V."]  # 5 mentions against 4
    # Wider lines for heavier edges; the layout is deterministic.
    widths = sorted(t.line.width for t in fig.data if t.mode == "lines")
    assert widths[0] < widths[-1]
    assert_same_drawing(network_figure(G, labels, highlight=MOSCOW), fig)
    assert_same_drawing(network_figure(G, labels, highlight=MOSCOW, pos=layout_from_key(layout_key(G))), fig)
    text = next(t for t in fig.data if t.name == "labels")
    assert set(text.text) == {"Kim J.", "Putin V.", "Moscow", "Russia"}
    assert network_figure(G, labels, n_labels=1, highlight=MOSCOW).data[-1].text == ("Moscow", "Kim J.")


def test_labels_do_not_overlap():
    near = ["a", "b", "c", "d", "e"]  # five nodes on practically one spot
    pos = {n: (i * 1e-4, 0.0) for i, n in enumerate(near)} | {"far": (1.0, 1.0)}
    texts = {n: "Some long name" for n in pos}
    where = place_labels(pos, near + ["far"], texts, {n: 20 for n in pos})
    assert [where.get(n) for n in near] == ["top center", "bottom center", "middle right", "middle left", None]
    assert where["far"] == "top center"


def test_top_nodes_keeps_the_most_mentioned(toy):
    G = co_mention_graph(co_mention_edges(toy["mentions"], toy["sentences"]), toy["entities"])
    assert set(top_nodes(G, 2).nodes) == {KIM, PUTIN}
    assert set(top_nodes(G, 2, keep=(MOSCOW,)).nodes) == {KIM, PUTIN, MOSCOW}
    assert top_nodes(G, 10) is G
    strongest = top_nodes(G, 10, max_edges=1)
    assert set(strongest.edges) in ({(KIM, PUTIN)}, {(PUTIN, KIM)}) and len(strongest) == 2


def test_matrix(toy):
    G = co_mention_graph(co_mention_edges(toy["mentions"], toy["sentences"], "paragraph"), toy["entities"])
    m = co_mention_matrix(G, {KIM: "Kim J."})
    assert list(m.index) == list(m.columns)
    assert list(m.index[:2]) == ["Kim J.", "Putin"]  # people first, then places, by mentions
    assert (m.to_numpy() == m.to_numpy().T).all()
    assert m.loc["Kim J.", "Putin"] == 2 and m.loc["Moscow", "Russia"] == 1 and m.loc["Kim J.", "Kim J."] == 0
    assert co_mention_matrix(G, max_nodes=2).shape == (2, 2)
    fig = matrix_figure(m)
    assert fig.data[0].type == "heatmap"


def test_partners_and_evidence(toy):
    G = co_mention_graph(co_mention_edges(toy["mentions"], toy["sentences"]), toy["entities"])
    partners = partners_table(G, KIM, toy["articles"])
    assert list(partners["partner"]) == ["Putin", "Moscow", "Russia"]
    top = partners.iloc[0]
    assert top["co-mentions"] == 3 and top["articles"] == 2 and top["sources"] == ["Alpha News", "Beta Post"]
    assert partners_table(G, LAVROV, toy["articles"]).empty

    ev = evidence_table(G, KIM, toy["mentions"], toy["sentences"], toy["articles"], "sentence")
    putin = ev[ev["partner"] == "Putin"]
    assert list(putin["sentence"]) == ["Kim met Putin in Moscow.", "Putin thanked Kim.", "Kim and Putin shook hands."]
    assert list(putin["article"]) == ["Summit", "Summit", "B"]  # untitled articles show their id
    assert list(putin["source"]) == ["Alpha News", "Alpha News", "Beta Post"]
    assert list(ev["partner"])[:3] == ["Putin"] * 3  # strongest partner first
    assert len(evidence_table(G, KIM, toy["mentions"], toy["sentences"], toy["articles"], limit=2)) == 2
    link = urlsplit(putin.iloc[2]["reader"])
    assert link.path == "reader" and parse_qs(link.query) == {"article": ["B"], "entity": ["Kim", "Putin"]}


def test_paragraph_evidence_quotes_only_the_sentences_naming_the_pair(toy):
    G = co_mention_graph(co_mention_edges(toy["mentions"], toy["sentences"], "paragraph"), toy["entities"])
    ev = evidence_table(G, MOSCOW, toy["mentions"], toy["sentences"], toy["articles"], "paragraph")
    row = ev[ev["partner"] == "Russia"].iloc[0]
    assert row["sentence"] == "Kim met Putin in Moscow. … Kim said Kim loves Russia."


# --- the seed corpus -------------------------------------------------------------------------


def test_seed_network_joins_kim_and_putin(seed_tables):
    kim, putin = "person:kim-jong-un", "person:vladimir-putin"
    m, s = seed_tables["mentions"], seed_tables["sentences"]
    G = co_mention_graph(co_mention_edges(m, s, "sentence"), seed_tables["entities"])
    assert kim in G and putin in G and G.has_edge(kim, putin)
    by_sent: dict = {}
    for a, i, e in zip(m["article_id"], m["sent_id"], m["entity_id"]):
        by_sent.setdefault((a, i), set()).add(e)
    expected = sum(1 for ids in by_sent.values() if kim in ids and putin in ids)
    assert expected > 0
    assert G.edges[kim, putin]["weight"] == expected
    # Paragraph scope counts paragraphs instead.
    para_of = {(a, i): p for a, i, p in zip(s["article_id"], s["sent_id"], s["para_id"])}
    by_para: dict = {}
    for a, i, e in zip(m["article_id"], m["sent_id"], m["entity_id"]):
        by_para.setdefault((a, para_of[(a, i)]), set()).add(e)
    paras = {k for k, ids in by_para.items() if kim in ids and putin in ids}
    Gp = co_mention_graph(co_mention_edges(m, s, "paragraph"), seed_tables["entities"])
    assert Gp.edges[kim, putin]["weight"] == len(paras)


# --- the page --------------------------------------------------------------------------------


@pytest.fixture
def page(open_page):
    return lambda **params: open_page("pages/co_mentions.py", **params)


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def frame(at, column: str) -> pd.DataFrame:
    """The page's dataframe that has ``column``."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, f"no table with column {column!r}"
    return found[0]


def test_page_runs_without_filters(page):
    at = page()
    specs = charts(at)
    assert len(specs) == 1
    traces = specs[0]["data"]
    assert any(t.get("name") == "PERSON" for t in traces)
    names = {c[0] for t in traces if t.get("customdata") for c in t["customdata"]}
    assert {"Kim Jong Un", "Vladimir Putin"} <= names
    assert not at.warning
    assert at.selectbox(key="focus").value is None


def test_page_focus_lists_partners_and_evidence(page, seed_tables):
    at = page(focus="Kim Jong Un")
    assert at.selectbox(key="focus").value == "Kim Jong Un"
    partners = frame(at, "partner")
    assert "Vladimir Putin" in list(partners["partner"].head(5))
    evidence = frame(at, "reader")
    assert (evidence["partner"] == "Vladimir Putin").sum() == int(
        partners.loc[partners["partner"] == "Vladimir Putin", "co-mentions"].iloc[0])
    assert all(r.startswith("reader?article=") and "entity=Kim+Jong+Un" in r for r in evidence["reader"])


def test_page_source_filter_shrinks_partners(page, seed_tables):
    whole = page(focus="Kim Jong Un")
    all_partners, all_evidence = frame(whole, "co-mentions"), frame(whole, "reader")
    one = sorted(seed_tables["articles"]["source"])[0]
    at = page(focus="Kim Jong Un", source=one)
    partners, evidence = frame(at, "co-mentions"), frame(at, "reader")
    assert len(evidence) < len(all_evidence)
    assert partners["co-mentions"].sum() < all_partners["co-mentions"].sum()
    assert set(evidence["source"]) == {one}
    assert all(s == [one] for s in partners["sources"])


def test_page_matrix_view(page):
    at = page(view="matrix")
    assert at.segmented_control(key="view").value == "matrix"
    specs = charts(at)
    assert [t["type"] for t in specs[0]["data"]] == ["heatmap"]
    assert "Kim Jong Un" in specs[0]["data"][0]["x"]


def test_page_paragraph_scope_and_threshold(page, seed_tables):
    at = page(scope="paragraph", min_weight="3", node_types="PERSON")
    assert at.segmented_control(key="scope").value == "paragraph"
    assert at.slider(key="min_weight").value == 3
    traces = charts(at)[0]["data"]
    assert {t["name"] for t in traces if t.get("customdata")} == {"PERSON"}


def test_page_bad_params_warn(page):
    at = page(min_weight="abc", scope="banana", focus="Nobody At All")
    notes = " ".join(w.value for w in at.warning).replace("\\", "")  # warnings are markdown-escaped
    assert "min_weight=abc" in notes and "scope=banana" in notes and "focus=Nobody At All" in notes
    assert "min_weight" in notes and "scope" in notes and "focus" in notes
    assert at.segmented_control(key="scope").value == "sentence"
    assert len(charts(at)) == 1


def test_page_no_edges_is_an_info(page):
    at = page(min_weight="1000")
    # 1000 is beyond the slider: a warning, and the default threshold applies.
    assert any("min\\_weight=1000" in w.value for w in at.warning)
    at = page(node_types="PRODUCT")  # one product in the seeds: no pair of products
    assert not charts(at)
    assert any("No pair" in i.value for i in at.info)
