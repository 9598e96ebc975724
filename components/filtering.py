"""The global filters (sources, entities, date range) and how they cut every table.

Pure functions: a :class:`Filters` value and the loaded tables in, filtered tables out.  Every page
applies the same cut, so a number on one page agrees with the same number on another.

Semantics, as an analyst reads them:

* **sources**: keep the articles of the chosen outlets (none chosen = all).
* **entities**: keep the articles and the sentences that mention *any* chosen entity; mentions and
  events are kept only inside those sentences, so a co-mention network becomes the chosen entities'
  neighbourhood.
* **date range**: keep articles dated within it (``published``, else the file's header date).
  Undated articles are kept and counted, because a missing date says nothing about the story's
  time and silently dropping them would hide coverage.

Claims follow the articles.  With an entity filter a claim is kept when it lies in a matching
sentence (so the claims agree with the sentences the reader underlines) *or* names a chosen entity
in its ``entity_ids`` (an elided subject, "the cosmodrome" resolved to its one cosmodrome), as long
as its article is kept.  A claim group keeps its kept members only: its members, articles and
number of sources are recounted, so "shared by two sources" means two of the *filtered* sources, and
a group with no kept member is dropped.  Its conflicts are re-checked on the kept members: a kind
the build found is kept only while the kept members still show it (the build stays the authority on
what counts as a conflict; filtering never adds one), and a claim whose group is left with one
source becomes that source's own claim (stance ``only``).  Source pairs are kept when both articles
are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from preprocessing.claims.events import article_days
from preprocessing.claims.resolve import group_conflicts


@dataclass(frozen=True)
class Filters:
    sources: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()  # entity ids
    date_range: tuple[dt.date, dt.date] | None = None

    @property
    def active(self) -> bool:
        return bool(self.sources or self.entities or self.date_range)


def article_dates(articles: pd.DataFrame) -> pd.Series:
    """Each article's date: ``published`` when known, else the header date; NaT-free (None) when neither."""
    dates = articles["published"].where(articles["published"].notna(), articles["header_date"])
    return dates.astype(object).where(dates.notna(), None)


def date_bounds(articles: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    dates = [d for d in article_dates(articles) if d is not None]
    return (min(dates), max(dates)) if dates else None


@dataclass(frozen=True)
class Filtered:
    """The tables after the global filters, plus what the cut did (for captions)."""

    tables: dict[str, pd.DataFrame]
    undated_kept: int

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def apply_filters(tables: dict[str, pd.DataFrame], f: Filters) -> Filtered:
    """Cut every table to the filtered articles and, with an entity filter, to the matching sentences."""
    articles = tables["articles"]
    articles = articles[articles["status"] == "ok"]
    if f.sources:
        articles = articles[articles["source"].isin(f.sources)]
    undated = 0
    if f.date_range:
        lo, hi = f.date_range
        dates = article_dates(articles)
        dated = dates.notna()
        in_range = dates.map(lambda d: d is not None and lo <= d <= hi)
        undated = int((~dated).sum())
        articles = articles[in_range | ~dated]
    keep = set(articles["article_id"])

    sentences = tables["sentences"][tables["sentences"]["article_id"].isin(keep)]
    mentions = tables["mentions"][tables["mentions"]["article_id"].isin(keep)]
    events = tables["events"][tables["events"]["article_id"].isin(keep)]
    if f.entities:
        hits = mentions.loc[mentions["entity_id"].isin(f.entities), ["article_id", "sent_id"]].drop_duplicates()
        sentences = sentences.merge(hits, on=["article_id", "sent_id"])
        mentions = mentions.merge(hits, on=["article_id", "sent_id"])
        events = events.merge(hits, on=["article_id", "sent_id"])
        keep = set(hits["article_id"])
        articles = articles[articles["article_id"].isin(keep)]

    claims = tables["claims"][tables["claims"]["article_id"].isin(keep)]
    if f.entities:
        in_hit = pd.MultiIndex.from_frame(claims[["article_id", "sent_id"]]).isin(
            pd.MultiIndex.from_frame(hits[["article_id", "sent_id"]]))
        chosen = set(f.entities)
        names_one = claims["entity_ids"].map(lambda ids: any(e in chosen for e in ids)).to_numpy(dtype=bool)
        claims = claims[in_hit | names_one]
    groups, claims = restrict_claim_groups(tables["claim_groups"], claims, articles)
    pairs = tables["source_pairs"]
    pairs = pairs[pairs["article_a"].isin(keep) & pairs["article_b"].isin(keep)]

    route = restrict_route(tables["route"], articles)
    source_routes = restrict_route(tables["source_routes"], articles, group=("source", "traveller_id"))
    counts = mentions.groupby("entity_id").agg(n_mentions=("sent_id", "size"),
                                              n_articles=("article_id", "nunique"))
    entities = tables["entities"].drop(columns=["n_mentions", "n_articles"]).merge(
        counts, left_on="entity_id", right_index=True)
    places = tables["places"][tables["places"]["entity_id"].isin(entities["entity_id"])]
    out = dict(tables)
    out.update(articles=articles.reset_index(drop=True), sentences=sentences.reset_index(drop=True),
               mentions=mentions.reset_index(drop=True), events=events.reset_index(drop=True),
               entities=entities.reset_index(drop=True), places=places.reset_index(drop=True),
               route=route, source_routes=source_routes, claims=claims.reset_index(drop=True),
               claim_groups=groups.reset_index(drop=True), source_pairs=pairs.reset_index(drop=True))
    return Filtered(out, undated)


def restrict_claim_groups(groups: pd.DataFrame, claims: pd.DataFrame,
                          articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The groups of the kept ``claims``, recounted over their kept members, and the claims with the
    stance of a group left with one source set to ``only``.  Neither input is modified."""
    sizes = claims.groupby("group_id", sort=False).size()
    out = groups[groups["group_id"].isin(sizes.index)]
    changed = out["group_id"].map(sizes).to_numpy() != out["claim_ids"].map(len).to_numpy()
    if not changed.any():
        return out, claims
    touched = set(out.loc[changed, "group_id"])
    kept = claims[claims["group_id"].isin(touched)]
    source_of = dict(zip(articles["article_id"], articles["source"]))
    # Plain loops: a pandas groupby-apply per group costs seconds on a large corpus.
    rows: dict[str, list[int]] = defaultdict(list)
    for k, g in enumerate(kept["group_id"]):
        rows[g].append(k)
    ids, arts = kept["claim_id"].tolist(), kept["article_id"].tolist()
    certainty, numbers, days = kept["certainty"].tolist(), kept["numbers"].tolist(), kept["days"].tolist()
    new: dict[str, dict] = {}
    day_of = article_days(articles)
    for g, kinds in zip(out.loc[changed, "group_id"], out.loc[changed, "conflict"]):
        r = rows[g]
        n_sources = len({source_of.get(arts[k]) for k in r})
        still, note = [], ""
        if len(kinds) and n_sources > 1:
            members = [{"article_id": arts[k], "source": source_of.get(arts[k]), "certainty": certainty[k],
                        "numbers": numbers[k], "days": days[k], "day": day_of.get(arts[k])} for k in r]
            found = [(k, n) for k, n in group_conflicts(members) if k in set(kinds)]
            still, note = [k for k, _ in found], "; ".join(n for _, n in found)
        new[g] = {"claim_ids": [ids[k] for k in r], "article_ids": list(dict.fromkeys(arts[k] for k in r)),
                  "n_sources": n_sources, "conflict": still, "conflict_note": note}
    out = out.copy()
    gids = out["group_id"].to_numpy()
    for col in ("claim_ids", "article_ids", "n_sources", "conflict", "conflict_note"):
        out[col] = pd.Series([new[g][col] if hit else v for g, hit, v in zip(gids, changed, out[col])],
                             index=out.index, dtype=groups[col].dtype)
    alone = {g for g, d in new.items() if d["n_sources"] == 1}
    if alone:
        lone = claims["group_id"].isin(alone).to_numpy()
        claims = claims.copy()
        claims.loc[lone, "stance"] = "only"
        claims.loc[lone, "stance_note"] = ""
    return out, claims


def restrict_route(route: pd.DataFrame, articles: pd.DataFrame,
                   group: tuple[str, ...] = ("traveller_id",)) -> pd.DataFrame:
    """Keep the stops reported by the kept articles, recount their sources, renumber and re-measure legs.

    The order of the stops is the built order (corpus-wide for ``route``, the source's own for
    ``source_routes``, grouped by ``group``): filtering shows which of those stops the kept
    articles report, not a re-derived order.
    """
    source_of = dict(zip(articles["article_id"], articles["source"]))
    rows = []
    for _, stop in route.iterrows():
        pairs = [(a, e) for a, e in zip(stop["article_ids"], stop["evidence"]) if a in source_of]
        if not pairs:
            continue
        row = stop.to_dict()
        row["article_ids"] = [a for a, _ in pairs]
        row["evidence"] = [e for _, e in pairs]
        row["n_sources"] = len({source_of[a] for a, _ in pairs})
        rows.append(row)
    if not rows:
        return route.iloc[0:0].copy()
    out = pd.DataFrame(rows, columns=route.columns)
    out = out.sort_values([*group, "stop_order"]).reset_index(drop=True)
    out["stop_order"] = out.groupby(list(group)).cumcount() + 1
    out["leg_km"] = _legs(out, group)
    return out


def _legs(route: pd.DataFrame, group: tuple[str, ...]) -> list[float | None]:
    from geopy.distance import geodesic

    legs: list[float | None] = []
    prev: tuple[tuple, float, float] | None = None
    for key, lat, lon in zip(zip(*(route[c] for c in group)), route["lat"], route["lon"]):
        if prev is None or prev[0] != key:
            legs.append(None)
        else:
            legs.append(geodesic((prev[1], prev[2]), (lat, lon)).km)
        prev = (key, lat, lon)
    return legs


def entity_labels(entities: pd.DataFrame) -> dict[str, str]:
    """A unique display label per entity id: its name, plus the type when two entities share a name.

    These labels are what a shared URL carries (``?entity=Kim+Jong+Un``), so they must be stable
    and readable.
    """
    dup = entities["name"].duplicated(keep=False)
    return {eid: f"{name} ({label})" if d else name
            for eid, name, label, d in zip(entities["entity_id"], entities["name"], entities["label"], dup)}
