"""Entity mentions of one parsed body (the per-article step of the entities stage).

Owns :func:`doc_mentions` (cached by the build with the parse) and the normalised surface form
:func:`make_key` and id :func:`slug` that the corpus step keys on.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

from spacy.tokens import Doc

from ..lang.en.labels import NUMERIC_LABELS
from ..nlp.corrector import EntityCorrector, expands, is_name_token
from ..nlp.pipeline import normalise

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
    name when the entity ruler matched a gazetteer or alias entry, else ''), ``shape`` (every token
    tagged as a proper noun that could be part of a personal name) and ``expands`` (the key of the
    entity just before "(ACRONYM)" when this mention is that acronym, else '') and ``headline`` (the mention
    is on a Title Case line, a headline or subhead: no evidence of a person by itself).
    """
    sent_starts = [s.start for s in doc.sents]
    doc_text = doc.text  # Doc.text joins every token on each access: read it once
    out = []
    prev = None
    for ent in doc.ents:
        if ent.label_ in NUMERIC_LABELS:  # the events stage's business, not entities
            continue
        text = ent.text
        start, end = ent.start_char, ent.end_char
        lead = _LEADING_THE.match(text)
        if lead and len(text) > lead.end():
            start += lead.end()
        tail = _POSSESSIVE_TAIL.search(text)
        if tail and tail.start() > (lead.end() if lead else 0):
            end = ent.start_char + tail.start()
        text = doc_text[start:end].rstrip()
        end = start + len(text)
        if not text:
            continue
        curated = ent.ent_id_.split(":", 1)[1] if ":" in ent.ent_id_ else ""
        long_key = ""
        if prev is not None and ent.start >= 2 and doc[ent.start - 1].text == "(" and ent.end < len(doc) \
                and doc[ent.end].text == ")" and prev[0].end in (ent.start - 1, ent.start - 2) \
                and expands(text, prev[1]):
            long_key = make_key(prev[1])
        out.append({"sent_id": bisect_right(sent_starts, ent.start) - 1, "start": offset + start,
                    "end": offset + end, "label": ent.label_, "key": make_key(text), "canonical": curated,
                    "shape": all(is_name_token(t) for t in ent if t.text not in ("'s", "'")),
                    "expands": long_key, "headline": EntityCorrector.title_line(doc, ent.start)})
        prev = (ent, text)
    return out
