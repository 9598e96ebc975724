"""Entity mentions of a parsed body and their canonical entities across the corpus.

Owns :func:`doc_mentions` (per article, cached by the build) and :func:`canonicalise` (corpus level):
aliases from ``data/aliases.csv`` ("DPRK" → North Korea), curated gazetteer names carried by the
entity ruler ("Russia's Far East" → Russian Far East), short person names resolved to the most
salient full name that contains them ("Kim" → Kim Jong Un, first within the article, then across the
corpus), and stable ids ``<label>:<slug>``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from pathlib import Path

import pandas as pd
from spacy.tokens import Doc

from . import schema
from .ner_fix import EAST_ASIAN_SURNAMES
from .nlp import normalise, read_csv

# Numeric and temporal types are the events stage's business, not entities.
SKIP_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
_POSSESSIVE_TAIL = re.compile(r"(?:['\u2019]s|(?<=s)['\u2019])$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def make_key(text: str) -> str:
    """Normalised surface form: ASCII quotes, single spaces, no leading 'the', no possessive."""
    key = _SPACES.sub(" ", normalise(text)).strip()
    key = _LEADING_THE.sub("", key)
    return _POSSESSIVE_TAIL.sub("", key).strip()


def slug(name: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.replace("'", "")).strip("-") or "x"


def doc_mentions(doc: Doc, offset: int) -> list[dict]:
    """Named-entity mentions of ``doc`` with absolute offsets; ``offset`` is where the body starts.

    Working keys for :func:`canonicalise`: ``key`` (normalised form) and ``canonical`` (the curated
    name when the entity ruler matched a gazetteer or alias entry, else '').
    """
    sent_starts = [s.start for s in doc.sents]
    out = []
    for ent in doc.ents:
        if ent.label_ in SKIP_LABELS:
            continue
        text = ent.text
        start, end = ent.start_char, ent.end_char
        lead = _LEADING_THE.match(text)
        if lead and len(text) > lead.end():
            start += lead.end()
        tail = _POSSESSIVE_TAIL.search(text)
        if tail and tail.start() > (lead.end() if lead else 0):
            end = ent.start_char + tail.start()
        text = doc.text[start:end].rstrip()
        end = start + len(text)
        if not text:
            continue
        curated = ent.ent_id_.split(":", 1)[1] if ":" in ent.ent_id_ else ""
        out.append({"sent_id": bisect_right(sent_starts, ent.start) - 1, "start": offset + start,
                    "end": offset + end, "label": ent.label_, "key": make_key(text), "canonical": curated})
    return out


# ---- corpus level -------------------------------------------------------------------------------
def load_aliases(path: Path) -> dict[str, tuple[str, str]]:
    """alias (normalised, and also case-folded) → (canonical name, label)."""
    out: dict[str, tuple[str, str]] = {}
    for row in read_csv(Path(path)):
        alias, canonical = make_key(row.get("alias", "")), row.get("canonical", "").strip()
        if alias and canonical:
            value = (canonical, (row.get("label") or "").upper())
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
    out: dict[tuple[str, str], str] = {}
    for article_id, group in persons.groupby("article_id", sort=False):
        counts = Counter(group["name"])
        first = group.groupby("name")["start"].min().to_dict()
        for name in counts:
            local = [n for n in counts if _contained(tokens[name], tokens[n])]
            if local:
                best = max(local, key=lambda n: (counts[n], corpus_counts[n], -first[n]))
            else:
                wider = [n for n in corpus_counts if _contained(tokens[name], tokens[n])]
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


def canonicalise(mentions: pd.DataFrame, aliases_path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every mention an ``entity_id`` and build the ``entities`` table."""
    if mentions.empty:
        return mentions.assign(entity_id=pd.Series(dtype="string")), schema.empty("entities")
    m = mentions.copy()
    if "key" not in m:
        m["key"] = m["text"].map(make_key)
    if "canonical" not in m:
        m["canonical"] = ""
    m["canonical"] = m["canonical"].fillna("")
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

    persons = m["label"] == "PERSON"
    if persons.any():
        full = resolve_person_names(m.loc[persons, ["article_id", "name", "start"]])
        m.loc[persons, "name"] = [full[(a, n)] for a, n in zip(m.loc[persons, "article_id"], m.loc[persons, "name"])]

    m["slug"] = m["name"].map(slug)
    _unify_labels(m)
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
