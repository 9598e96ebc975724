"""Claims across sources: groups of the same claim, their conflicts, and source-by-source overlap.

Owns the corpus-level step, :func:`compare_claims`, a pure function from tables to tables:

1. every claim gets the canonical entities it names (its clause, its elided subject, and a facility
   named by its bare head noun: "a cosmodrome" when the corpus knows one "… Cosmodrome");
2. :class:`~preprocessing.claims.match.Matcher` scores candidate pairs from different articles;
3. groups grow greedily from the strongest pair at or above
   :data:`~preprocessing.claims.match.SAME_CLAIM_THRESHOLD`, by average linkage, never taking two
   claims of one article — so a chain of loosely similar claims does not become one topic;
4. each group is compared member by member: different numbers for the same counted thing, different
   certainty, a denial against an assertion, different days — and each claim's stance against the
   group's most central wording;
5. each pair of articles gets its shared groups, their similarity and a rewrite flag.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from itertools import combinations

import numpy as np
from scipy.stats import kendalltau
import pandas as pd

from .. import schema
from ..lang.en.labels import HEAD_NOUN_LABELS
from ..settings import (LABEL_CHARS, MERGE_MEAN, REWRITE_MIN_COVERAGE, REWRITE_MIN_ORDER, REWRITE_MIN_SHARED,
                        SAME_CLAIM_THRESHOLD)
from .events import article_days, central, event_id, event_vectors, first_reports, group_events, top_entities
from .match import ClaimFeatures, Matcher, number_features

CERTAINTY_ORDER = ("fact", "expected", "speculated", "denied")


def claim_id(article_id: str, sent_id: int, k: int) -> str:
    return f"{article_id}#{sent_id}.{k}"


SCENE_KINDS = {"city", "facility", "region"}


def head_noun_entities(entities: pd.DataFrame) -> dict[str, str]:
    """Last word of a multi-word facility/organisation name → that entity, when no other entity of the
    corpus ends in the same word: "a cosmodrome in Russia's Far East" then names the one cosmodrome."""
    heads = defaultdict(set)
    for eid, name, label in zip(entities["entity_id"], entities["name"], entities["label"]):
        words = name.split()
        if label in HEAD_NOUN_LABELS and len(words) > 1 and words[-1].isalpha():
            heads[words[-1].lower()].add(eid)
    return {w: next(iter(ids)) for w, ids in heads.items() if len(ids) == 1}


def _claim_entities(claims: pd.DataFrame, mentions: pd.DataFrame, entities: pd.DataFrame) -> list[list[str]]:
    """Entities each claim names: mentions in its clause or its (elided) subject, and facilities named
    by their bare head noun."""
    by_head = head_noun_entities(entities)
    by_sent = defaultdict(list)
    for m in mentions[["article_id", "sent_id", "start", "end", "entity_id"]].itertuples(index=False):
        by_sent[(m.article_id, m.sent_id)].append(m)
    out = []
    # a headline has no mention rows: its names are matched to the corpus's entities by alias
    by_alias = {}
    for eid, aliases, n in sorted(zip(entities["entity_id"], entities["aliases"], entities["n_mentions"]),
                                  key=lambda x: x[2]):
        for a in list(aliases):
            by_alias[str(a).lower()] = eid
    if "names" not in claims.columns:
        claims = claims.assign(names=[[] for _ in range(len(claims))])
    for c in claims[["article_id", "sent_id", "start", "end", "subj_start", "subj_end", "terms",
                     "names"]].itertuples(index=False):
        ids = []
        for m in by_sent.get((c.article_id, c.sent_id), ()):
            inside = c.start <= m.start and m.end <= c.end
            in_subject = c.subj_start >= 0 and c.subj_start <= m.start and m.end <= c.subj_end
            if (inside or in_subject) and m.entity_id not in ids:
                ids.append(m.entity_id)
        ids += [by_head[t] for t in c.terms if t in by_head and by_head[t] not in ids]
        ids += [e for n in (c.names if isinstance(c.names, (list, tuple, np.ndarray)) else ())
                for e in [by_alias.get(n.lower())] if e and e not in ids]
        out.append(ids)
    return out


def _groups(matcher: Matcher, article_of: list[str]) -> list[list[int]]:
    """Indices of claims grouped together (every claim in exactly one group).

    Greedy average linkage over the candidate graph, strongest pair first: two groups merge when a
    pair across them reaches the threshold, the mean score over all their cross-source pairs reaches
    :data:`MERGE_MEAN`, and they share no article — a source states a claim once, so two claims of
    one article in a group mean the group has drifted into a topic."""
    scored = ((w * matcher.place_factor(i, j), i, j) for i, j, w in matcher.candidates(article_of))
    edges = sorted((e for e in scored if e[0] >= SAME_CLAIM_THRESHOLD), reverse=True)
    group_of = {i: i for i in range(len(article_of))}
    members = {i: [i] for i in range(len(article_of))}
    for _s, i, j in edges:
        gi, gj = group_of[i], group_of[j]
        if gi == gj or {article_of[k] for k in members[gi]} & {article_of[k] for k in members[gj]}:
            continue
        cross = [matcher.score(a, b) for a in members[gi] for b in members[gj]]
        if sum(cross) / len(cross) < MERGE_MEAN:
            continue
        members[gi] += members.pop(gj)
        for k in members[gi]:
            group_of[k] = gi
    return list(members.values())


def _reading(numbers) -> dict[str, tuple[float, str, str]]:
    """unit → (value, qualifier, text) for the numbers of one claim."""
    out = {}
    for n in numbers:
        if n["unit"] and n["unit"] not in out:
            out[n["unit"]] = (float(n["value"]), n["qualifier"], n["text"])
    return out


def group_conflicts(members: list[dict]) -> list[tuple[str, str]]:
    """(kind, note) for each conflict among a group's members (dicts of article_id, source,
    certainty, numbers, days): the same counted thing with another value or qualifier; fact vs
    expected vs speculated (a denial against an assertion when one denies); the same move on
    another day.  Shared by the build and by the dashboard's filters, which re-check a group on the
    members they keep."""
    def names(rows) -> str:
        return ", ".join(sorted({members[k]["source"] for k in rows}))

    found = []
    readings = [_reading(m["numbers"]) for m in members]
    units: dict[str, dict] = defaultdict(dict)
    for k, r in enumerate(readings):
        for unit, (value, qual, _text) in r.items():
            units[unit].setdefault((value, qual), []).append(k)
    notes = [" vs ".join(f"“{readings[rows[0]][unit][2]}” ({names(rows)})" for rows in variants.values())
             for unit, variants in sorted(units.items())
             if len(variants) > 1 and len({members[k]["article_id"] for r in variants.values() for k in r}) > 1]
    if notes:
        found.append(("numbers", "; ".join(notes)))
    by_certainty = defaultdict(set)
    for m in members:
        by_certainty[m["certainty"]].add(m["source"])
    if len(by_certainty) > 1 and len({m["source"] for m in members}) > 1:
        note = "; ".join(f"{c} in {', '.join(sorted(by_certainty[c]))}" for c in CERTAINTY_ORDER if c in by_certainty)
        if "denied" in by_certainty:
            found.append(("denial", note))
        elif _is_update(members):
            found.append(("update", note + " (the reports of it as a fact were published later)"))
        else:
            found.append(("certainty", note))
    dated = {k: frozenset(m["days"]) for k, m in enumerate(members) if len(m["days"])}
    day_sets = set(dated.values())
    if len(day_sets) > 1 and any(not (a & b) for a, b in combinations(day_sets, 2)) \
            and len({members[k]["article_id"] for k in dated}) > 1:
        by_day = defaultdict(set)
        for k, d in dated.items():
            by_day[", ".join(sorted(d))].add(members[k]["source"])
        found.append(("days", " vs ".join(f"{d} ({', '.join(sorted(src))})" for d, src in by_day.items())))
    return found


def _is_update(members: list[dict]) -> bool:
    """Every report of it as expected or speculated was published before every report of it as a
    fact (publication days known for all of them): the story moved on ("expected" before the summit,
    "met" after it), which is an update, not a conflict."""
    before = [m.get("day") for m in members if m["certainty"] in ("expected", "speculated")]
    after = [m.get("day") for m in members if m["certainty"] == "fact"]
    if not before or not after or any(d is None for d in before + after):
        return False
    return max(before) < min(after)


def _differences(members: list[dict], rep: int, kinds: set[str]) -> dict[int, str]:
    """How each member differs from the representative wording, for the conflict kinds found."""
    differs: dict[int, list[str]] = defaultdict(list)
    ref = members[rep]
    ref_numbers, ref_days = _reading(ref["numbers"]), set(ref["days"])
    for k, m in enumerate(members):
        if "numbers" in kinds:
            for unit, mine in _reading(m["numbers"]).items():
                theirs = ref_numbers.get(unit)
                if theirs and mine[:2] != theirs[:2]:
                    differs[k].append(f"“{mine[2]}” where the group says “{theirs[2]}”")
        if kinds & {"certainty", "denial"} and m["certainty"] != ref["certainty"]:
            differs[k].append(f"{m['certainty']} where the group says {ref['certainty']}")
        if "days" in kinds and ref_days and len(m["days"]) and not (set(m["days"]) & ref_days):
            differs[k].append(f"{', '.join(sorted(m['days']))} where the group says {', '.join(sorted(ref_days))}")
    return {k: "; ".join(v) for k, v in differs.items()}


def _why(matcher: Matcher, idx: list[int], article_of: list[str], names: dict[str, str]) -> str:
    ents, units, words, marks = [], [], [], []
    for i, j in combinations(idx, 2):
        if article_of[i] == article_of[j]:
            continue
        ev = matcher.evidence(i, j)
        ents += [e for e in ev.shared_entities if e not in ents]
        units += [u for u in ev.shared_units if u not in units]
        marks += [u for u in ev.shared_marks if u not in marks]
        words += [w for w in ev.shared_terms[:6] if w not in words]
    entity_words = {w for e in ents for w in names.get(e, "").lower().split()}
    words = [w for w in words if w not in entity_words and w not in units][:6]
    parts = []
    if ents:
        parts.append("entities: " + ", ".join(names.get(e, e) for e in ents[:6]))
    if units:
        parts.append("numbers of: " + ", ".join(units[:4]))
    if words:
        parts.append("words: " + ", ".join(words))
    days = [m[1:] for m in marks if m[0] == "~"]
    moves = [m[1:] for m in marks if m[0] == "!"]
    if moves:
        parts.append("action: " + ", ".join(moves))
    if days:
        parts.append("day: " + ", ".join(days))
    return " · ".join(parts)


def _order_agreement(pos_a: list[int], pos_b: list[int]) -> float:
    """Share of pairs of shared claims the two articles tell in the same order (Kendall's tau mapped
    to [0, 1]): one local swap in a long rewrite costs little, a shuffled article a lot."""
    if len(pos_a) < 2:
        return 1.0
    tau = kendalltau(pos_a, pos_b).statistic
    return 0.5 if np.isnan(tau) else (tau + 1) / 2


def source_pairs(claims: pd.DataFrame, groups: pd.DataFrame, article_order: list[str]) -> pd.DataFrame:
    """One row per pair of articles sharing at least one claim group."""
    cols = ["article_a", "article_b", "shared_groups", "similarity", "coverage", "order", "rewrite", "rewrite_note"]
    first_pos: dict[tuple[str, str], int] = {}
    sents_in: dict[tuple[str, str], set[int]] = defaultdict(set)  # (article, group) → its sentences
    groups_of: dict[str, set[str]] = defaultdict(set)
    sents_of: dict[str, set[int]] = defaultdict(set)
    texts: dict[tuple[str, str], str] = {}
    for pos, (a, g, sent, text) in enumerate(zip(claims["article_id"], claims["group_id"], claims["sent_id"],
                                                 claims["text"])):
        first_pos.setdefault((a, g), pos)
        texts.setdefault((a, g), text)
        sents_in[(a, g)].add(sent)
        groups_of[a].add(g)
        sents_of[a].add(sent)
    rank = {a: k for k, a in enumerate(article_order)}
    pairs = defaultdict(set)
    for g, arts in zip(groups["group_id"], groups["article_ids"]):
        for a, b in combinations(sorted(set(arts), key=lambda x: rank.get(x, 0)), 2):
            pairs[(a, b)].add(g)
    rows = []
    for (a, b), shared in pairs.items():
        ga, gb = groups_of[a], groups_of[b]
        shared = sorted(shared)
        # coverage counts sentences, not clauses: how finely a sentence splits into claims varies
        # with the writing, how many of the shorter article's sentences reappear does not
        short = a if len(sents_of[a]) <= len(sents_of[b]) else b
        restated = len(set().union(*(sents_in[(short, g)] for g in shared)))
        coverage = restated / len(sents_of[short])
        order = _order_agreement([first_pos[(a, g)] for g in shared], [first_pos[(b, g)] for g in shared])
        rewrite = len(shared) >= REWRITE_MIN_SHARED and coverage >= REWRITE_MIN_COVERAGE and order >= REWRITE_MIN_ORDER
        note = ""
        if rewrite:
            verbatim = sum(texts[(a, g)] == texts[(b, g)] for g in shared)
            note = (f"{restated} of the {len(sents_of[short])} sentences of {short} with a claim restate "
                    f"{b if short == a else a}; {order:.0%} of the pairs of their {len(shared)} shared claims come in "
                    f"the same order" + ("; word for word: a copy rather than a rewrite"
                                         if verbatim >= 0.8 * len(shared) else ""))
        rows.append({"article_a": a, "article_b": b, "shared_groups": len(shared),
                     "similarity": len(shared) / len(ga | gb), "coverage": coverage, "order": order,
                     "rewrite": rewrite, "rewrite_note": note})
    if not rows:
        return pd.DataFrame(columns=cols)
    return pd.DataFrame(rows, columns=cols).sort_values(["similarity", "article_a"], ascending=[False, True],
                                                       ignore_index=True)


def prepare_claims(claims_raw: pd.DataFrame, mentions: pd.DataFrame, entities: pd.DataFrame,
                   places: pd.DataFrame, articles: pd.DataFrame) -> tuple[pd.DataFrame, Matcher]:
    """The analysed articles' claims in corpus order, with ids, sources and entities, and the
    :class:`Matcher` over their features (row i of the frame is claim i of the matcher)."""
    article_order = list(articles.loc[articles["status"] == "ok", "article_id"])
    rank = {a: k for k, a in enumerate(article_order)}
    claims = claims_raw[claims_raw["article_id"].isin(rank)].copy()
    claims = claims.sort_values(["article_id", "start"], key=lambda s: s.map(rank) if s.name == "article_id" else s,
                                ignore_index=True)
    claims["claim_id"] = [claim_id(a, s, k) for a, s, k in
                          zip(claims["article_id"], claims["sent_id"], claims.groupby(["article_id", "sent_id"]).cumcount())]
    claims["source"] = claims["article_id"].map(dict(zip(articles["article_id"], articles["source"])))
    claims["entity_ids"] = _claim_entities(claims, mentions, entities) if len(claims) else []
    kind_of = dict(zip(places["entity_id"], places["kind"]))
    country_of = dict(zip(places["entity_id"], places["country"]))
    countries = defaultdict(set)
    for eid, kind, code in zip(places["entity_id"], places["kind"], places["country"]):
        if kind == "country" and code:
            countries[code].add(eid)
    features = []
    for t, e, nums, d in zip(claims["terms"], claims["entity_ids"], claims["numbers"], claims["days"]):
        units, counts = number_features(nums)
        named = frozenset(x for x in e if x in kind_of)
        scenes = frozenset(x for x in named if kind_of[x] in SCENE_KINDS)
        features.append(ClaimFeatures(tuple(t), frozenset(e), units, frozenset(d), counts, named, scenes,
                                      frozenset(c for x in scenes for c in countries.get(country_of[x], ()))))
    return claims, Matcher(features)


def compare_claims(claims_raw: pd.DataFrame, mentions: pd.DataFrame, entities: pd.DataFrame,
                   places: pd.DataFrame, articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """claims_raw (per-article extraction) → the ``claims``, ``claim_groups``, ``event_groups`` and
    ``source_pairs`` tables."""
    article_order = list(articles.loc[articles["status"] == "ok", "article_id"])
    claims, matcher = prepare_claims(claims_raw, mentions, entities, places, articles)
    if claims.empty:
        return {name: schema.empty(name) for name in ("claims", "claim_groups", "source_pairs", "event_groups")}
    article_of = claims["article_id"].tolist()
    names = dict(zip(entities["entity_id"], entities["name"]))

    group_rows = []
    ids, texts, sources = claims["claim_id"].tolist(), claims["text"].tolist(), claims["source"].tolist()
    certainty, numbers, days = claims["certainty"].tolist(), claims["numbers"].tolist(), claims["days"].tolist()
    group_of, stance, stance_note = [""] * len(claims), ["only"] * len(claims), [""] * len(claims)
    rank = {a: k for k, a in enumerate(article_order)}
    days_of = article_days(articles)
    for idx in _groups(matcher, article_of):
        idx = sorted(idx)
        n_sources = len({sources[i] for i in idx})
        if len(idx) > 1:
            mean = {i: np.mean([matcher.score(i, j) for j in idx if j != i]) for i in idx}
            rep = max(idx, key=lambda i: (mean[i], -i))
            score = float(np.mean([matcher.score(i, j) for i, j in combinations(idx, 2)]))
        else:
            rep, score = idx[0], float("nan")
        kinds, note, differs = [], "", {}
        if n_sources > 1:
            members = [{"article_id": article_of[i], "source": sources[i], "certainty": certainty[i],
                        "numbers": numbers[i], "days": days[i], "day": days_of.get(article_of[i])} for i in idx]
            found = group_conflicts(members)
            kinds = [k for k, _ in found if k != "update"]  # an update is no conflict: the note keeps it
            note = "; ".join(n if k != "update" else f"update: {n}" for k, n in found)
            differs = {idx[k]: d for k, d in _differences(members, idx.index(rep), set(kinds)).items()}
        gid = "g" + hashlib.sha1("|".join(ids[i] for i in idx).encode()).hexdigest()[:10]
        label = texts[rep] if len(texts[rep]) <= LABEL_CHARS else texts[rep][:LABEL_CHARS - 1].rstrip() + "…"
        group_rows.append({
            "group_id": gid, "claim_ids": [ids[i] for i in idx],
            "article_ids": sorted({article_of[i] for i in idx}, key=rank.get),
            "n_sources": n_sources, "label": label, "representative": ids[rep],
            "conflict": kinds, "conflict_note": note,
            "matched_on": _why(matcher, idx, article_of, names) if len(idx) > 1 else "",
            "score": score,
        })
        for i in idx:
            group_of[i] = gid
            if n_sources > 1:
                stance[i] = "differs" if i in differs else "states"
                stance_note[i] = differs.get(i, "")
    claims["group_id"], claims["stance"], claims["stance_note"] = group_of, stance, stance_note
    groups = pd.DataFrame(group_rows, columns=["group_id", "claim_ids", "article_ids", "n_sources", "label",
                                                "representative", "conflict", "conflict_note", "matched_on", "score"])
    first = {g: k for k, g in enumerate(dict.fromkeys(claims["group_id"]))}
    groups = groups.assign(_first=groups["group_id"].map(first)).sort_values(
            ["n_sources", "_first"], ascending=[False, True]).drop(columns="_first").reset_index(drop=True)
    pairs = source_pairs(claims, groups, article_order)
    first, later = [], []
    for arts in groups["article_ids"]:
        f, rest = first_reports(range(len(arts)), list(arts), days_of)
        first.append(f)
        later.append(rest)
    groups["first_article"], groups["repeated_by"] = first, later
    claims["event_id"], events = _events(claims, matcher, groups, days_of, names, rank)
    return {"claims": claims[[c.name for c in schema.TABLES["claims"]]], "claim_groups": groups,
            "source_pairs": pairs, "event_groups": events}


def _events(claims: pd.DataFrame, matcher: Matcher, groups: pd.DataFrame, days_of: dict[str, int],
            names: dict[str, str], rank: dict[str, int]) -> tuple[list[str], pd.DataFrame]:
    """Each claim's event id and the ``event_groups`` table (see :mod:`.events`)."""
    article_of, ids, texts = claims["article_id"].tolist(), claims["claim_id"].tolist(), claims["text"].tolist()
    sources, ents = claims["source"].tolist(), claims["entity_ids"].tolist()
    group_of = claims["group_id"].tolist()
    conflict_of = dict(zip(groups["group_id"], groups["conflict"]))
    n_sources_of = dict(zip(groups["group_id"], groups["n_sources"]))
    V = event_vectors(matcher)
    event_of = [""] * len(claims)
    rows = []
    for idx in group_events(matcher, article_of, days_of):
        eid = event_id([ids[i] for i in idx])
        rep = central(V, idx)
        arts = sorted({article_of[i] for i in idx}, key=rank.get)
        kinds = sorted({k for g in dict.fromkeys(group_of[i] for i in idx) for k in conflict_of.get(g, ())})
        shared = sorted({group_of[i] for i in idx if n_sources_of.get(group_of[i], 1) >= 2})
        first, later = first_reports(idx, article_of, days_of)
        label = texts[rep] if len(texts[rep]) <= LABEL_CHARS else texts[rep][:LABEL_CHARS - 1].rstrip() + "…"
        rows.append({"event_id": eid, "claim_ids": [ids[i] for i in idx], "article_ids": arts,
                     "n_sources": len({sources[i] for i in idx}), "label": label, "representative": ids[rep],
                     "entities": [names.get(e, e) for e in top_entities([ents[i] for i in idx])],
                     "claim_groups": list(dict.fromkeys(group_of[i] for i in idx)), "shared_claims": len(shared),
                     "conflict": kinds, "first_article": first, "repeated_by": later})
        for i in idx:
            event_of[i] = eid
    cols = [c.name for c in schema.TABLES["event_groups"]]
    events = pd.DataFrame(rows, columns=cols)
    first_told = {e: k for k, e in enumerate(dict.fromkeys(event_of))}
    events = events.assign(_first=events["event_id"].map(first_told)).sort_values(
        ["n_sources", "_first"], ascending=[False, True]).drop(columns="_first").reset_index(drop=True)
    return event_of, events
