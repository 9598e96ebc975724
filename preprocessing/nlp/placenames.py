"""Place names beyond the model's entities: the corrector's place rules (:class:`~.corrector.EntityCorrector`).

The small model misses or mistypes many place names ("Bulacan" as NORP, "Malakal" as ORG, an
untagged "Esperance").  Every rule here asks the place index whether a string is a place and keeps
it only where the sentence supports a place:

* a locative preposition before it ("in X", "near X", "from X"; "the town of X");
* "Town, State" or "Town, Country": a comma and a known admin area or country after it;
* a head noun after it that names a kind of place ("X County", "X Island", "X airfield", "X Station",
  "X province"), which then joins the name.

Three uses:

* :func:`relabel` — a name the model typed ORG, PERSON, NORP or PRODUCT that is exactly a known place
  in such a context becomes a place (a person's or organisation's name that contains a place name
  keeps its label: only whole spans are relabelled);
* :func:`split_pairs` — "Pandi, Bulacan" typed as one span becomes two places;
* :func:`candidates` — capitalised runs the model left untagged, looked up as 1–4-token n-grams.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

from ..lang.en.grammar import POSSESSIVE_MARKERS
from ..lang.en.labels import MISTYPED_PLACE_LABELS, PLACE_LABELS
from ..lang.en.motion import LOCATION_NOUNS, PLACE_PREPS
from ..lang.en.places import (ADMIN_HEADS, AIRPORT_HEADS, DIRECTION_WORDS, ISLAND_HEADS, PLACE_HEAD_LABELS,
                               PLACE_MODIFIERS, STATION_HEADS, WHERE_PREPS)
from ..lang.en.time import MONTH_WORDS, WEEKDAY_WORDS
from ..settings import MAX_PLACE_NGRAM

if TYPE_CHECKING:
    from .corrector import PlaceHit, Places

CALENDAR = MONTH_WORDS | WEEKDAY_WORDS  # "in May", "on Sunday": dates, whatever towns bear the name
_HEADS = ADMIN_HEADS | AIRPORT_HEADS | STATION_HEADS | ISLAND_HEADS


def _head_after(doc: Doc, end: int) -> int:
    """End of a place head noun right after ``end`` ("County", "railway station", "air base"), else ``end``."""
    for n in (3, 2, 1):
        if end + n <= len(doc) and " ".join(t.lower_ for t in doc[end:end + n]) in _HEADS \
                and not any(t.is_sent_start for t in doc[end:end + n]):
            return end + n
    return end


def locative_before(doc: Doc, s: int, preps: frozenset[str] = PLACE_PREPS) -> bool:
    """'in X', 'near X', 'from X', 'the town of X', 'in northern X' (the prepositions ``preps``)."""
    i = s - 1
    if i >= 0 and doc[i].lower_ in PLACE_MODIFIERS:
        i -= 1
    if i < 0:
        return False
    w = doc[i].lower_
    if w in preps:
        return True
    # "the region of X", "the town of X"; not "the Department of X" (an organisation)
    return w == "of" and i > 0 and (doc[i - 1].lower_ in LOCATION_NOUNS or doc[i - 1].lower_ in ADMIN_HEADS) \
        and doc[i - 1].is_lower


def qualified_after(doc: Doc, end: int, places: Places) -> bool:
    """'X, Y' where Y is a known admin area or country ("Pandi, Bulacan", "Esperance, Western Australia")."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    for n in (3, 2, 1):
        stop = end + 1 + n
        if stop > len(doc) or not all(t.text[:1].isupper() for t in doc[end + 1:stop]):
            continue
        hit = places.lookup(doc[end + 1:stop].text)
        if hit is not None and hit.kind in ("admin", "country"):
            return True
    return False


def _not_possessed(doc: Doc, end: int) -> bool:
    """'X's' and 'X Corp' are an owner or part of a longer name, not the place."""
    if end < len(doc) and (doc[end].text in POSSESSIVE_MARKERS or doc[end].text[:1].isupper()
                           and not doc[end].is_sent_start and doc[end].lower_ not in _HEADS):
        return False
    return True


def _hit(places: Places, text: str) -> PlaceHit | None:
    hit = places.lookup(text)
    return hit if hit is not None and hit.kind != "continent" else None


def relabel(doc: Doc, e: list, places: Places, person_tokens: set[str]) -> None:
    """A whole span typed ORG/PERSON/NORP/PRODUCT that is a known place where the context says so."""
    s, end, label = e[0], e[1], e[2]
    if label not in MISTYPED_PLACE_LABELS or e[3]:
        return
    text = doc[s:end].text
    if label == "PERSON" and (text in person_tokens or " " in text):
        return  # part of someone's full name here, or a full name ("Paris Hilton")
    hit = _hit(places, text)
    if hit is None:
        return
    head_end = _head_after(doc, end)
    if head_end > end:
        e[1], e[2] = head_end, PLACE_HEAD_LABELS.get(doc[end].lower_, hit.label)
        return
    if not _not_possessed(doc, end):
        return
    if locative_before(doc, s, WHERE_PREPS if label == "ORG" else PLACE_PREPS) or qualified_after(doc, end, places):
        e[2] = hit.label


def split_pairs(doc: Doc, ents: list[list], places: Places) -> list[list]:
    """'Pandi, Bulacan' typed as one span: two places, when both halves are known and the second is an
    admin area or country.  Returns the second halves; the first halves are cut in place."""
    added = []
    for e in ents:
        s, end = e[0], e[1]
        if e[3] or end - s < 3:
            continue
        commas = [i for i in range(s + 1, end - 1) if doc[i].text == ","]
        if len(commas) != 1:
            continue
        c = commas[0]
        left, right = doc[s:c].text, doc[c + 1:end].text
        lh, rh = _hit(places, left), _hit(places, right)
        if lh is None or rh is None or rh.kind not in ("admin", "country"):
            continue
        e[1], e[2] = c, lh.label
        added.append([c + 1, end, rh.label, ""])
    return added


def candidates(doc: Doc, claimed: set[int], places: Places) -> list[list]:
    """Untagged capitalised runs that are known places in a place context, longest match first."""
    found = []
    i, n = 0, len(doc)
    while i < n:
        t = doc[i]
        if i in claimed or not t.text[:1].isupper() or not t.is_alpha and "-" not in t.text or t.is_space:
            i += 1
            continue
        best = None
        for size in range(min(MAX_PLACE_NGRAM, n - i), 0, -1):
            end = i + size
            toks = doc[i:end]
            if any(j in claimed for j in range(i, end)) or not all(x.text[:1].isupper() or x.lower_ in ("of", "-")
                                                                   for x in toks):
                continue
            if toks[-1].lower_ in ("of", "-") or any(x.is_sent_start for x in toks[1:]) \
                    or {x.lower_ for x in toks} <= DIRECTION_WORDS or any(x.lower_ in CALENDAR for x in toks) or not all(x.tag_ in ("NNP", "NNPS") or
                                                                            not x.is_alpha for x in toks):
                continue
            if end < n and not toks[-1].whitespace_ and doc[end].text == "-":
                continue  # "Neo-natal": part of a hyphenated word
            hit = _hit(places, toks.text)
            if hit is None:
                continue
            head_end = _head_after(doc, end)
            if head_end > end and not any(j in claimed for j in range(end, head_end)):
                best = [i, head_end, PLACE_HEAD_LABELS.get(doc[end].lower_, hit.label), ""]
            elif _not_possessed(doc, end) and (locative_before(doc, i) and not t.is_sent_start
                                               or qualified_after(doc, end, places)):
                best = [i, end, hit.label, ""]
            if best:
                break
        if best:
            found.append(best)
            claimed.update(range(best[0], best[1]))
            i = best[1]
        else:
            i += 1
    return found


def extend_heads(doc: Doc, e: list, claimed: set[int], places: Places) -> None:
    """A place followed by its head noun ("Khabarovsk region", "Scott County") takes the head; a
    trailing lowercase preposition the model took in ("Ussuriysk Station for") is let go."""
    if e[2] not in PLACE_LABELS:
        return
    while e[1] - e[0] > 1 and doc[e[1] - 1].is_lower and doc[e[1] - 1].pos_ in ("ADP", "DET", "CCONJ"):
        e[1] -= 1
    head_end = _head_after(doc, e[1])
    if head_end > e[1] and not any(j in claimed for j in range(e[1], head_end)) \
            and places.index.lookup(doc[e[0]:head_end].text):
        claimed.update(range(e[1], head_end))
        e[2] = PLACE_HEAD_LABELS.get(doc[e[1]].lower_, e[2])
        e[1] = head_end
