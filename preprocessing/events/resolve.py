"""Event resolution across the corpus: raw per-article events → the ``events`` table.

Owns what needs the whole corpus: mention indices → entity ids; title descriptors ("the North Korean
leader") → persons, through title patterns learnt anywhere in the corpus ("North Korean leader Kim
Jong Un", "Kim Jong Un, North Korea's leader,"); time expressions → dates through
:mod:`preprocessing.timexp`, chained within each article; and which raw events are worth keeping:
one needs a resolved place, or a time and a person or state who acts ("the bill was entering its second
reading on Monday" and "the film goes on release in January" are not anybody's movements).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date

import pandas as pd

from .. import schema
from ..lang.en.names import TITLE_NOUNS
from . import timexp

TIME_ONLY_ACTORS = {"PERSON", "GPE"}

_TITLE_WORD = r"(?:[A-Z][\w'’.-]*|of|the|for)"
_TITLES = "|".join(sorted(TITLE_NOUNS, key=len, reverse=True)).replace(".", r"\.")
_TITLE_BEFORE = re.compile(rf"((?:{_TITLE_WORD}\s+){{0,5}}(?:{_TITLES}))\s*,?\s*$", re.IGNORECASE)
_TITLE_AFTER = re.compile(rf"^\s*,\s+((?:the\s+)?(?:{_TITLE_WORD}\s+){{0,5}}(?:{_TITLES}))\b", re.IGNORECASE)


def _norm_title(text: str) -> str:
    words = re.sub(r"['’]s\b", "'s", text.lower()).split()
    while words and words[0] in ("the", "a", "an", "its", "his", "her", "their"):
        words = words[1:]
    return " ".join(words)


def learn_titles(mentions: pd.DataFrame, sentences: pd.DataFrame) -> dict[str, Counter]:
    """Title phrase → Counter of person entity ids, from "Russian President Vladimir Putin" and
    "Kim Jong Un, North Korea's leader," patterns anywhere in the corpus."""
    titles: dict[str, Counter] = defaultdict(Counter)
    if mentions.empty or sentences.empty:
        return titles
    sent = sentences.set_index(["article_id", "sent_id"])
    for m in mentions[mentions["label"] == "PERSON"].itertuples():
        key = (m.article_id, m.sent_id)
        if key not in sent.index:
            continue
        s = sent.loc[key]
        rel_start, rel_end = int(m.start) - int(s["start"]), int(m.end) - int(s["start"])
        text = s["text"]
        if not 0 <= rel_start <= rel_end <= len(text):
            continue
        for rx, part in ((_TITLE_BEFORE, text[:rel_start]), (_TITLE_AFTER, text[rel_end:])):
            hit = rx.search(part)
            if hit:
                title = _norm_title(hit.group(1))
                if title:
                    titles[title][m.entity_id] += 1
    return titles


def resolve_descriptor(desc: str, titles: dict[str, Counter]) -> str:
    """The person a title descriptor stands for, or '' when the corpus does not say clearly."""
    desc = _norm_title(desc)
    if not desc:
        return ""
    votes = Counter(titles.get(desc, Counter()))
    if not votes:
        words = set(desc.split())
        head = desc.split()[-1]
        for title, c in titles.items():
            tw = title.split()
            if tw[-1] == head and words <= set(tw):
                votes.update(c)
    if not votes:
        return ""
    (best, n1), *rest = votes.most_common(2)
    if rest and rest[0][1] * 2 > n1:
        return ""  # ambiguous title: better no actor than a wrong one
    return best


def _as_date(value) -> date | None:
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value if isinstance(value, date) else None


def resolve_events(events_raw: pd.DataFrame, mentions: pd.DataFrame, entities: pd.DataFrame,
                   places: pd.DataFrame, articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The ``events`` table: raw events with entity ids, places and resolved dates."""
    if events_raw is None or events_raw.empty or "action" not in events_raw.columns:
        return schema.empty("events")
    ent_of = {(r.article_id, int(r.mention_idx)): r.entity_id for r in mentions.itertuples()}
    place_ids = set(places["entity_id"]) if not places.empty else set()
    # Who can own a dated event with no place: people, and states ("North Korea fired missiles on Monday").
    actors = set(entities.loc[entities["label"].isin(TIME_ONLY_ACTORS), "entity_id"]) if not entities.empty else set()
    titles = learn_titles(mentions, sentences)
    sent_text = {(r.article_id, int(r.sent_id)): r.text for r in sentences.itertuples()}
    meta = articles.set_index("article_id")

    rows = []
    for article_id, group in events_raw.groupby("article_id", sort=True):
        a = meta.loc[article_id] if article_id in meta.index else None
        published = _as_date(a["published"]) if a is not None else None
        header = _as_date(a["header_date"]) if a is not None else None
        header_kind = (a["header_date_kind"] or "") if a is not None else ""
        previous: timexp.Resolved | None = None
        counter: Counter = Counter()
        last_key, last_res = None, timexp.Resolved()
        for e in group.sort_values(["sent_id", "n"]).itertuples():
            actor = ""
            if e.actor_idx is not None and not pd.isna(e.actor_idx):
                actor = ent_of.get((article_id, int(e.actor_idx)), "")
            elif e.actor_desc:
                actor = resolve_descriptor(e.actor_desc, titles)
            place = ""
            if e.place_idx is not None and not pd.isna(e.place_idx):
                place = ent_of.get((article_id, int(e.place_idx)), "")
                if place not in place_ids:
                    place = ""
            if not place and not (e.when_text and actor in actors):
                continue  # see the module docstring: nobody's movement, or nowhere and never
            # One time expression can carry several rows (actors × places): resolve it once.
            key = (int(e.sent_id), int(e.when_start)) if e.when_text else None
            if key is not None and key == last_key:
                res = last_res
            elif e.when_text:
                res = timexp.resolve(e.when_text, published=published, previous=previous, header_date=header,
                                     header_kind=header_kind, planned=bool(e.planned))
                if res.date is not None or res.weekday:
                    previous = res
                last_key, last_res = key, res
            else:
                res = timexp.Resolved()
            n = counter[int(e.sent_id)]
            counter[int(e.sent_id)] += 1
            rows.append({
                "event_id": f"{article_id}:{int(e.sent_id)}:{n}", "article_id": article_id,
                "sent_id": int(e.sent_id), "actor_id": actor, "action": e.action, "place_id": place,
                "when_text": e.when_text or "", "date": res.date, "weekday": res.weekday,
                "planned": bool(e.planned), "date_note": res.note,
                "sentence": sent_text.get((article_id, int(e.sent_id)), ""),
            })
    if not rows:
        return schema.empty("events")
    out = pd.DataFrame(rows)
    # Plain date objects (or None): Arrow writes them as date32 without a NaT round trip.
    out["date"] = [d if d is not None and not pd.isna(d) else None for d in out["date"]]
    return out[[c.name for c in schema.TABLES["events"]]]
