"""Entity mentions of a parsed body and their canonical entities across the corpus.

The corpus step of the entities stage: :func:`canonicalise` turns the raw mentions of
:mod:`.extract` into canonical entities:
aliases from ``data/aliases.csv`` ("DPRK" → North Korea), curated gazetteer names carried by the
entity ruler ("Russia's Far East" → Russian Far East), acronyms defined in parentheses ("Workers'
Party of Korea (WPK)": every "WPK" in the corpus is that party), one label per personal name across
the corpus (a name the model calls PERSON somewhere is a PERSON everywhere, its bare surname too),
short person names resolved to the most salient full name that contains them ("Kim" → Kim Jong Un,
first within the article, then across the corpus), short ORG names merged into the one longer ORG
that ends with them ("Security Council" → United Nations Security Council), and stable ids
``<label>:<slug>``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

from .. import schema
from ..curated import read_aliases
from ..lang.en.labels import PLACE_LABELS
from ..lang.en.names import (EAST_ASIAN_SURNAMES, EAST_ASIAN_VOWEL_FOLDS, NAME_PAIR_JOINERS, NON_NAME_WORDS, TITLES,
                             TRANSLIT_ENDINGS, TRANSLIT_INNER)
from .extract import make_key, slug

_NAME_WORD = re.compile(r"^[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*$|^[A-Z]'[A-Z][a-z]+$|^Mc[A-Z][a-z]+$")


def load_aliases(path: Path) -> dict[str, tuple[str, str]]:
    """alias (normalised, and also case-folded) → (canonical name, label), from ``aliases.csv``'s rows."""
    out: dict[str, tuple[str, str]] = {}
    for row in read_aliases(path):
        alias, canonical = make_key(row.alias), row.canonical
        if alias and canonical:
            value = (canonical, row.label.upper())
            out.setdefault(alias, value)
            out.setdefault(alias.casefold(), value)
    return out


def _contained(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Is ``short`` how ``long`` is shortened: its end ("Putin"), or its start when that is a family
    name ("Kim" of Kim Jong Un) or a truncation of several words ("Choe Sun")?

    A lone given name ("James") is not taken for the start of "James Bond".
    """
    n = len(short)
    if n >= len(long):
        return False
    return long[-n:] == short or (long[:n] == short and (n >= 2 or long[0] in EAST_ASIAN_SURNAMES))


def resolve_person_names(persons: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(article_id, name) → full name for shortened person names.

    A short name goes to the longer name that starts or ends with it and is most salient in the same
    article (mentions, then corpus mentions, then first appearance); when the article has none, to
    the most salient such name in the corpus.  Unmatched names map to themselves.
    """
    names = persons["name"].tolist()
    corpus_counts = Counter(names)
    corpus_articles = persons.groupby("name")["article_id"].nunique().to_dict()
    tokens = {n: tuple(n.split()) for n in corpus_counts}
    # every shortening of every name, so candidates are a lookup rather than a scan of the corpus
    longer: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for n, t in tokens.items():
        for short in {t[-k:] for k in range(1, len(t))} | {t[:k] for k in range(1, len(t))}:
            if _contained(short, t):
                longer[short].append(n)
    out: dict[tuple[str, str], str] = {}
    for article_id, group in persons.groupby("article_id", sort=False):
        counts = Counter(group["name"])
        first = group.groupby("name")["start"].min().to_dict()
        for name in counts:
            wider = longer.get(tokens[name], [])
            local = [n for n in wider if n in counts]
            if local:
                best = max(local, key=lambda n: (counts[n], corpus_counts[n], -first[n]))
            else:
                best = max(wider, key=lambda n: (corpus_articles[n], corpus_counts[n], n)) if wider else name
            out[(article_id, name)] = best
    # "Choe Sun" → "Choe Sun Hui" may itself have been shortened further up: follow the chain.
    for k, v in out.items():
        seen = {v}
        while (k[0], v) in out and out[(k[0], v)] not in seen:
            v = out[(k[0], v)]
            seen.add(v)
        out[k] = v
    return out


def translit_key(name: str) -> str:
    """One spelling for a name's transliteration variants (see lang/en/names.py): "Alexandr Kozlov" and
    "Aleksander Kozlov" share "alexander kozlov"; in a name led by an East Asian family name, short
    given-name syllables fold their vowels ("Choe Sun Hui" = "Choe Son Hui")."""
    words = name.split()
    east = len(words) >= 2 and words[0] in EAST_ASIAN_SURNAMES
    out = []
    for k, w in enumerate(words):
        low = w.lower()
        for a, b in TRANSLIT_INNER:
            low = low.replace(a, b)
        for a, b in TRANSLIT_ENDINGS:
            if low.endswith(a) and len(low) > len(a) + 2:
                low = low[: -len(a)] + b
                break
        if east and k > 0 and len(low) <= 4:
            for a, b in EAST_ASIAN_VOWEL_FOLDS:
                low = low.replace(a, b)
        out.append(low)
    return " ".join(out)


def fold_transliterations(names: pd.Series) -> dict[str, str]:
    """Person name → the corpus's commonest spelling among the names sharing its :func:`translit_key`
    (ties: alphabetical).  Only names of two or more words are folded: a bare surname says too little."""
    counts = Counter(n for n in names if len(n.split()) >= 2)
    groups: dict[str, list[str]] = defaultdict(list)
    for n in counts:
        groups[translit_key(n)].append(n)
    out = {}
    for members in groups.values():
        if len(members) > 1:
            best = min(members, key=lambda n: (-counts[n], n))
            out.update({n: best for n in members})
    return out


def canonicalise(mentions: pd.DataFrame, aliases_path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every mention an ``entity_id`` and build the ``entities`` table."""
    if mentions.empty:
        return mentions.assign(entity_id=pd.Series(dtype="string")), schema.empty("entities")
    m = mentions.copy()
    if "key" not in m:
        m["key"] = m["text"].map(make_key)
    for col, default in (("canonical", ""), ("expands", ""), ("shape", True), ("headline", False)):
        m[col] = m[col].fillna(default) if col in m else default
    aliases = load_aliases(aliases_path)

    names, labels = [], []
    for key, canonical, label in zip(m["key"], m["canonical"], m["label"]):
        hit = aliases.get(key) or aliases.get(canonical) or aliases.get(key.casefold())
        if hit:
            names.append(hit[0])
            labels.append(hit[1] or label)
        else:
            names.append(canonical or key)
            labels.append(label)
    m["name"], m["label"] = names, labels
    _expand_acronyms(m, aliases)
    _unify_person_labels(m)

    persons = m["label"] == "PERSON"
    if persons.any():
        full = resolve_person_names(m.loc[persons, ["article_id", "name", "start"]])
        m.loc[persons, "name"] = [full[(a, n)] for a, n in zip(m.loc[persons, "article_id"], m.loc[persons, "name"])]
        folded = fold_transliterations(m.loc[persons, "name"])
        if folded:  # variants stay as aliases: the entities' aliases are the surface forms
            m.loc[persons, "name"] = m.loc[persons, "name"].map(lambda n: folded.get(n, n))
        m = _drop_unconfirmed_headline_persons(m)

    m["slug"] = m["name"].map(slug)
    _unify_labels(m)
    _merge_org_suffixes(m)
    m["entity_id"] = m["label"].str.lower() + ":" + m["slug"]
    # The displayed name is the commonest spelling among the mentions that share an id.
    display = (m.groupby(["entity_id", "name"]).size().reset_index(name="n")
               .sort_values(["entity_id", "n", "name"], ascending=[True, False, True])
               .drop_duplicates("entity_id").set_index("entity_id")["name"])
    entities = m.groupby("entity_id", sort=False).agg(
        label=("label", "first"), aliases=("text", lambda s: sorted(set(s))),
        n_mentions=("text", "size"), n_articles=("article_id", "nunique")).reset_index()
    entities["name"] = entities["entity_id"].map(display)
    entities = entities.sort_values(["n_mentions", "entity_id"], ascending=[False, True], ignore_index=True)
    entities = entities[[c.name for c in schema.TABLES["entities"]]]
    return m.drop(columns=["name", "slug"]), entities


def _drop_unconfirmed_headline_persons(m: pd.DataFrame) -> pd.DataFrame:
    """Title Case lines are no evidence of names: a person named only on headline or subhead lines
    ("Lee Visits", a piece of "Putin Meets Kim" that no running text names) is dropped; one that running
    text somewhere in the corpus names (after short names were resolved) stays.  Curated names stay."""
    persons = m["label"] == "PERSON"
    headline = persons & m["headline"].astype(bool) & (m["canonical"] == "")
    if not headline.any():
        return m
    confirmed = set(m.loc[persons & ~headline, "name"])
    return m.loc[~(headline & ~m["name"].isin(confirmed))].copy()


def _expand_acronyms(m: pd.DataFrame, aliases: dict[str, tuple[str, str]]) -> None:
    """"Workers' Party of Korea (WPK)" defines WPK for the whole corpus, unless the corpus defines
    it twice differently.  Curated aliases are not overridden."""
    defined = m["expands"] != ""
    if not defined.any():
        return
    longs: dict[str, set[str]] = {}
    label_of: dict[str, str] = {}
    # The corrector gave the defining acronym its long name's label; a name with an acronym is
    # no person, wherever the model read it so.
    for key, long_key, label in zip(m.loc[defined, "key"], m.loc[defined, "expands"], m.loc[defined, "label"]):
        hit = aliases.get(long_key) or aliases.get(long_key.casefold())
        name = hit[0] if hit else long_key
        longs.setdefault(key, set()).add(name)
        if label != "PERSON":
            label_of.setdefault(name, label)
    for name, label in label_of.items():
        m.loc[(m["name"] == name) & (m["label"] == "PERSON") & (m["canonical"] == ""), "label"] = label
    for key, found in longs.items():
        if len(found) != 1 or key in aliases:
            continue
        name = next(iter(found))
        rows = (m["key"] == key) & (m["canonical"] == "")
        m.loc[rows, "name"] = name
        m.loc[rows, "label"] = label_of.get(name, "ORG")


def looks_personal(name: str) -> bool:
    """Two to four capitalised words, none of them a title or an organisation/place word."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(
        _NAME_WORD.match(w) and w.lower() not in NON_NAME_WORDS and w.lower() not in TITLES for w in words)


def _unify_person_labels(m: pd.DataFrame) -> None:
    """A personal name the model calls PERSON somewhere is a PERSON everywhere ("Giulia Romano" read
    as ORG after a dateline), unless other labels outnumber PERSON more than two to one; then a bare
    surname of such a person in the same article is that person too.  Curated spans keep their label."""
    free = m["canonical"] == ""
    is_person = m["label"] == "PERSON"
    votes = m.loc[free].groupby("name").agg(person=("label", lambda s: int((s == "PERSON").sum())),
                                            n=("label", "size"), shape=("shape", "all"))
    if not votes.empty:  # an empty groupby leaves untyped columns that cannot be compared
        votes = votes[(votes["person"] > 0) & (votes["n"] > votes["person"])
                      & (3 * votes["person"] >= votes["n"]) & votes["shape"].astype(bool)]
    defining = set(m.loc[m["expands"] != "", "expands"])  # "Asymmetric Digital Subscriber Line (ADSL)"
    people = {n for n in votes.index if looks_personal(n) and n not in defining}
    if people:
        m.loc[free & ~is_person & m["name"].isin(people), "label"] = "PERSON"
        is_person = m["label"] == "PERSON"
    # Full names the tagger read as proper nouns throughout ("Across Wales" at a sentence start is not).
    shaped = m.loc[is_person].groupby("name")["shape"].all()
    surnames = {(a, n.split()[-1]) for a, n in zip(m.loc[is_person, "article_id"], m.loc[is_person, "name"])
                if looks_personal(n) and shaped[n]}
    bare = free & ~is_person & m["shape"] & ~m["name"].str.contains(" ")
    # A place name stays a place when it also occurs where no such person is named ("Wales").
    places = bare & m["label"].isin(PLACE_LABELS)
    elsewhere = {n for a, n in zip(m.loc[places, "article_id"], m.loc[places, "name"]) if (a, n) not in surnames}
    hits = [i for i, a, n, place in zip(m.index[bare.to_numpy()], m.loc[bare, "article_id"], m.loc[bare, "name"],
                                        places[bare])
            if (a, n) in surnames and not (place and n in elsewhere)]
    m.loc[hits, "label"] = "PERSON"


def _merge_org_suffixes(m: pd.DataFrame) -> None:
    """"Security Council" → the one longer ORG that ends with it ("United Nations Security Council"),
    looked for in the same article first, then in the corpus; left alone when that is ambiguous.

    The short name must be two words or more: one word ("United", "Labour") has too many owners."""
    orgs = m["label"] == "ORG"
    if not orgs.any():
        return
    tokens = {n: tuple(n.split()) for n in m.loc[orgs, "name"].unique()}
    # A span the model ran across two names ("Arsenal or Sheffield United") is no longer form.
    corpus = {n for n, t in tokens.items() if not NAME_PAIR_JOINERS.intersection(t)}
    n_articles = m.loc[orgs].groupby("name")["article_id"].nunique().to_dict()
    shorts = {n for n, t in tokens.items() if len(t) >= 2}
    if not shorts:
        return

    def longer(short: str, pool) -> list[str]:
        t = tokens[short]
        return [n for n in pool if len(tokens[n]) > len(t) and tokens[n][-len(t):] == t]

    wider = {n: longer(n, corpus) for n in shorts}
    local_names = m.loc[orgs].groupby("article_id")["name"].agg(set).to_dict()
    local = {(a, n): longer(n, names & corpus) for a, names in local_names.items() for n in names & shorts}
    # Across the corpus only into a name at least as widespread as the short name's unexplained uses:
    # "Labour Party" in many articles is not the "Scottish Labour Party" of one.
    alone = Counter(n for (a, n), found in local.items() if not found)
    new_names = []
    for article_id, name in zip(m.loc[orgs, "article_id"], m.loc[orgs, "name"]):
        if name in shorts and wider[name]:
            pick = local[(article_id, name)] or [
                n for n in wider[name] if len(wider[name]) == 1 and n_articles[n] >= alone[name]]
            if len(pick) == 1:
                name = pick[0]
        new_names.append(name)
    m.loc[orgs, "name"] = new_names
    m.loc[orgs, "slug"] = m.loc[orgs, "name"].map(slug)


def _unify_labels(m: pd.DataFrame) -> None:
    """One label per non-person name across the corpus: the model may call the same name ORG here
    and GPE there.  Curated (ruler) labels win, then the majority."""
    nonperson = m["label"] != "PERSON"
    if not nonperson.any():
        return
    sub = m.loc[nonperson]
    weight = 1 + 100 * (sub["canonical"] != "")
    votes = (pd.DataFrame({"slug": sub["slug"], "label": sub["label"], "w": weight})
             .groupby(["slug", "label"])["w"].sum().reset_index()
             .sort_values(["slug", "w", "label"], ascending=[True, False, True])
             .drop_duplicates("slug").set_index("slug")["label"])
    m.loc[nonperson, "label"] = sub["slug"].map(votes).to_numpy()
