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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd


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
               route=route, source_routes=source_routes)
    return Filtered(out, undated)


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
