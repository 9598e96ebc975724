"""Corpus summary and display tables for the overview page (pure: DataFrames in, values out)."""

from __future__ import annotations

import pandas as pd


def corpus_summary(tables: dict[str, pd.DataFrame]) -> dict[str, object]:
    """Headline numbers: articles analysed/refused, sources, entities, places, events, date span."""
    articles = tables["articles"]
    ok = articles[articles["status"] == "ok"]
    dates = pd.concat([ok["published"].dropna(), ok["header_date"].dropna()])
    return {
        "articles": len(ok),
        "refused": int((articles["status"] != "ok").sum()),
        "sources": ok["source"].nunique(),
        "entities": len(tables["entities"]),
        "places": int(tables["places"]["lat"].notna().sum()),
        "events": len(tables["events"]),
        "date_span": (min(dates), max(dates)) if len(dates) else None,
        "warnings": [w for ws in articles["warnings"] for w in ws],
    }


def default_traveller(route: pd.DataFrame, entities: pd.DataFrame) -> str | None:
    """The most-mentioned person who has a route."""
    travellers = entities[entities["entity_id"].isin(route["traveller_id"].unique())]
    if travellers.empty:
        return None
    return travellers.sort_values(["n_mentions", "name"], ascending=[False, True]).iloc[0]["entity_id"]


def route_table(route: pd.DataFrame, traveller_id: str) -> pd.DataFrame:
    """One traveller's stops, in order, with a readable when and the reporting articles."""
    stops = route[route["traveller_id"] == traveller_id].sort_values("stop_order")
    when = [str(d) if pd.notna(d) else (w or "") for d, w in zip(stops["date"], stops["weekday"])]
    return pd.DataFrame({
        "#": stops["stop_order"].to_numpy(),
        "stop": stops["name"].to_numpy(),
        "when": when,
        "planned": stops["planned"].to_numpy(),
        "sources": stops["n_sources"].to_numpy(),
        "articles": [", ".join(a) for a in stops["article_ids"]],
        "leg km": stops["leg_km"].round(0).to_numpy(),
    })


def articles_table(articles: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "article": articles["article_id"],
        "source": articles["source"],
        "title": articles["title"],
        # published (metadata) when known, else the date in the file's own header; blank when neither
        "date": [str(p) if pd.notna(p) else (str(h) if pd.notna(h) else "")
                 for p, h in zip(articles["published"], articles["header_date"])],
        "words": articles["n_words"],
        "status": articles["status"],
        "warnings": ["; ".join(w) for w in articles["warnings"]],
    })
