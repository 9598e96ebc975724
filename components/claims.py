"""Comparing claims across sources: the group × source matrix, one group's members side by side with
their differences highlighted, each source's own claims, and how alike the sources are.

Pure functions over the (filtered) ``claims``, ``claim_groups``, ``source_pairs`` and ``articles``
tables: DataFrames and HTML strings out; the figures are in :mod:`components.claim_figures`.

What an analyst reads:

* a matrix cell is what one source does with one claim: **states** it (as the group's central
  wording does, or as the only source), states it **differs** (another number, certainty or day), or
  is **silent** (no member from that source);
* conflicts first: a group whose sources disagree (``claim_groups.conflict``) is what needs checking;
* the highlighted words of a member are those the group's representative wording lacks.

Article text, names and sources are untrusted: every HTML string here is built only from
``html.escape``-d pieces, and links carry URL-encoded parameters.
"""

from __future__ import annotations

import difflib
import html
import math
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from components.links import page_link
from components.registry import READER
from preprocessing.lang.en.numbers import QUALIFIERS
from preprocessing.lang.en.reporting import (DENIAL_WORDS, EXPECTATION_WORDS, HEDGE_ADVERBS, MODALS,
                                             NEGATION_WORDS)

VIEWS = ("shared", "conflicts", "all")  # which groups the matrix shows (URL parameter claim_view)
CELLS = ("states", "differs", "silent")
STANCE_WORDS = {"states": "states it", "differs": "states it differently", "silent": "silent",
                "only": "only source"}
LABEL_CHARS = 70


# ---- small helpers ------------------------------------------------------------------------------

def as_list(value) -> list:
    """Parquet list cells arrive as numpy arrays, hand-made ones as lists, missing ones as None/NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return list(value)


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


_TOKEN = re.compile(r"\d[\d,.]*\d|\d|\w+(?:['’]\w+)*|[^\w\s]")
_NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
    "thousand million billion trillion dozen dozens hundreds thousands millions billions half".split())

# the words whose presence changes a claim's meaning (see _means): qualifiers word by word
_MEANING_WORDS = NEGATION_WORDS | DENIAL_WORDS | EXPECTATION_WORDS | HEDGE_ADVERBS | MODALS
# a qualifier qualifies a number ("over 100", "at least two"); elsewhere "over" is a preposition
_QUALIFIER_PHRASES = sorted((tuple(q.split()) for q in QUALIFIERS), key=len, reverse=True)

DIFF_STYLE = "background:#fde2c8;border-radius:3px;padding:0 2px"
NUMBER_STYLE = "background:#D55E00;color:#fff;border-radius:3px;padding:0 3px;font-weight:600"


def _norm(token: str) -> str:
    return token.lower().replace("’", "'")


def _is_word(token: str) -> bool:
    return token[0].isalnum() or token[0] == "_"


def _is_number(token: str) -> bool:
    return any(c.isdigit() for c in token) or _norm(token) in _NUMBER_WORDS


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(_text(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;:") + "…"


def source_map(articles: pd.DataFrame) -> dict[str, str]:
    return dict(zip(articles["article_id"], articles["source"]))


def number_text(n: Mapping) -> str:
    """'at least two ballistic missiles (at least 2 missile)': as written, then as read."""
    value = n.get("value")
    read = " ".join(p for p in (_text(n.get("qualifier")),
                                f"{value:,.10g}" if isinstance(value, (int, float)) and not math.isnan(value) else "",
                                _text(n.get("unit"))) if p)
    text = _text(n.get("text"))
    return f"{text} ({read})" if read and read != text.replace(",", "") else text


def numbers_text(numbers) -> str:
    return "; ".join(number_text(n) for n in as_list(numbers))


# ---- groups and the matrix -----------------------------------------------------------------------

def headline(claims: pd.DataFrame, groups: pd.DataFrame, pairs: pd.DataFrame) -> dict[str, int]:
    shared = groups[groups["n_sources"] >= 2]
    return {"claims": len(claims), "shared": len(shared),
            "conflicts": int(shared["conflict"].map(lambda c: len(as_list(c)) > 0).sum()),
            "rewrites": int(pairs["rewrite"].sum()) if len(pairs) else 0}


def ordered_groups(groups: pd.DataFrame, view: str = "all") -> pd.DataFrame:
    """Groups shared by two or more sources first, conflicts first among them, then by sources;
    the build's order (first told first) breaks ties.  ``view`` keeps 'shared', 'conflicts' or 'all'."""
    conflict = groups["conflict"].map(lambda c: len(as_list(c)) > 0)
    shared = groups["n_sources"] >= 2
    key = pd.DataFrame({"single": ~shared, "calm": ~conflict, "n": -groups["n_sources"]}, index=groups.index)
    out = groups.loc[key.sort_values(["single", "calm", "n"], kind="stable").index]
    if view == "shared":
        out = out[out["n_sources"] >= 2]
    elif view == "conflicts":
        out = out[(out["n_sources"] >= 2) & out["conflict"].map(lambda c: len(as_list(c)) > 0)]
    return out.reset_index(drop=True)


def representatives(groups: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Each group's representative claim (its text, subject, article, numbers), indexed by group id.

    Pass the *unfiltered* claims: a filter may drop the representative while keeping other
    members, and the differences are still measured against it.
    """
    reps = claims.set_index("claim_id").reindex(groups["representative"])
    return pd.DataFrame({"claim_id": list(groups["representative"]),
                         "text": reps["text"].fillna("").to_numpy(),
                         "subject": reps["subject"].fillna("").to_numpy(),
                         "article_id": reps["article_id"].fillna("").to_numpy(),
                         "numbers": [as_list(n) for n in reps["numbers"]]},
                        index=pd.Index(groups["group_id"], name="group_id"))


def group_label(label: str, subject: str = "", limit: int = LABEL_CHARS) -> str:
    """The group's label, shortened; with its subject in front when the wording leaves it out
    ("(Kim) had dinner with Putin …"), since a clause without its subject reads as a fragment."""
    label, subject = _text(label), " ".join(_text(subject).split())
    if subject and _norm(subject) not in _norm(label):
        label = f"({shorten(subject, 30)}) {label}"
    return shorten(label, limit)


def group_labels(groups: pd.DataFrame, reps: pd.DataFrame | None = None, limit: int = LABEL_CHARS) -> dict[str, str]:
    """group id -> a readable, unique label (a repeated wording gets ' #2', ' #3')."""
    subject_of = dict(zip(reps.index, reps["subject"])) if reps is not None else {}
    out, seen = {}, {}
    for g, label in zip(groups["group_id"], groups["label"]):
        text = group_label(label, subject_of.get(g, ""), limit)
        seen[text] = seen.get(text, 0) + 1
        out[g] = text if seen[text] == 1 else f"{text} #{seen[text]}"
    return out


def option_labels(groups: pd.DataFrame, reps: pd.DataFrame | None = None) -> dict[str, str]:
    """group id -> picker label: wording, number of sources and conflicts, unique."""
    base = group_labels(groups, reps, limit=90)
    out, seen = {}, set()
    for g, n, conflict in zip(groups["group_id"], groups["n_sources"], groups["conflict"]):
        kinds = as_list(conflict)
        text = f"{base[g]} · {n} source{'s' if n != 1 else ''}" + (f" · conflict: {', '.join(kinds)}" if kinds else "")
        if text in seen:
            text = f"{text} ({g})"
        seen.add(text)
        out[g] = text
    return out


def stance_matrix(groups: pd.DataFrame, claims: pd.DataFrame, articles: pd.DataFrame,
                  sources: Sequence[str] | None = None) -> pd.DataFrame:
    """Rows: the given groups in their order (index group_id); columns: sources; cells: 'states',
    'differs' or 'silent'.  A source with several members states it differently when any does."""
    source_of = source_map(articles)
    if sources is None:
        sources = sorted(set(articles["source"]))
    index = list(groups["group_id"])
    rows = {g: {} for g in index}
    for g, a, stance in zip(claims["group_id"], claims["article_id"], claims["stance"]):
        row = rows.get(g)
        if row is None:
            continue
        s = source_of.get(a)
        if stance == "differs" or row.get(s) is None:
            row[s] = "differs" if stance == "differs" else "states"
    cells = [[rows[g].get(s, "silent") for s in sources] for g in index]
    return pd.DataFrame(cells, index=pd.Index(index, name="group_id"), columns=list(sources), dtype=object)


def matrix_table(matrix: pd.DataFrame, groups: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """The matrix as a downloadable table: claim, sources, conflict, then one column per source."""
    g = groups.set_index("group_id").reindex(matrix.index)
    head = pd.DataFrame({"group": list(matrix.index),
                         "claim": [labels.get(i, i) for i in matrix.index],
                         "sources": g["n_sources"].to_numpy(),
                         "conflict": [", ".join(as_list(c)) for c in g["conflict"]]})
    cells = matrix.reset_index(drop=True)
    cells.columns = [f"{s} (source)" if s in head.columns else s for s in cells.columns]
    return pd.concat([head, cells], axis=1)


# ---- one group ----------------------------------------------------------------------------------

def group_members(group_id: str, claims: pd.DataFrame, articles: pd.DataFrame,
                  params: Mapping[str, Sequence[str]] | None = None) -> pd.DataFrame:
    """The group's (kept) members in corpus order, one row each, with a reader link keeping the
    global filters of ``params`` (the current URL's parameters)."""
    cols = ["source", "claim", "stance", "credited to", "certainty", "numbers", "difference", "article",
            "claim id", "reader"]
    m = claims[claims["group_id"] == group_id]
    if m.empty:
        return pd.DataFrame(columns=cols)
    source_of = source_map(articles)
    return pd.DataFrame({
        "source": [source_of.get(a, a) for a in m["article_id"]],
        "claim": list(m["text"]),
        "stance": [STANCE_WORDS.get(s, s) for s in m["stance"]],
        "credited to": list(m["attributed_to"]),
        "certainty": list(m["certainty"]),
        "numbers": [numbers_text(n) for n in m["numbers"]],
        "difference": list(m["stance_note"]),
        "article": list(m["article_id"]),
        "claim id": list(m["claim_id"]),
        "reader": [page_link(READER, {"article": a, "claim": c}, keep_filters=params)
                   for a, c in zip(m["article_id"], m["claim_id"])],
    }, columns=cols)


def differing_numbers(numbers, reference_numbers) -> list[str]:
    """Texts of the numbers in ``numbers`` that count the same thing (unit) as a number of the
    reference but with another value or qualifier: the phrases a numbers conflict is about."""
    ref = {}
    for n in as_list(reference_numbers):
        if _text(n.get("unit")) and n["unit"] not in ref:
            ref[n["unit"]] = (n.get("value"), _text(n.get("qualifier")))
    return [_text(n.get("text")) for n in as_list(numbers)
            if _text(n.get("unit")) in ref and ref[n["unit"]] != (n.get("value"), _text(n.get("qualifier")))]


def _means(token: str, first: bool) -> bool:
    """Whether a word a member has in place of the reference's changes the meaning: a negation,
    modal, hedge, expectation or denial word, or a name (capitalised, not the text's first word).
    Qualifiers of numbers are marked as phrases in :func:`diff_html`."""
    low = _norm(token)
    return low in _MEANING_WORDS or low.endswith("n't") or (not first and token[:1].isupper())


def diff_html(text: str, reference: str, emphasis: Sequence[str] = ()) -> str:
    """``text`` as escaped HTML with what sets it apart from ``reference`` in meaning marked.

    Of the words it has that ``reference`` lacks, or puts in place of the reference's, numbers are
    marked ``tg-num`` and words that change the meaning (:func:`_means`: qualifiers, negation,
    modality, names) ``tg-diff``; other rewording (another verb, a preposition) is left plain, so
    "at least" is not lost among them.  The ``emphasis`` phrases (see
    :func:`differing_numbers`) are marked ``tg-num`` whole.  A word-level diff (difflib on
    case-folded tokens); punctuation alone is never marked, and neighbouring marked words share
    one mark.  Every piece of the output is ``html.escape``-d text or one of the fixed tags.
    """
    text, reference = _text(text), _text(reference)
    tokens = list(_TOKEN.finditer(text))
    kind = [""] * len(tokens)
    if text != reference:
        ref = [_norm(m.group()) for m in _TOKEN.finditer(reference)]
        mine = [_norm(m.group()) for m in tokens]
        changed = [False] * len(tokens)
        for op, _, _, j1, j2 in difflib.SequenceMatcher(None, ref, mine, autojunk=False).get_opcodes():
            if op in ("replace", "insert"):
                changed[j1:j2] = [True] * (j2 - j1)
                for k in range(j1, j2):
                    tok = tokens[k].group()
                    if _is_word(tok) and _is_number(tok):
                        kind[k] = "num"
                    elif _is_word(tok) and _means(tok, k == 0):
                        kind[k] = "diff"
        # a qualifier before a number ("at least two", "over 100") is marked whole when any of it is new
        for k in range(len(tokens)):
            for phrase in _QUALIFIER_PHRASES:
                n = len(phrase)
                if tuple(mine[k:k + n]) == phrase and any(changed[k:k + n]) and k + n < len(tokens) \
                        and _is_number(tokens[k + n].group()):
                    for x in range(k, k + n):
                        kind[x] = kind[x] or "diff"
                    break
    for phrase in emphasis:
        at = text.find(phrase) if phrase else -1
        if at < 0:
            continue
        for k, m in enumerate(tokens):
            if at <= m.start() and m.end() <= at + len(phrase):
                kind[k] = "num"
    out, pos, k = [], 0, 0
    while k < len(tokens):
        if not kind[k]:
            k += 1
            continue
        end = k  # neighbouring tokens of one kind share a mark, across a comma or a quote between them
        while True:
            if end + 1 < len(tokens) and kind[end + 1] == kind[k]:
                end += 1
            elif end + 2 < len(tokens) and not kind[end + 1] and not _is_word(tokens[end + 1].group()) \
                    and kind[end + 2] == kind[k]:
                end += 2
            else:
                break
        start_c, end_c = tokens[k].start(), tokens[end].end()
        out.append(html.escape(text[pos:start_c]))
        style = NUMBER_STYLE if kind[k] == "num" else DIFF_STYLE
        out.append(f'<mark class="tg-{kind[k]}" style="{style}">{html.escape(text[start_c:end_c])}</mark>')
        pos, k = end_c, end + 1
    out.append(html.escape(text[pos:]))
    return "".join(out)


_CARD = ("border:1px solid #d5d9de;border-radius:8px;padding:0.7rem 0.85rem;background:#fff;"
         "font-size:0.95rem;line-height:1.55")
_BADGE = {"states": "#0072B2", "differs": "#D55E00", "only": "#5f6670", "reference": "#2b2f36"}


def member_card(member: Mapping, reference: str, reference_numbers=(), *, is_reference: bool = False,
                href: str = "") -> str:
    """One member as an HTML card: source, stance, the text with what sets it apart from the
    ``reference`` wording marked, who it is credited to, certainty, numbers, what differs, and a
    link to the reader."""
    stance = "reference" if is_reference else _text(member.get("stance"))
    word = "central wording" if is_reference else STANCE_WORDS.get(stance, stance)
    body = (html.escape(_text(member.get("text"))) if is_reference else
            diff_html(member.get("text"), reference, differing_numbers(member.get("numbers"), reference_numbers)))
    facts = [("Credited to", _text(member.get("attributed_to")) or "the source itself"),
             ("Certainty", _text(member.get("certainty")))]
    if nums := numbers_text(member.get("numbers")):
        facts.append(("Numbers", nums))
    if note := _text(member.get("stance_note")):
        facts.append(("Differs", note))
    rows = "".join(f'<div><span style="color:#5f6670">{html.escape(k)}:</span> {html.escape(v)}</div>'
                   for k, v in facts)
    link = (f'<div style="margin-top:0.4rem"><a href="{html.escape(href)}" target="_self">Open in reader</a></div>'
            if href else "")
    return (f'<div class="tg-claim" style="{_CARD}">'
            f'<div style="display:flex;flex-wrap:wrap;justify-content:space-between;gap:0.25rem 0.5rem;'
            f'align-items:baseline"><b style="overflow-wrap:anywhere">{html.escape(_text(member.get("source")))}</b>'
            f'<span style="color:#fff;background:{_BADGE.get(stance, "#5f6670")};border-radius:10px;'
            f'padding:0 0.5rem;font-size:0.8rem;white-space:nowrap">{html.escape(word)}</span></div>'
            f'<div class="tg-claim-text" style="margin:0.45rem 0">{body}</div>'
            f'<div style="font-size:0.85rem">{rows}</div>{link}</div>')


# ---- each source's own claims -------------------------------------------------------------------

def unique_claims(groups: pd.DataFrame, claims: pd.DataFrame, articles: pd.DataFrame,
                  params: Mapping[str, Sequence[str]] | None = None) -> pd.DataFrame:
    """Claims of groups only one (filtered) source makes, by source then in corpus order, with
    reader links as in :func:`group_members`."""
    cols = ["source", "claim", "credited to", "certainty", "numbers", "article", "reader"]
    alone = set(groups.loc[groups["n_sources"] == 1, "group_id"])
    m = claims[claims["group_id"].isin(alone)]
    if m.empty:
        return pd.DataFrame(columns=cols)
    source_of = source_map(articles)
    out = pd.DataFrame({
        "source": [source_of.get(a, a) for a in m["article_id"]],
        "claim": list(m["text"]),
        "credited to": list(m["attributed_to"]),
        "certainty": list(m["certainty"]),
        "numbers": [numbers_text(n) for n in m["numbers"]],
        "article": list(m["article_id"]),
        "reader": [page_link(READER, {"article": a, "claim": c}, keep_filters=params)
                   for a, c in zip(m["article_id"], m["claim_id"])],
    }, columns=cols)
    return out.sort_values("source", kind="stable").reset_index(drop=True)


# ---- how alike the sources are ------------------------------------------------------------------

def source_similarity(claims: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Sources × sources: Jaccard similarity of the claim groups each (filtered) source has a member
    in; symmetric, NaN on the diagonal.  With one article per source it is source_pairs.similarity."""
    source_of = source_map(articles)
    sources = sorted(set(articles["source"]))
    groups_of: dict[str, set] = {s: set() for s in sources}
    for a, g in zip(claims["article_id"], claims["group_id"]):
        if a in source_of:
            groups_of[source_of[a]].add(g)
    sim = pd.DataFrame(float("nan"), index=sources, columns=sources)
    for i, a in enumerate(sources):
        for b in sources[i + 1:]:
            union = groups_of[a] | groups_of[b]
            v = len(groups_of[a] & groups_of[b]) / len(union) if union else 0.0
            sim.at[a, b] = sim.at[b, a] = v
    return sim


def rewrite_source_pairs(pairs: pd.DataFrame, articles: pd.DataFrame) -> set[frozenset]:
    """Pairs of sources with at least one article pair flagged as a rewrite."""
    source_of = source_map(articles)
    return {frozenset((source_of.get(a, a), source_of.get(b, b)))
            for a, b, r in zip(pairs["article_a"], pairs["article_b"], pairs["rewrite"]) if r}


def pairs_table(pairs: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The article pairs sharing claims, most similar first, with their sources and rewrite evidence."""
    source_of = source_map(articles)
    out = pd.DataFrame({
        "source a": [source_of.get(a, a) for a in pairs["article_a"]],
        "source b": [source_of.get(b, b) for b in pairs["article_b"]],
        "shared claims": list(pairs["shared_groups"]),
        "similarity": list(pairs["similarity"]),
        "coverage": list(pairs["coverage"]),
        "same order": list(pairs["order"]),
        "rewrite": list(pairs["rewrite"]),
        "evidence": list(pairs["rewrite_note"]),
        "article a": list(pairs["article_a"]),
        "article b": list(pairs["article_b"]),
    })
    return out.sort_values(["similarity", "shared claims"], ascending=False, kind="stable").reset_index(drop=True)


# ---- events -------------------------------------------------------------------------------------

def event_table(events: pd.DataFrame, claims: pd.DataFrame, articles: pd.DataFrame,
                groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """Events × sources over the kept claims: one row per event with a kept claim, most sources
    first; per source 'reports' / 'differs' (one of its claims about it states a claim differently)
    / '' (silent); the outlet that reported it first (by publication day) and the later ones; the
    conflicts among its kept claim groups."""
    source_of = source_map(articles)
    sources = sorted(set(articles["source"]))
    conflict_of = dict(zip(groups["group_id"], groups["conflict"])) if groups is not None else {}
    cells: dict[str, dict[str, str]] = {}
    kinds: dict[str, set] = {}
    for e, a, stance, g in zip(claims["event_id"], claims["article_id"], claims["stance"], claims["group_id"]):
        s = source_of.get(a)
        row = cells.setdefault(e, {})
        if stance == "differs" or s not in row:
            row[s] = "differs" if stance == "differs" else "reports"
        kinds.setdefault(e, set()).update(as_list(conflict_of.get(g)))
    ev = events[events["event_id"].isin(cells)]
    head = pd.DataFrame({
        "event": list(ev["event_id"]),
        "what happened": [shorten(t, 110) for t in ev["label"]],
        "sources": [len(cells[e]) for e in ev["event_id"]],
        "conflict": [", ".join(sorted(kinds.get(e, ()))) for e in ev["event_id"]],
        "first reported by": [source_of.get(a, "") if a in source_of else "" for a in ev["first_article"]],
        "repeated by": [", ".join(dict.fromkeys(source_of[a] for a in as_list(r) if a in source_of))
                        for r in ev["repeated_by"]],
        "entities": [", ".join(as_list(x)[:4]) for x in ev["entities"]],
    })
    grid = pd.DataFrame([[cells[e].get(s, "") for s in sources] for e in ev["event_id"]], columns=sources)
    grid.columns = [f"{s} (source)" if s in head.columns else s for s in grid.columns]
    out = pd.concat([head, grid], axis=1)
    return out.sort_values("sources", ascending=False, kind="stable").reset_index(drop=True)


def event_cards(event_id: str, claims: pd.DataFrame, articles: pd.DataFrame, first_article: str = "",
                params: Mapping[str, Sequence[str]] | None = None, groups: pd.DataFrame | None = None) -> list[str]:
    """One HTML card per source reporting the event: its claims about it in reading order, each with
    its certainty, credit and numbers and a link to the reader at that sentence; the claims other
    sources make too (a claim group of ``groups`` with two or more sources) first, the ones only it
    makes folded under a summary; the first reporter's card says so and comes first."""
    source_of = source_map(articles)
    shared = set(groups.loc[groups["n_sources"] >= 2, "group_id"]) if groups is not None else None
    m = claims[claims["event_id"] == event_id]
    by_source: dict[str, list] = {}
    for row in m.itertuples(index=False):
        by_source.setdefault(source_of.get(row.article_id, row.article_id), []).append(row)
    first_source = source_of.get(first_article, "") if first_article else ""
    cards = []
    for source, rows in sorted(by_source.items(), key=lambda x: (x[0] != first_source, -len(x[1]), x[0])):
        items, own = [], []
        for r in rows:
            facts = [_text(r.certainty)] + ([f"credited to {_text(r.attributed_to)}"] if _text(r.attributed_to) else []) \
                + ([numbers_text(r.numbers)] if numbers_text(r.numbers) else [])
            href = page_link(READER, {"article": r.article_id, "claim": r.claim_id}, keep_filters=params)
            (items if shared is None or r.group_id in shared else own).append(
                f'<li style="margin-bottom:0.35rem">{html.escape(_text(r.text))} '
                f'<span style="color:#5f6670;font-size:0.85rem">({html.escape(" · ".join(facts))})</span> '
                f'<a href="{html.escape(href)}" target="_self">reader</a></li>')
        folded = (f'<details style="margin-top:0.3rem"><summary style="color:#5f6670;font-size:0.85rem">'
                  f'{len(own)} more claim{"s" if len(own) != 1 else ""} only this source makes about it</summary>'
                  f'<ul style="margin:0.4rem 0 0 1rem;padding:0">{"".join(own)}</ul></details>' if own else "")
        badge = (f'<span style="color:#fff;background:#2b2f36;border-radius:10px;padding:0 0.5rem;'
                 f'font-size:0.8rem">first to report</span>' if source == first_source else "")
        listed = f'<ul style="margin:0.4rem 0 0 1rem;padding:0">{"".join(items)}</ul>' if items else ""
        cards.append(f'<div class="tg-event" style="{_CARD}"><div style="display:flex;justify-content:space-between;'
                     f'gap:0.5rem"><b style="overflow-wrap:anywhere">{html.escape(source)}</b>{badge}</div>'
                     f'{listed}{folded}</div>')
    return cards
