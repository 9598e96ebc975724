"""Who is mentioned with whom: co-mention edges, the graph, a focus entity's partners and evidence.

Pure functions: filtered ``mentions`` / ``sentences`` / ``entities`` / ``articles`` tables in,
DataFrames and a networkx graph out (drawn by :mod:`components.co_mention_figures`).  Nothing here
reads files or widgets.

Two entities are *co-mentioned* once per distinct unit (a sentence, or a paragraph:
``sentences.para_id``) that mentions both; an entity named twice in one unit counts once and never
pairs with itself.  Pairs are found with a pandas self-merge per unit, not Python loops, so a
corpus of thousands of articles stays quick.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from components.links import page_link
from components.registry import READER

SCOPES = ("sentence", "paragraph")
VIEWS = ("network", "matrix")

EDGE_COLUMNS = ["a", "b", "weight", "n_articles", "keys"]


def _units(mentions: pd.DataFrame, sentences: pd.DataFrame, scope: str) -> pd.DataFrame:
    """Distinct (article_id, unit, entity_id) rows: which entity appears in which sentence/paragraph."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}, not {scope!r}")
    m = mentions.loc[mentions["entity_id"].notna() & (mentions["entity_id"] != ""),
                     ["article_id", "sent_id", "entity_id"]]
    if scope == "paragraph":
        m = m.merge(sentences[["article_id", "sent_id", "para_id"]], on=["article_id", "sent_id"])
        m = m.rename(columns={"para_id": "unit"})
    else:
        m = m.rename(columns={"sent_id": "unit"})
    return m[["article_id", "unit", "entity_id"]].drop_duplicates()


def co_mention_pairs(mentions: pd.DataFrame, sentences: pd.DataFrame, scope: str = "sentence") -> pd.DataFrame:
    """One row per (a, b, article_id, unit) with a < b: each unit in which both entities appear."""
    u = _units(mentions, sentences, scope)
    pairs = u.merge(u, on=["article_id", "unit"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["entity_id_a"] < pairs["entity_id_b"]]
    pairs = pairs.rename(columns={"entity_id_a": "a", "entity_id_b": "b"})
    return pairs[["a", "b", "article_id", "unit"]].reset_index(drop=True)


def co_mention_edges(mentions: pd.DataFrame, sentences: pd.DataFrame, scope: str = "sentence") -> pd.DataFrame:
    """Edges ``a, b, weight, n_articles, keys``: weight = distinct units mentioning both.

    ``keys`` lists the evidence units as ``(article_id, unit)`` tuples (unit = sent_id or para_id).
    Sorted strongest first.
    """
    pairs = co_mention_pairs(mentions, sentences, scope)
    if pairs.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("a", "b", "keys") else "int64")
                             for c in EDGE_COLUMNS})
    pairs["key"] = list(zip(pairs["article_id"], pairs["unit"].astype(int)))
    edges = (pairs.groupby(["a", "b"], sort=False)
             .agg(weight=("key", "size"), n_articles=("article_id", "nunique"), keys=("key", list))
             .reset_index())
    edges["weight"] = edges["weight"].astype("int64")
    edges["n_articles"] = edges["n_articles"].astype("int64")
    return edges.sort_values(["weight", "a", "b"], ascending=[False, True, True]).reset_index(drop=True)


def max_weight(edges: pd.DataFrame) -> int:
    return int(edges["weight"].max()) if len(edges) else 0


def co_mention_graph(edges: pd.DataFrame, entities: pd.DataFrame, min_weight: int = 1,
                     types: tuple[str, ...] | list[str] = ()) -> nx.Graph:
    """The network of edges with ``weight >= min_weight`` between entities of ``types`` (empty = all).

    Nodes carry ``name``, ``label`` (type), ``mentions`` and ``partners`` (degree in this graph);
    edges carry ``weight``, ``n_articles`` and ``keys``.  Entities left without an edge are dropped:
    this is a network of co-mentions, not an entity list.
    """
    kept = edges[edges["weight"] >= min_weight] if len(edges) else edges
    if kept.empty:
        return nx.Graph()
    info = entities.drop_duplicates("entity_id").set_index("entity_id")

    def type_of(ids: pd.Series) -> pd.Series:
        # An entity missing from the table keeps the type its id starts with ('person:…').
        return ids.map(info["label"]).fillna(ids.str.split(":", n=1).str[0].str.upper())

    if types:
        kept = kept[type_of(kept["a"]).isin(types) & type_of(kept["b"]).isin(types)]
    G = nx.from_pandas_edgelist(kept, "a", "b", edge_attr=["weight", "n_articles", "keys"])
    nodes = pd.Series(list(G.nodes), dtype=object)
    names = nodes.map(info["name"]).fillna(nodes)
    mentions = nodes.map(info["n_mentions"]).fillna(0).astype(int)
    for n, name, lab, m in zip(nodes, names, type_of(nodes), mentions):
        G.nodes[n].update(name=name, label=lab, mentions=int(m), partners=G.degree(n))
    for _, _, d in G.edges(data=True):
        d["weight"], d["n_articles"] = int(d["weight"]), int(d["n_articles"])
    return G


def node_ranking(G: nx.Graph) -> list[str]:
    """Nodes by mentions, then co-mention strength, then id (deterministic)."""
    strength = dict(G.degree(weight="weight"))
    return sorted(G.nodes, key=lambda n: (-G.nodes[n].get("mentions", 0), -strength[n], n))


def top_nodes(G: nx.Graph, n: int, keep: tuple[str, ...] = (), max_edges: int | None = None) -> nx.Graph:
    """What to draw: the ``n`` most mentioned nodes (plus ``keep``) and, with ``max_edges``, only the
    strongest edges among them; nodes left unconnected are dropped.  ``G`` itself when it all fits.
    """
    if len(G) <= n and (max_edges is None or G.number_of_edges() <= max_edges):
        return G
    top = node_ranking(G)[:n]
    chosen = top + [k for k in keep if k in G and k not in top]
    sub = G.subgraph(chosen).copy()
    if max_edges is not None and sub.number_of_edges() > max_edges:
        ranked = sorted(sub.edges(data="weight"), key=lambda e: (-e[2], min(e[0], e[1]), max(e[0], e[1])))
        sub.remove_edges_from([(a, b) for a, b, _ in ranked[max_edges:]])
    sub.remove_nodes_from([v for v in list(sub.nodes) if sub.degree(v) == 0])
    return sub


def partners_table(G: nx.Graph, focus: str, articles: pd.DataFrame, labels: dict[str, str] | None = None,
                   limit: int | None = None) -> pd.DataFrame:
    """A focus entity's partners in the network, strongest first: partner, type, co-mentions, articles, sources."""
    cols = ["partner", "type", "co-mentions", "articles", "sources"]
    if focus not in G:
        return pd.DataFrame(columns=cols)
    labels = labels or {}
    source_of = dict(zip(articles["article_id"], articles["source"]))
    rows = []
    for p in G.neighbors(focus):
        d = G.edges[focus, p]
        arts = {a for a, _ in d["keys"]}
        rows.append({"partner": labels.get(p) or G.nodes[p].get("name", p), "type": G.nodes[p].get("label", ""),
                     "co-mentions": d["weight"], "articles": len(arts),
                     "sources": sorted({source_of.get(a, a) for a in arts})})
    out = pd.DataFrame(rows, columns=cols).sort_values(["co-mentions", "articles", "partner"],
                                                       ascending=[False, False, True])
    return (out.head(limit) if limit else out).reset_index(drop=True)


def evidence_table(G: nx.Graph, focus: str, mentions: pd.DataFrame, sentences: pd.DataFrame,
                   articles: pd.DataFrame, scope: str = "sentence", labels: dict[str, str] | None = None,
                   partners: list[str] | None = None, limit: int | None = None) -> pd.DataFrame:
    """The sentences behind a focus entity's co-mentions: partner, source, article, reader link, sentence.

    In paragraph scope a row is one paragraph; its text is the paragraph's sentences that mention
    the focus or the partner, joined with ' … ', so the row shows why the pair counts.
    ``partners`` (ids) narrows to some partners; rows follow the partners' strength, and ``limit``
    keeps the first rows (a frequent entity can have tens of thousands).
    """
    cols = ["partner", "source", "article", "reader", "sentence"]  # the link before the long text stays in view
    if focus not in G:
        return pd.DataFrame(columns=cols)
    labels = labels or {}
    lab = lambda n: labels.get(n) or G.nodes[n].get("name", n)  # noqa: E731
    nbrs = sorted(G.neighbors(focus), key=lambda p: (-G.edges[focus, p]["weight"], lab(p)))
    if partners is not None:
        nbrs = [p for p in nbrs if p in set(partners)]
    rows = [(rank, p, a, u) for rank, p in enumerate(nbrs) for a, u in sorted(G.edges[focus, p]["keys"])]
    rows = rows[:limit] if limit else rows
    if not rows:
        return pd.DataFrame(columns=cols)
    ev = pd.DataFrame(rows, columns=["rank", "partner_id", "article_id", "unit"])
    sents = sentences[["article_id", "sent_id", "para_id", "text"]]
    if scope == "paragraph":
        # Only the sentences of the paragraph that name one of the two entities.
        named = mentions[["article_id", "sent_id", "entity_id"]].drop_duplicates()
        cand = ev.merge(sents, left_on=["article_id", "unit"], right_on=["article_id", "para_id"])
        cand = cand.merge(named, on=["article_id", "sent_id"])
        cand = cand[(cand["entity_id"] == focus) | (cand["entity_id"] == cand["partner_id"])]
        cand = cand.drop_duplicates(["rank", "article_id", "unit", "sent_id"]).sort_values("sent_id")
        text = cand.groupby(["rank", "article_id", "unit"])["text"].agg(" … ".join).rename("sentence")
        ev = ev.merge(text.reset_index(), on=["rank", "article_id", "unit"], how="left")
    else:
        ev = ev.merge(sents.rename(columns={"text": "sentence"}), left_on=["article_id", "unit"],
                      right_on=["article_id", "sent_id"], how="left")
    info = articles.set_index("article_id")
    ev["source"] = ev["article_id"].map(info["source"])
    titles = ev["article_id"].map(info["title"]).fillna("")
    ev["article"] = titles.where(titles != "", ev["article_id"])
    ev["partner"] = ev["partner_id"].map(lab)
    # The pair becomes the reader's entity filter (highlighting both); the other filters are not kept.
    ev["reader"] = [page_link(READER, {"article": a, "entity": [lab(focus), lab(p)]})
                    for a, p in zip(ev["article_id"], ev["partner_id"])]
    ev = ev.sort_values(["rank", "article_id", "unit"])
    return ev[cols].reset_index(drop=True)
