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


def source_cards(articles: pd.DataFrame, mentions: pd.DataFrame, entities: pd.DataFrame,
                 top: int = 5) -> pd.DataFrame:
    """One row per source: its articles, words, dates, headline and most-mentioned people and places."""
    name_of = dict(zip(entities["entity_id"], entities["name"]))
    label_of = dict(zip(entities["entity_id"], entities["label"]))
    source_of = dict(zip(articles["article_id"], articles["source"]))
    m = mentions[mentions["article_id"].isin(source_of)].assign(source=lambda d: d["article_id"].map(source_of))
    rows = []
    for source, arts in articles.groupby("source", sort=True):
        counts = m.loc[m["source"] == source, "entity_id"].value_counts()
        people = [name_of[e] for e in counts.index if label_of.get(e) == "PERSON"][:top]
        places = [name_of[e] for e in counts.index if label_of.get(e) in ("GPE", "LOC", "FAC")][:top]
        dates = [d for d in pd.concat([arts["published"], arts["header_date"]]).dropna()]
        titles = [t for t in arts["title"] if t]
        rows.append({
            "source": source,
            "articles": len(arts),
            "article_ids": list(arts["article_id"]),
            "words": int(arts["n_words"].sum()),
            "dates": f"{min(dates)} – {max(dates)}" if len(set(dates)) > 1 else (str(dates[0]) if dates else ""),
            "headline": titles[0] if titles else "",
            "people": people,
            "places": places,
            "mentions": int(counts.sum()),
        })
    return pd.DataFrame(rows, columns=["source", "articles", "article_ids", "words", "dates", "headline",
                                       "people", "places", "mentions"])
