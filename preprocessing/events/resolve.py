"""Event resolution across the corpus: raw per-article events → the ``events`` table.

Owns what needs the whole corpus: mention indices → entity ids; title descriptors ("the North Korean
leader") → persons, through title patterns learnt anywhere in the corpus ("North Korean leader Kim
Jong Un", "Kim Jong Un, North Korea's leader,"); time expressions → dates through
:mod:`preprocessing.timexp`, chained within each article; and which raw events are worth keeping:
one needs a resolved place, or a time and a person or state who acts ("the bill was entering its second
reading on Monday" and "the film goes on release in January" are not anybody's movements); and
whether a file's header date (a crawl date or a dateline, which may or may not be the publication
date) may anchor its relative dates, judged against the rest of the corpus (:func:`header_verdicts`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, timedelta

import pandas as pd

from .. import schema
from ..lang.en.names import TITLE_NOUNS
from ..settings import HEADER_DATE_MAX_GAP
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


def _article_rows(article_id: str, group: pd.DataFrame, ctx: dict, *, published: date | None,
                  header: date | None, header_kind: str) -> list[tuple[dict, timexp.Resolved]]:
    """The kept raw events of one article, each with its actor, place and resolved time."""
    previous: timexp.Resolved | None = None
    counter: Counter = Counter()
    last_key, last_res = None, timexp.Resolved()
    out = []
    for e in group.sort_values(["sent_id", "n"]).itertuples():
        actor = ""
        if e.actor_idx is not None and not pd.isna(e.actor_idx):
            actor = ctx["ent_of"].get((article_id, int(e.actor_idx)), "")
        elif e.actor_desc:
            actor = resolve_descriptor(e.actor_desc, ctx["titles"])
        place = ""
        if e.place_idx is not None and not pd.isna(e.place_idx):
            place = ctx["ent_of"].get((article_id, int(e.place_idx)), "")
            if place not in ctx["place_ids"]:
                place = ""
        if not place and not (e.when_text and actor in ctx["actors"]):
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
        out.append(({
            "event_id": f"{article_id}:{int(e.sent_id)}:{n}", "article_id": article_id,
            "sent_id": int(e.sent_id), "actor_id": actor, "action": e.action, "place_id": place,
            "when_text": e.when_text or "", "planned": bool(e.planned),
            "sentence": ctx["sent_text"].get((article_id, int(e.sent_id)), ""),
        }, res))
    return out


def _explicit(row: dict, res: timexp.Resolved) -> bool:
    """A date the text writes out ("September 13, 2023"), not one counted from an anchor."""
    return res.date is not None and timexp.classify(row["when_text"]) == "date"


def _event_key(row: dict) -> tuple[str, str] | None:
    """Which reports are of the same event, across articles: one actor at one place."""
    return (row["actor_id"], row["place_id"]) if row["actor_id"] and row["place_id"] else None


def header_verdicts(tentative: dict[str, list[tuple[dict, timexp.Resolved]]], trusted: dict[tuple, list],
                    headers: dict[str, date]) -> dict[str, tuple[str, str]]:
    """Article id → (verdict, reason) for each article whose header date was tried as its anchor.

    ``tentative`` holds each such article's events resolved against its header date; ``trusted`` the
    dates, by event, that need no header (a publication date's, or written out in full).  Verdicts:

    * ``contradicted`` (not used): a completed event lands after the header date, the text's own
      written-out dates fall more than ``HEADER_DATE_MAX_GAP`` days before it, a trusted date of the
      same event (or every trusted date of the same person's moves: one story's trip) lies more than
      that away, or another header-anchored article dates the same event more than that away (the two
      cannot both be publication dates);
    * ``confirmed``: the article's own written-out dates, or other articles' dates for the same
      events, agree within the gap;
    * ``unconfirmed``: nothing confirms or refutes it (used, and marked so).
    """
    gap = timedelta(days=HEADER_DATE_MAX_GAP)
    by_actor: dict[str, list] = defaultdict(list)
    for (actor, _), dates in trusted.items():
        by_actor[actor] += dates
    verdicts: dict[str, tuple[str, str]] = {}
    for aid, rows in tentative.items():
        h = headers[aid]
        reasons, confirms = [], []
        for row, res in rows:
            if res.date is None:
                continue
            if not row["planned"] and res.date > h + timedelta(days=1):
                reasons.append(f"“{row['when_text']}” puts a reported event on {res.date.isoformat()}, "
                               f"after the header date")
            if _explicit(row, res):
                (confirms if h - gap <= res.date <= h + timedelta(days=1) else reasons).append(
                    f"the text dates an event {res.date.isoformat()}")
            key = _event_key(row)
            if key is None or row["planned"]:
                continue
            mine = [(d, by) for other, d, by in by_actor.get(key[0], []) if other != aid]
            if mine and all(abs((d - res.date).days) > HEADER_DATE_MAX_GAP for d, _ in mine):
                d, by = min(mine, key=lambda t: abs((t[0] - res.date).days))
                reasons.append(f"{by} dates the same person's moves to {d.isoformat()}, "
                               f"{abs((d - res.date).days)} days away")
            for other, d, by in trusted.get(key, []):
                if other == aid:
                    continue
                if abs((d - res.date).days) > HEADER_DATE_MAX_GAP:
                    reasons.append(f"{by} dates the same event {d.isoformat()}")
                else:
                    confirms.append(f"{by} dates the same event {d.isoformat()}")
            for other, orows in tentative.items():
                if other == aid:
                    continue
                for orow, ores in orows:
                    if ores.date is None or orow["planned"] or _event_key(orow) != key:
                        continue
                    if abs((ores.date - res.date).days) > HEADER_DATE_MAX_GAP:
                        reasons.append(f"article {other}, anchored on its own header date, dates the same event "
                                       f"{ores.date.isoformat()}")
        if reasons:
            verdicts[aid] = ("contradicted", reasons[0])
        elif confirms:
            verdicts[aid] = ("confirmed", confirms[0])
        else:
            verdicts[aid] = ("unconfirmed", "nothing in the corpus confirms or refutes it")
    return verdicts


def resolve_events(events_raw: pd.DataFrame, mentions: pd.DataFrame, entities: pd.DataFrame,
                   places: pd.DataFrame, articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The ``events`` table: raw events with entity ids, places and resolved dates.

    Anchors: an article's ``published`` date (sources.csv) always; else its header date when the
    corpus supports it (:func:`header_verdicts`): ``anchor`` says which, and ``date_note`` why a header
    date was not used.
    """
    if events_raw is None or events_raw.empty or "action" not in events_raw.columns:
        return schema.empty("events")
    ctx = {
        "ent_of": {(r.article_id, int(r.mention_idx)): r.entity_id for r in mentions.itertuples()},
        "place_ids": set(places["entity_id"]) if not places.empty else set(),
        # Who can own a dated event with no place: people, and states ("North Korea fired missiles on Monday").
        "actors": set(entities.loc[entities["label"].isin(TIME_ONLY_ACTORS), "entity_id"]) if not entities.empty
        else set(),
        "titles": learn_titles(mentions, sentences),
        "sent_text": {(r.article_id, int(r.sent_id)): r.text for r in sentences.itertuples()},
    }
    meta = articles.set_index("article_id")
    source_of = {a: (s or a) for a, s in zip(articles["article_id"], articles["source"].fillna(""))}

    baseline: dict[str, list] = {}
    tentative: dict[str, list] = {}
    headers: dict[str, date] = {}
    has_published: set[str] = set()
    for article_id, group in events_raw.groupby("article_id", sort=True):
        a = meta.loc[article_id] if article_id in meta.index else None
        published = _as_date(a["published"]) if a is not None else None
        header = _as_date(a["header_date"]) if a is not None else None
        kind = (a["header_date_kind"] or "") if a is not None else ""
        baseline[article_id] = _article_rows(article_id, group, ctx, published=published, header=header,
                                             header_kind=kind)
        if published is not None:
            has_published.add(article_id)
        elif header is not None:
            headers[article_id] = header
            tentative[article_id] = _article_rows(article_id, group, ctx, published=header, header=None,
                                                  header_kind="")
    trusted: dict[tuple, list] = defaultdict(list)
    for aid, rows in baseline.items():
        for row, res in rows:
            key = _event_key(row)
            if key is not None and res.date is not None and not row["planned"] and (
                    aid in has_published or (_explicit(row, res) and re.search(r"\b\d{4}\b", row["when_text"]))):
                trusted[key].append((aid, res.date, source_of.get(aid, aid)))
    verdicts = header_verdicts(tentative, trusted, headers)

    rows = []
    for aid, base in baseline.items():
        verdict, reason = verdicts.get(aid, ("", ""))
        use = verdict in ("confirmed", "unconfirmed")
        chosen = tentative[aid] if use else base
        anchor = "published" if aid in has_published else f"header {verdict}" if use else ""
        for row, res in chosen:
            note = res.note
            if use and (res.date is not None):
                note = "; ".join(filter(None, [f"anchored on the header date {headers[aid].isoformat()} "
                                               f"({verdict}: {reason})", note]))
            elif verdict == "contradicted" and timexp.classify(row["when_text"]) in ("weekday", "relday", "period"):
                note = "; ".join(filter(None, [note, f"header date {headers[aid].isoformat()} not used: {reason}"]))
            rows.append({**row, "date": res.date, "weekday": res.weekday, "date_note": note,
                         "anchor": anchor if res.date is not None else ""})
    if not rows:
        return schema.empty("events")
    out = pd.DataFrame(rows)
    # Plain date objects (or None): Arrow writes them as date32 without a NaT round trip.
    out["date"] = [d if d is not None and not pd.isna(d) else None for d in out["date"]]
    return out[[c.name for c in schema.TABLES["events"]]]
