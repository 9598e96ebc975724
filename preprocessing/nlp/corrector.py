"""Post-NER correction rules: the fixes the statistical model needs on news text.

Owns :class:`EntityCorrector`, the pipeline component that rewrites ``doc.ents`` once per doc:

* spans lose a leading "the", a trailing possessive and, for persons, leading titles and ranks
  ("Navy Adm. Kim Myong Sik" → "Kim Myong Sik"); organisations lose a trailing rank that belongs to
  the following name ("… Army Marshals" + "Ri Pyong Chol");
* hyphenated place names are made whole ("Komsomolsk" + "-on-Amur");
* truncated person names grow over adjacent unclaimed proper nouns ("Choe Sun" + "Hui");
* mistyped spans are relabelled: a person span that is a known place and no part of a person's name
  becomes a place, an ORG span that is exactly a known place in a locative slot ("travelled to
  Marseille") becomes a place, a name-shaped span after a title / before ", chairman" / with an East
  Asian surname becomes a person, and plural acronyms tagged as places ("ICBMs") become PRODUCT;
* "Long Name (ACRONYM)": the long name is made one entity (the model often misses it) and the acronym
  gets its label, so :mod:`preprocessing.entities` can make them one entity;
* a one-word sea or region used as a modifier ("the Pacific naval fleet") is no place mention: it is
  dropped, or joined to a capitalised head ("Pacific Fleet", ORG);
* place names beyond the model's entities (:mod:`.placenames`): known places the model mistyped or
  missed, kept where a locative preposition, "Town, State" or a head noun ("X County") supports them.

The rules only look at the entities and their immediate neighbours, so the cost per doc is small.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from spacy import util
from spacy.tokens import Doc, Span, Token

from . import placenames
from ..lang.en.grammar import POSSESSIVE_MARKERS
from ..lang.en.labels import KIND_LABELS, NON_PERSON_NAME_LABELS, PLACE_LABELS
from ..lang.en.motion import MOTION_PREPS, MOTION_WORDS, PLACE_PREPS
from ..lang.en.names import (ACRONYM_GLUE, DEMONYM_ENDINGS, DISEASE_WORDS, EAST_ASIAN_SURNAMES, FACILITY_HEADS,
                             HEADLINE_VERBS, NAME_PARTICLES, NON_NAME_WORDS, OUTLET_NOUNS, PLACE_CLASS_NOUNS,
                             PORTFOLIO_WORDS, ROLE_NOUNS, THING_CLASS_NOUNS, TITLE_NOUNS, TITLES)
from ..lang.en.places import GEO_HEADS
from ..settings import (DATA_DIR, EAST_ASIAN_GIVEN_MAX, HEADLINE_CAPITALISED_SHARE, HEADLINE_MIN_WORDS,
                        LABEL_LINE_MAX_WORDS, STRONG_PLACE_POPULATION)

if TYPE_CHECKING:
    from spacy.language import Language

    from ..geo.gazetteer import PlaceIndex

_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")
# Model designations ("S-400", "KN23"); a single letter and a number ("G7", "G20") is usually a group.
_HARDWARE_CODE = re.compile(r"^(?:[A-Za-z]+-\d[\w-]*|[A-Za-z]{2,}\d[\w-]*)$")
_NAME_TOKEN = re.compile(r"^[A-Z][a-zA-Z]*(?:-[a-zA-Z]+)*\.?$")
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z][A-Za-z&]*[A-Z]$")
# An all-capitals word of two or more letters ("CNN", "TASS"); Roman numerals ("John Paul II") are not.
_CAPS_WORD = re.compile(r"^[A-Z]{2,}$")
_ROMAN = re.compile(r"^[IVX]+$")


def acronym_letters(acronym: str) -> str:
    return re.sub(r"[^A-Za-z]", "", acronym).upper()


def expands(acronym: str, long_name: str) -> bool:
    """Is ``acronym`` the initials of ``long_name``?  Lowercase glue words ("of", "the") may or may
    not give a letter: "Workers' Party of Korea" → WPK, "Bank of England" → BoE."""
    if not _ACRONYM.match(acronym):
        return False
    letters = acronym_letters(acronym)
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'.]*", long_name) if w not in ("'s", "'")]
    if len(words) < 2 or len(letters) < 2:
        return False
    content = "".join(w[0] for w in words if w[0].isupper()).upper()
    every = "".join(w[0] for w in words if w.lower() != "the").upper()
    return letters in (content, every)


def is_title(token: Token) -> bool:
    return token.lower_ in TITLES


def is_name_token(token: Token) -> bool:
    """A capitalised word that could be part of a personal name."""
    return (bool(_NAME_TOKEN.match(token.text)) and not token.text.endswith(".")
            and token.lower_ not in NON_NAME_WORDS and not is_title(token)
            and token.tag_ in ("NNP", "NNPS", ""))


# ---- place knowledge ----------------------------------------------------------------------------
@dataclass(frozen=True)
class PlaceHit:
    label: str    # GPE, LOC or FAC
    strong: bool  # curated, a country/region, or a large city: safe to trust without context
    kind: str = ""  # the gazetteer kind of the chosen reading ('water', 'region', 'city', ...)


class Places:
    """Is this string a known place, and how sure is that without context?

    Reads the merged place index of ``data_dir`` (:func:`~preprocessing.geo.gazetteer.load_index`),
    or the given ``index`` (one restored with a saved pipeline).
    """

    def __init__(self, data_dir: Path | None, min_population: int, *, index: PlaceIndex | None = None):
        if index is None:
            from ..geo.gazetteer import load_index

            index = load_index(data_dir)
        self.min_population = min_population
        self.index = index
        self._memo: dict[str, PlaceHit | None] = {}

    def lookup(self, name: str) -> PlaceHit | None:
        if name not in self._memo:
            self._memo[name] = self._lookup(name)
        return self._memo[name]

    def _lookup(self, name: str) -> PlaceHit | None:
        best = None
        for c in self.index.lookup(name):
            # GeoNames alternate names include nicknames and foreign spellings that collide with
            # ordinary names; only the curated file's alternates are trusted.
            if c.source != "gazetteer" and not (c.primary and c.name == name):  # "Bush" is not "Būsh"
                continue
            strong = (c.source == "gazetteer" or c.capital or c.population >= self.min_population
                      or c.kind in ("country", "continent", "admin", "region", "water"))
            hit = PlaceHit(c.label or KIND_LABELS.get(c.kind, "GPE"), strong, c.kind)
            if best is None or (hit.strong and not best.strong):
                best = hit
        return best


# ---- the component ------------------------------------------------------------------------------
class EntityCorrector:
    """Rewrites ``doc.ents`` with the rules in this module's docstring.

    A stateful spaCy component in spaCy's own shape (compare ``EntityRuler``): the factory
    ``triangulate_entity_corrector`` (:mod:`.pipeline`) makes it empty from its config,
    :meth:`initialize` loads its data (the place index of a data folder), and :meth:`to_disk` /
    :meth:`from_disk` (and the bytes pair) save that data with the pipeline and restore it, so
    ``spacy.load`` of a saved pipeline needs neither the data folder nor the place-index cache.
    """

    def __init__(self, nlp: Language | None = None, name: str = "triangulate_entity_corrector", *,
                 place_min_population: int = STRONG_PLACE_POPULATION):
        self.name = name
        self.place_min_population = place_min_population
        self.places: Places | None = None

    def initialize(self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None,
                   data_dir: str | Path | None = None) -> None:
        """Load the place knowledge: the merged place index of ``data_dir`` (default: the project's data).

        Called by :func:`~preprocessing.nlp.load_pipeline`; with ``nlp.initialize()`` the folder comes
        from ``[initialize.components.triangulate_entity_corrector] data_dir``.  ``get_examples`` and
        ``nlp`` are spaCy's usual arguments, unused: nothing here is trained.
        """
        self.places = Places(Path(data_dir) if data_dir else DATA_DIR, self.place_min_population)

    # ---- serialisation (Language.to_disk / from_disk / to_bytes / from_bytes call these) ----
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        writers = {"places": lambda p: self.places.index.to_disk(p)} if self.places else {}
        util.to_disk(path, writers, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EntityCorrector:
        from ..geo.gazetteer import PlaceIndex

        def read(p: Path) -> None:
            if p.exists():  # absent when the component was saved uninitialised
                self.places = Places(None, self.place_min_population, index=PlaceIndex.from_disk(p))

        self.places = None
        util.from_disk(path, {"places": read}, exclude)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        getters = {"places": lambda: self.places.index.to_bytes()} if self.places else {}
        return util.to_bytes(getters, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> EntityCorrector:
        from ..geo.gazetteer import PlaceIndex

        def read(b: bytes) -> None:
            self.places = Places(None, self.place_min_population, index=PlaceIndex.from_bytes(b))

        self.places = None
        util.from_bytes(data, {"places": read}, exclude)
        return self

    def __call__(self, doc: Doc) -> Doc:
        if self.places is None:
            raise ValueError(f"{self.name} has no place index: call nlp.get_pipe({self.name!r}).initialize("
                             "data_dir=...) first (load_pipeline does), or load a saved pipeline")
        ents = [[e.start, e.end, e.label_, e.ent_id_] for e in doc.ents]
        for e in ents:
            self._trim(doc, e)
        ents += self._acronym_pairs(doc, ents)
        ents += placenames.split_pairs(doc, ents, self.places)
        claimed = {i for s, end, _, _ in ents for i in range(s, end)}
        for e in ents:
            self._join_hyphenated(doc, e, claimed)
        person_tokens = {doc[i].text for s, end, lab, _ in ents if lab == "PERSON" and end - s > 1
                         for i in range(s, end)}
        for e in ents:
            if not e[3]:  # ruler entities come from curated lists: trust them
                self._relabel(doc, e, person_tokens)
                placenames.relabel(doc, e, self.places, person_tokens)
        for e in ents:
            self._modifier_region(doc, e)
        claimed = {i for s, end, _, _ in ents for i in range(s, end)}
        ents += self._east_asian_names(doc, claimed)
        for e in ents:
            if e[2] == "PERSON" and not e[3] and e[0] > 0 and doc[e[0] - 1].lower_ in THING_CLASS_NOUNS:
                e[2] = "PRODUCT"  # "the frigate Shaposhnikov": a vessel (or weapon) named after someone
        claimed = {i for s, end, _, _ in ents for i in range(s, end)}
        for e in list(ents):
            if e[2] == "PERSON" and not e[3]:
                ents += self._not_a_person(doc, e, person_tokens, ents, claimed)
            elif not e[3] and e[2] in ("GPE", "LOC", "ORG", "NORP") and doc[e[0]:e[1]].text.lower() in DISEASE_WORDS:
                e[1] = e[0]  # "recovered from Covid": a disease is no place or organisation either
        for e in ents:
            if e[2] == "PERSON":
                self._grow_person(doc, e, claimed)
        for e in ents:
            placenames.extend_heads(doc, e, claimed, self.places)
        ents += placenames.candidates(doc, claimed, self.places)
        spans, taken = [], set()
        for s, end, label, ent_id in sorted(ents, key=lambda x: (-(x[1] - x[0]), x[0])):
            if end <= s or any(i in taken for i in range(s, end)):
                continue
            taken.update(range(s, end))
            spans.append(Span(doc, s, end, label=label, span_id=ent_id or 0))
        doc.set_ents(sorted(spans, key=lambda sp: sp.start), default="outside")
        return doc

    # -- boundaries --
    @staticmethod
    def _trim(doc: Doc, e: list) -> None:
        s, end, label = e[0], e[1], e[2]
        while end - s > 1 and (doc[s].lower_ == "the" or doc[s].is_space):
            s += 1
        # "Union of Riga (HWUR": an unclosed bracket ends the name.
        opened = [i for i in range(s + 1, end) if doc[i].text == "("]
        if opened and not any(doc[i].text == ")" for i in range(opened[-1], end)):
            end = opened[-1]
        while end - s > 1 and (doc[end - 1].text in POSSESSIVE_MARKERS or doc[end - 1].is_space
                               or doc[end - 1].is_punct and doc[end - 1].text not in ")."
                               or label == "PERSON" and not any(ch.isalpha() for ch in doc[end - 1].text)):
            end -= 1
        if label == "PERSON":
            last_title = max((i for i in range(s, end - 1) if is_title(doc[i])), default=None)
            if last_title is not None:
                s = last_title + 1
        elif end - s > 1 and is_title(doc[end - 1]) and end < len(doc) and doc[end].is_title:
            end -= 1
        e[0], e[1] = s, end

    def _join_hyphenated(self, doc: Doc, e: list, claimed: set[int]) -> None:
        """'Komsomolsk' + '-on-Amur': extend over a hyphenated tail written without spaces.

        Joined when the tail has a lowercase connector ("-on-", "-upon-", "-am-") and nothing in it is
        an entity, or when the whole is a known place (then it may swallow a ruler match like "Amur").
        """
        if e[2] == "PERSON" or e[1] >= len(doc) or doc[e[1] - 1].whitespace_ or doc[e[1]].text != "-":
            return
        j = e[1]
        while j < len(doc) and (doc[j].text == "-" or doc[j].is_alpha):
            j += 1
            if doc[j - 1].whitespace_:
                break
        tail = doc[e[1]:j]
        if len(tail) < 2 or not tail[-1].text[0].isupper() or not tail[-1].is_alpha:
            return
        whole = doc[e[0]:j].text
        hit = self.places.lookup(whole)
        connector = any(t.is_lower and t.is_alpha for t in tail)
        if hit is not None and hit.strong:
            e[1] = j
            if e[2] not in PLACE_LABELS:
                e[2] = hit.label
        elif connector and not any(i in claimed for i in range(e[1], j)):
            e[1] = j

    @staticmethod
    def _headline_like(doc: Doc, i: int) -> bool:
        """Title-case lines (headlines) make every word look like a name."""
        sent = doc[i].sent
        last = next((t for t in reversed(sent) if not t.is_space), None)
        if last is not None and last.text in {".", "!", "?", '"', "'"}:
            return False  # headlines carry no final full stop; running text with many names does
        words = [t for t in sent if t.is_alpha and len(t) > 3]
        return len(words) >= HEADLINE_MIN_WORDS and \
            sum(t.text[0].isupper() for t in words) / len(words) > HEADLINE_CAPITALISED_SHARE

    @classmethod
    def title_line(cls, doc: Doc, i: int) -> bool:
        """Is token ``i`` on a Title Case line: a headline or subhead, or a short label line ("Background:",
        "New page")?  A name there is no evidence of a person until the corpus confirms it."""
        if cls._headline_like(doc, i):
            return True
        sent = doc[i].sent
        last = next((t for t in reversed(sent) if not t.is_space), None)
        if last is not None and last.text in {".", "!", "?", '"', "'", ","}:
            return False
        words = [t for t in sent if t.is_alpha]
        return 0 < len(words) <= LABEL_LINE_MAX_WORDS and all(t.text[0].isupper() for t in words)

    # -- things the model takes for persons --
    def _not_a_person(self, doc: Doc, e: list, person_tokens: set[str], ents: list[list],
                      claimed: set[int]) -> list[list]:
        """A PERSON span that the words in and around it show is no person: relabelled, cut or dropped.

        Returns new entities (the pieces of a headline fragment); ``e`` is changed in place (an empty
        span is dropped when the entities are written back)."""
        s, end = e[0], e[1]
        toks = doc[s:end]
        words = [t for t in toks if t.is_alpha or "-" in t.text]
        if not words:
            return []
        # "hypersonic missiles": a lowercase common-noun head is no name; leading lowercase words are cut.
        hyphen_tail = len(toks) > 1 and not toks[-2].whitespace_ and toks[-2].text.endswith("-")
        if toks[-1].is_lower and toks[-1].lower_ not in NAME_PARTICLES and not hyphen_tail:  # "Soo-suk" stays
            e[1] = e[0]
            return []
        while s < end - 1 and doc[s].is_lower and doc[s].lower_ not in NAME_PARTICLES:
            s += 1
        e[0] = s
        toks = doc[s:end]
        low = toks.text.lower()
        # "the Pope", "the Pontiff": a title alone is a role, not a name.
        if len(toks) == 1 and (is_title(toks[0]) or toks[0].lower_ in TITLE_NOUNS):
            e[1] = e[0]
            return []
        # "Covid": a disease.
        if low in DISEASE_WORDS or toks[-1].lower_ in DISEASE_WORDS:
            e[1] = e[0]
            return []
        # "Kim Il Sung Square", "Hasan" + "Station": a facility.
        if len(toks) > 1 and toks[-1].lower_ in FACILITY_HEADS and toks[-1].text[0].isupper():
            e[2] = "FAC"
            return []
        if end < len(doc) and end not in claimed and doc[end].lower_ in FACILITY_HEADS and doc[end].text[0].isupper() \
                and doc[end - 1].whitespace_:
            e[1], e[2] = end + 1, "FAC"
            claimed.add(end)
            return []
        # "CNN Brasil", "TASS": a name holding an all-capitals word is an organisation's.
        if any(_CAPS_WORD.match(t.text) and not _ROMAN.match(t.text) for t in toks):
            e[2] = "ORG"
            return []
        if s > 0 and _CAPS_WORD.match(doc[s - 1].text) and doc[s - 1].whitespace_ and len(toks) == 1:
            prev = next((x for x in ents if x[1] == s and x[2] == "ORG"), None)
            if prev is not None:  # "CNN" (ORG) + "Brasil": one outlet
                prev[1] = end
                e[1] = e[0]
                return []
        single = len(toks) == 1 and toks[0].text not in person_tokens
        if single and self._outlet_frame(doc, s, end):
            e[2] = "ORG"
            return []
        # "Timorese", "Papua New Guinean": the people of a known place.
        if self._demonym(toks.text) or len(toks) == 1 and self._demonym_modifier(toks[0]):
            e[2] = "NORP"
            return []
        # "the town of Vanimo", "the Java and Sumatra regions": a known place in a place frame.
        if single and self.places.lookup(toks.text) is not None and self._place_frame(doc, s, end, ents):
            e[2] = self.places.lookup(toks.text).label
            return []
        if self._headline_like(doc, s) and len(toks) > 1:
            return self._split_headline_fragment(doc, e, person_tokens)
        return []

    def _outlet_frame(self, doc: Doc, s: int, end: int) -> bool:
        """'Interfax news agency', 'the news agency Sputnik', 'Sputnik reported', 'according to Sputnik'."""
        after = doc[end:end + 2]
        if len(after) and after[0].lower_ in OUTLET_NOUNS and not after[0].text[0].isupper():
            return True
        before = doc[max(0, s - 2):s]
        if len(before) and before[-1].lower_ in OUTLET_NOUNS and before[-1].is_lower:
            return True
        tok = doc[s:end].root
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_ == "report":
            return True
        if tok.dep_ == "pobj" and tok.head.lower_ == "by" and tok.head.head.lemma_ == "report":
            return True
        if tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.i > 0 and doc[tok.head.i - 1].lower_ == "according":
            surnames = {x.text.split()[-1] for x in doc.ents if x.label_ == "PERSON" and " " in x.text}
            return doc[s:end].text not in surnames and not (s > 2 and is_title(doc[s - 1]))
        return False

    @staticmethod
    def _demonym_modifier(tok: Token) -> bool:
        """'a Timorese bishop': a word with a demonym ending that modifies a lowercase common noun."""
        return any(tok.lower_.endswith(ending) for ending, _ in DEMONYM_ENDINGS if len(ending) == 3) \
            and tok.dep_ in ("amod", "compound", "nmod") and tok.head.i > tok.i and tok.head.is_lower \
            and tok.head.pos_ == "NOUN"

    def _demonym(self, text: str) -> bool:
        for ending, place in DEMONYM_ENDINGS:
            if text.endswith(ending) and len(text) > len(ending) + 2:
                hit = self.places.lookup(text[: -len(ending)] + place)
                if hit is not None and (hit.strong or " " in text):
                    return True
        return False

    @staticmethod
    def _place_frame(doc: Doc, s: int, end: int, ents: list[list]) -> bool:
        """'the city of X', 'X and Y regions', 'X and Y' with Y a place: X is a place too."""
        if s >= 2 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in PLACE_CLASS_NOUNS:
            return True
        if end + 1 < len(doc) and doc[end].lower_ in ("and", "or"):
            other = next((x for x in ents if x[0] == end + 1 and x[2] in PLACE_LABELS or x[0] == end + 1 and x[2] == "NORP"), None)
            if other is not None:
                return True
        for t in doc[end:end + 4]:
            if t.lower_ in PLACE_CLASS_NOUNS and t.is_lower:
                return t.i > end and all(x.lower_ in ("and", "or") or x.text[:1].isupper() for x in doc[end:t.i])
            if not (t.lower_ in ("and", "or") or t.text[:1].isupper()):
                break
        return False

    def _split_headline_fragment(self, doc: Doc, e: list, person_tokens: set[str]) -> list[list]:
        """'Putin Meets Kim', 'Kim Russia Visit': on a Title Case line a known place or a verb-like word
        splits the span; the name-shaped pieces stay persons (the corpus must still confirm them), a
        country or strong place becomes a place."""
        s, end = e[0], e[1]
        others = {doc[i].text for x in doc.ents if x.label_ == "PERSON" and len(x) > 1 and x.start != s
                  for i in range(x.start, x.end)}
        cuts = []
        for t in doc[s:end]:
            hit = self.places.lookup(t.text) if t.text not in others else None
            if t.lower_ in HEADLINE_VERBS:
                cuts.append((t.i, None))
            elif hit is not None and hit.strong:
                cuts.append((t.i, hit.label))
        if not cuts:
            return []
        pieces, start = [], s
        for i, label in cuts + [(end, None)]:
            if i > start:
                pieces.append([start, i, "PERSON", ""])
            if label is not None and i < end:
                pieces.append([i, i + 1, label, ""])
            start = i + 1
        e[1] = e[0]
        return pieces

    def _grow_person(self, doc: Doc, e: list, claimed: set[int]) -> None:
        """'Choe Sun' + 'Hui', 'Ri Pyong' + 'Chol': absorb adjacent unclaimed name tokens."""
        s, end = e[0], e[1]
        # A sentence's first word is capitalised whatever it is, so it is never taken.
        grow_left = s > 1 and not doc[s].is_sent_start and not doc[s - 1].is_sent_start \
            and (s - 1) not in claimed and is_name_token(doc[s - 1])
        grow_right = end < len(doc) and end not in claimed and not doc[end].is_sent_start \
            and is_name_token(doc[end])
        if not (grow_left or grow_right) or self._headline_like(doc, s):
            return
        while s > 1 and not doc[s].is_sent_start and not doc[s - 1].is_sent_start \
                and (s - 1) not in claimed and is_name_token(doc[s - 1]) \
                and end - s < 5 and doc[s - 1].whitespace_:
            s -= 1
        while end < len(doc) and end not in claimed and not doc[end].is_sent_start \
                and is_name_token(doc[end]) and end - s < 5 and doc[end - 1].whitespace_:
            end += 1
        claimed.update(range(s, end))
        e[0], e[1] = s, end

    def _east_asian_names(self, doc: Doc, claimed: set[int]) -> list[list]:
        """"Ri Pyong Chol", "Choe Son Hui" that the model missed or split: an East Asian family name and
        two short capitalised name words, none of them part of an entity yet, are one PERSON."""
        found = []
        for i in range(len(doc) - 2):
            three = doc[i:i + 3]
            if any(t.i in claimed for t in three) or doc[i].text not in EAST_ASIAN_SURNAMES:
                continue
            given = three[1:]
            if not all(is_name_token(t) and t.is_alpha and len(t) <= EAST_ASIAN_GIVEN_MAX
                       and t.text[0].isupper() and t.text[1:].islower() for t in given):
                continue
            if not (doc[i].whitespace_ and doc[i + 1].whitespace_) or self._headline_like(doc, i):
                continue
            if any(self.places.lookup(t.text) is not None and self.places.lookup(t.text).strong for t in given):
                continue  # "Kim Seoul Busan" is no name
            found.append([i, i + 3, "PERSON", ""])
            claimed.update(range(i, i + 3))
        return found

    # -- labels --
    def _relabel(self, doc: Doc, e: list, person_tokens: set[str]) -> None:
        s, end, label = e[0], e[1], e[2]
        span = doc[s:end]
        text = span.text
        if label in PLACE_LABELS and len(span) == 1 and (_PLURAL_ACRONYM.match(text) or _HARDWARE_CODE.match(text)):
            e[2] = "PRODUCT"
            return
        if label == "PERSON":
            hit = self.places.lookup(text)
            if hit and " " not in text and text not in person_tokens and (hit.strong or self._locative(doc, s, end)):
                e[2] = hit.label
            elif hit and hit.strong and " " in text and not any(
                    f" {text} " in f" {p} " for p in self._person_names(doc) if p != text):
                e[2] = hit.label  # "Sri Lanka", "Belo Horizonte" unless inside a named person here
            return
        if label == "ORG" and len(span) == 1 and span[0].lower_ in PORTFOLIO_WORDS \
                and end < len(doc) and is_title(doc[end]):
            e[1] = e[0]  # an empty span is dropped when the entities are written back
            return
        if label == "ORG" and self._motion_slot(doc, s, end):
            hit = self.places.lookup(text)
            if hit is not None and hit.strong:
                e[2] = hit.label
                return
        if label in NON_PERSON_NAME_LABELS and self._person_shaped(doc, s, end):
            e[2] = "PERSON"
            return

    @staticmethod
    def _person_names(doc: Doc) -> set[str]:
        return {e.text for e in doc.ents if e.label_ == "PERSON"}

    @staticmethod
    def _motion_slot(doc: Doc, s: int, end: int) -> bool:
        """'travelled to X', 'arrived in X', 'the trip from X': X is where someone goes or is."""
        root = doc[s:end].root
        prep = root.head
        if root.dep_ != "pobj" or prep.lower_ not in MOTION_PREPS or prep.i >= s:
            return False
        if end < len(doc) and doc[end].text in POSSESSIVE_MARKERS:
            return False
        return prep.head.lemma_.lower() in MOTION_WORDS or prep.head.lower_ in MOTION_WORDS

    def _modifier_region(self, doc: Doc, e: list) -> None:
        """'the Pacific naval fleet': a one-word sea or region modifying a noun is not the place.

        Joined into an ORG when the head is a capitalised name ("Pacific Fleet"), otherwise dropped;
        geographic heads ("Pacific coast") and the sea as an object ("crossed the Pacific") stay."""
        s, end = e[0], e[1]
        if end - s != 1 or e[2] not in PLACE_LABELS:
            return
        tok = doc[s]
        head = tok.head
        if tok.dep_ not in ("compound", "amod", "nmod") or head.i <= s or head.pos_ not in ("NOUN", "PROPN") \
                or head.lower_ in GEO_HEADS or head.i - s > 3:
            return
        hit = self.places.lookup(tok.text)
        if hit is None or hit.kind not in ("water", "region"):
            return
        between = doc[s:head.i + 1]
        if head.pos_ == "PROPN" and all(t.text[:1].isupper() for t in between):
            e[1], e[2], e[3] = head.i + 1, "ORG", ""
        else:
            e[1] = e[0]

    @staticmethod
    def _acronym_pairs(doc: Doc, ents: list[list]) -> list[list]:
        """'the Workers' Party of Korea (WPK)': the long name as one entity, the acronym with its label.

        Returns new entities to add; spans already there get their bounds and labels fixed in place.
        Longer spans win when overlaps are resolved, so the whole long name replaces its pieces."""
        by_start = {e[0]: e for e in ents}
        added = []
        for i in range(1, len(doc) - 2):
            if doc[i].text != "(" or doc[i + 2].text != ")" or not _ACRONYM.match(doc[i + 1].text):
                continue
            acronym = doc[i + 1].text
            end = i
            while end > 0 and doc[end - 1].is_space:
                end -= 1
            start = None
            for s in range(end - 1, max(end - 13, -1), -1):
                t = doc[s]
                if not (t.text[:1].isupper() or t.lower_ in ACRONYM_GLUE):
                    break
                if t.text[:1].isupper() and t.lower_ != "the" and expands(acronym, doc[s:end].text):
                    start = s
                    break
                if t.is_sent_start:
                    break
            if start is None:
                continue
            short = by_start.get(i + 1)
            if short is not None and short[2] == "PERSON":
                continue
            same = next((e for e in ents if e[0] == start and e[1] == end), None)
            label = same[2] if same and same[2] != "PERSON" else (short[2] if short else "ORG")
            if same is None:
                added.append([start, end, label, ""])
            elif not same[3]:  # a name with an acronym is an organisation or a place, not a person
                same[2] = label
            if short is None:
                added.append([i + 1, i + 2, label, ""])
            elif not short[3]:  # a curated acronym keeps its own label
                short[2] = label
        return added

    @staticmethod
    def _locative(doc: Doc, s: int, end: int) -> bool:
        head = doc[s:end].root.head
        return s > 0 and head.lower_ in PLACE_PREPS and head.i < s and \
            not (end < len(doc) and doc[end].text in POSSESSIVE_MARKERS)

    def _person_shaped(self, doc: Doc, s: int, end: int) -> bool:
        toks = doc[s:end]
        if not 2 <= len(toks) <= 4 or not all(_NAME_TOKEN.match(t.text) and not t.text.endswith(".")
                                               and t.lower_ not in NON_NAME_WORDS for t in toks):
            return False
        if self.places.lookup(toks.text):
            return False
        if s > 0 and is_title(doc[s - 1]):
            return True
        if toks[0].text in EAST_ASIAN_SURNAMES and all(len(t) <= 6 or "-" in t.text for t in toks[1:]):
            return True
        return self._followed_by_role(doc, end)

    @staticmethod
    def _followed_by_role(doc: Doc, end: int) -> bool:
        """'X, chairman of …' / 'X, a senior official'."""
        if end >= len(doc) or doc[end].text != ",":
            return False
        for t in doc[end + 1:end + 5]:
            if t.lower_ in ROLE_NOUNS:
                return True
            if t.is_punct or t.text in POSSESSIVE_MARKERS or t.pos_ in ("VERB", "AUX", "ADP"):
                return False
        return False


# nlp.initialize() validates [initialize.components] settings against initialize's signature with
# pydantic, which cannot resolve this module's postponed (string) annotations: give it the real type.
EntityCorrector.initialize.__annotations__["data_dir"] = str | Path | None
