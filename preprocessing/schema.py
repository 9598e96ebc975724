"""The tables Triangulate writes, documented once.

Every table the build writes to Parquet is declared here: its columns, their Arrow types and what
they mean.  The build passes each DataFrame through :func:`conform` before writing, so a stage that
forgets a column or returns the wrong type fails loudly at build time instead of confusing a page.

Offsets (``start``/``end``) are character offsets into ``articles.text``, the original file text as
decoded, so the reader can highlight exactly what the analyst sees.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

STR = pa.string()
INT = pa.int32()
FLOAT = pa.float64()
BOOL = pa.bool_()
DATE = pa.date32()
STR_LIST = pa.list_(pa.string())


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    doc: str


TABLES: dict[str, list[Column]] = {
    "articles": [
        Column("article_id", STR, "File stem, unique within the corpus."),
        Column("source", STR, "Outlet from sources.csv, else the article id."),
        Column("title", STR, "Title from sources.csv, else the headline line of the file, else ''."),
        Column("published", DATE, "Publication date from sources.csv (trusted anchor for dates); null if unknown."),
        Column("header_date", DATE, "Date found in the file's own header lines (crawl date or site dateline); "
                                    "not trusted as a publication date."),
        Column("header_date_kind", STR, "'crawl' for a `date YYYY-MM-DD` prefix, 'dateline' for a site dateline, ''."),
        Column("url", STR, "URL from sources.csv, else ''."),
        Column("path", STR, "File name inside the articles folder."),
        Column("text", STR, "Original decoded text, shown by the reader; all offsets point into it."),
        Column("body_start", INT, "Offset where the analysed body starts (after header and headline lines)."),
        Column("body_end", INT, "Offset where the analysed body ends (before trailing credit lines)."),
        Column("n_words", INT, "Whitespace-separated words in the body."),
        Column("language", STR, "Detected language code ('en', 'de', …) or '' when undetectable."),
        Column("status", STR, "'ok' when analysed; 'skipped' when refused (see warnings)."),
        Column("warnings", STR_LIST, "Human-readable problems with this file, each naming the file."),
        Column("content_hash", STR, "sha256 of the raw file bytes; drives the incremental build."),
    ],
    "sentences": [
        Column("article_id", STR, "Article the sentence belongs to."),
        Column("sent_id", INT, "0-based index of the sentence within the article."),
        Column("para_id", INT, "0-based paragraph (line block) of the sentence within the article."),
        Column("start", INT, "Offset of the first character in articles.text."),
        Column("end", INT, "Offset one past the last character."),
        Column("text", STR, "Sentence text as in the original."),
    ],
    "mentions": [
        Column("article_id", STR, "Article of the mention."),
        Column("sent_id", INT, "Sentence of the mention."),
        Column("start", INT, "Offset of the mention in articles.text (possessive 's excluded)."),
        Column("end", INT, "Offset one past the mention."),
        Column("text", STR, "Mention as written."),
        Column("label", STR, "Entity type after correction: PERSON, GPE, LOC, FAC, ORG, NORP, PRODUCT, EVENT, …"),
        Column("entity_id", STR, "Canonical entity (entities.entity_id)."),
    ],
    "entities": [
        Column("entity_id", STR, "Stable id: '<label>:<slug of canonical name>', e.g. 'person:kim-jong-un'."),
        Column("name", STR, "Canonical name, e.g. 'Kim Jong Un', 'United States'."),
        Column("label", STR, "Entity type (see mentions.label)."),
        Column("aliases", STR_LIST, "Distinct surface forms seen for this entity."),
        Column("n_mentions", INT, "Mentions across the corpus."),
        Column("n_articles", INT, "Articles mentioning it."),
    ],
    "places": [
        Column("entity_id", STR, "The place entity (entities.entity_id)."),
        Column("name", STR, "Canonical name."),
        Column("lat", FLOAT, "Latitude (WGS84); null when unresolved."),
        Column("lon", FLOAT, "Longitude (WGS84); null when unresolved."),
        Column("kind", STR, "'city', 'facility', 'region', 'country', 'continent', 'admin', 'water' or "
                            "'unresolved'. Only city and facility are point stops on a route."),
        Column("country", STR, "ISO 3166-1 alpha-2 code, '' when unknown or not applicable."),
        Column("geocoder", STR, "'gazetteer' (data/gazetteer.csv), 'geonames', 'nominatim' (cached) or 'none'."),
        Column("confidence", FLOAT, "0..1: how sure the resolver is of this reading."),
    ],
    "events": [
        Column("event_id", STR, "'<article_id>:<sent_id>:<n>'."),
        Column("article_id", STR, "Article reporting the event."),
        Column("sent_id", INT, "Sentence reporting it."),
        Column("actor_id", STR, "Entity doing or undergoing the move (entity_id); '' when unresolved."),
        Column("action", STR, "Normalised verb: arrive, visit, tour, inspect, travel, stop, meet, welcome, fire, …"),
        Column("place_id", STR, "Where (entity_id of a place); '' when the sentence names none."),
        Column("when_text", STR, "The time expression as written ('on Wednesday', 'the following day'), or ''."),
        Column("date", DATE, "Resolved calendar date, null when no trustworthy anchor exists."),
        Column("weekday", STR, "Weekday named or implied ('Wednesday'), '' when none."),
        Column("planned", BOOL, "True for announced or expected moves ('will travel to', 'is expected to')."),
        Column("date_note", STR, "Why the date is as it is, e.g. weekday contradicts anchor, or why the header "
                                 "date was not used; '' when clean."),
        Column("anchor", STR, "What the date was counted from: 'published' (sources.csv), 'header confirmed' "
                              "(the header date, which the corpus's dates agree with), 'header unconfirmed' (the "
                              "header date, nothing confirms or refutes it); '' when the event has no date or its article no anchor."),
        Column("sentence", STR, "The evidence sentence."),
    ],
    "route": [
        Column("traveller_id", STR, "Person whose route this is (entities.entity_id)."),
        Column("stop_order", INT, "1-based order of the stop."),
        Column("place_id", STR, "Stop place (places.entity_id)."),
        Column("name", STR, "Stop name."),
        Column("lat", FLOAT, "Latitude."),
        Column("lon", FLOAT, "Longitude."),
        Column("date", DATE, "Date of the stop when resolved, else null."),
        Column("weekday", STR, "Weekday of the stop when known, else ''."),
        Column("date_source", STR, "The sources ('; '-joined) giving the stop's date (the date most sources give, "
                                   "completed reports first), else its weekday; '' when neither is known."),
        Column("planned", BOOL, "True when every report of this stop is a plan, not a completed move."),
        Column("n_sources", INT, "Distinct sources reporting the stop."),
        Column("article_ids", STR_LIST, "Articles reporting the stop."),
        Column("evidence", STR_LIST, "One evidence sentence per entry of article_ids, in the same order."),
        Column("leg_km", FLOAT, "Geodesic distance from the previous stop in km; null for the first stop."),
    ],
}

# Each source's own route has the route's columns, read from that source's articles alone.
_OWN_TELLING = {
    "stop_order": "1-based order of the stop as this source's articles alone tell it; it may differ "
                  "from route.stop_order, which weighs every source.",
    "n_sources": "Always 1 (kept so the table has the route's shape).",
    "article_ids": "This source's articles reporting the stop.",
    "leg_km": "Geodesic distance from this source's previous stop in km; null for its first.",
    "date": "Date of the stop as this source's articles give it, else null.",
    "weekday": "Weekday of the stop as this source's articles give it, else ''.",
    "date_source": "This source when its articles give the stop a date or weekday, else ''.",
    "planned": "True when every report of the stop in this source is a plan.",
}
TABLES["source_routes"] = [
    Column("source", STR, "The source (articles.source) whose own telling of the route this is."),
    *(Column(c.name, c.type, _OWN_TELLING.get(c.name, c.doc)) for c in TABLES["route"]),
]

NUMBER = pa.struct([pa.field("text", STR), pa.field("value", FLOAT), pa.field("unit", STR), pa.field("qualifier", STR)])

TABLES["claims"] = [
    Column("claim_id", STR, "'<article_id>#<sent_id>.<k>': the k-th claim of a sentence; stable across rebuilds."),
    Column("article_id", STR, "Article making the claim."),
    Column("sent_id", INT, "Sentence the claim is in (sentences.sent_id); -1 for a claim of the headline, which is "
                           "parsed beside the body but is no sentence of it."),
    Column("start", INT, "Offset of the claim's clause in articles.text."),
    Column("end", INT, "Offset one past the clause."),
    Column("text", STR, "The clause as written: one verb with its subject and complements."),
    Column("subject", STR, "Who or what the clause is about, as written (typographic quotes made plain); inherited from the coordinated "
                           "clause when elided (\"… and had dinner\"); '' when there is none."),
    Column("attributed_to", STR, "Whom the source credits the claim to: subject of a reporting verb (\"the "
                                 "Kremlin stated\"), object of \"according to\" / \"citing\", agent of \"as "
                                 "reported by\" (typographic quotes made plain); several joined by '; '; '' when the source states "
                                 "it itself."),
    Column("certainty", STR, "'fact' (reported as fact), 'expected' (will, is expected/scheduled to), "
                             "'speculated' (may, likely, is believed to, analysts speculate) or 'denied'."),
    Column("numbers", pa.list_(NUMBER), "Each number with what it counts: text as written (\"at least two "
                                         "ballistic missiles\"), value (2.0), unit (lemma of the counted noun, "
                                         "'missile'; '' if none) and qualifier ('', 'at least', 'at most', 'about')."),
    Column("days", STR_LIST, "Weekdays ('wednesday') and month-days ('september 13') the clause is dated to."),
    Column("entity_ids", STR_LIST, "Canonical entities the clause names, including its elided subject."),
    Column("group_id", STR, "The claim's group (claim_groups.group_id); every claim is in exactly one."),
    Column("stance", STR, "'states' (as the group's central wording does), 'differs' (another number, "
                          "certainty or day) or 'only' (no other source makes the claim)."),
    Column("stance_note", STR, "For 'differs': what differs, e.g. '“at least two ballistic missiles” where the "
                               "group says “two ballistic missiles”'."),
    Column("event_id", STR, "The claim's event (event_groups.event_id): what happened, which many claim groups "
                            "may report; every claim is in exactly one."),
]
TABLES["claim_groups"] = [
    Column("group_id", STR, "'g' + hash of the member claim ids: stable while the members stay the same."),
    Column("claim_ids", STR_LIST, "Member claims, in corpus order."),
    Column("article_ids", STR_LIST, "Articles with a member, in corpus order."),
    Column("n_sources", INT, "Distinct sources (articles.source) with a member; 1 = a claim only one source makes."),
    Column("label", STR, "The most central member's wording (highest mean match score), cut to 160 characters."),
    Column("representative", STR, "claim_id of that member: the wording stances are measured against."),
    Column("conflict", STR_LIST, "Conflict kinds across sources: 'numbers' (same counted thing, other value or "
                                 "qualifier), 'certainty' (fact vs expected vs speculated), 'denial' (denied vs "
                                 "asserted), 'days' (different days); empty when the sources agree. A change of certainty across "
                                 "publication days (every 'expected' or 'speculated' report published before every "
                                 "'fact' one) is an update, not a conflict: it is only in conflict_note ('update: …')."),
    Column("conflict_note", STR, "The conflicts in words, naming the sources."),
    Column("matched_on", STR, "Why the members were grouped: shared entities, what shared numbers count, "
                              "shared words."),
    Column("score", FLOAT, "Mean same-claim score over member pairs; null for a one-member group."),
    Column("first_article", STR, "The member article published first (sources.csv, else a dateline header date); "
                                 "'' when fewer than two members are dated or two share the first day."),
    Column("repeated_by", STR_LIST, "The other dated member articles, in publication order (empty without a first)."),
]
TABLES["event_groups"] = [
    Column("event_id", STR, "'e' + hash of the member claim ids: stable while the members stay the same."),
    Column("claim_ids", STR_LIST, "Every claim reporting the event, in corpus order (several per article)."),
    Column("article_ids", STR_LIST, "Articles with a member, in corpus order."),
    Column("n_sources", INT, "Distinct sources (articles.source) reporting the event."),
    Column("label", STR, "The member closest to the event's centroid, cut to 160 characters."),
    Column("representative", STR, "claim_id of that member."),
    Column("entities", STR_LIST, "The participants and places its claims name most often (canonical names)."),
    Column("claim_groups", STR_LIST, "The claim groups (claim_groups.group_id) of its members: the claims about it."),
    Column("shared_claims", INT, "How many of those claim groups two or more sources make."),
    Column("conflict", STR_LIST, "Conflict kinds of its claim groups (see claim_groups.conflict)."),
    Column("first_article", STR, "The member article published first; '' when unknown (see claim_groups)."),
    Column("repeated_by", STR_LIST, "The later dated member articles, in publication order."),
]
TABLES["source_pairs"] = [
    Column("article_a", STR, "First article (corpus order)."),
    Column("article_b", STR, "Second article."),
    Column("shared_groups", INT, "Claim groups both articles have a member in (at least 1: pairs sharing "
                                 "nothing are not listed)."),
    Column("similarity", FLOAT, "Jaccard similarity of the two articles' claim groups."),
    Column("coverage", FLOAT, "Share of the shorter article's sentences with a claim that hold a shared claim."),
    Column("order", FLOAT, "Share of pairs of shared claims both articles tell in the same order (Kendall's tau mapped to 0..1; 1 when fewer than 2 are shared)."),
    Column("rewrite", BOOL, "One article looks like a rewrite of the other: at least 3 shared claims covering "
                            "half the shorter article's claim-bearing sentences, three quarters of their pairs in the same order."),
    Column("rewrite_note", STR, "The evidence for the rewrite flag in words; '' when not flagged."),
]


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(c.name, c.type) for c in TABLES[table]])


def empty(table: str) -> pd.DataFrame:
    """An empty DataFrame with the table's columns, for stages that found nothing."""
    return arrow_schema(table).empty_table().to_pandas()


def conform(table: str, df: pd.DataFrame) -> pa.Table:
    """Check ``df`` against the declared schema and return it as an Arrow table in column order.

    Extra columns are an error (they would be undocumented); missing columns are an error too.
    """
    declared = [c.name for c in TABLES[table]]
    missing = [c for c in declared if c not in df.columns]
    extra = [c for c in df.columns if c not in declared]
    if missing or extra:
        raise ValueError(f"table {table!r}: missing columns {missing}, undocumented columns {extra}")
    return pa.Table.from_pandas(df[declared], schema=arrow_schema(table), preserve_index=False)


def describe() -> str:
    """Markdown description of every table, for the README and `python -m preprocessing schema`."""
    lines = []
    for table, cols in TABLES.items():
        lines.append(f"### `{table}`\n")
        lines.append("| column | type | meaning |\n|---|---|---|")
        lines += [f"| `{c.name}` | {c.type} | {c.doc} |" for c in cols]
        lines.append("")
    return "\n".join(lines)
