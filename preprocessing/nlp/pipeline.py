"""The spaCy pipeline: model loading, text normalisation and the small components we add.

Owns: which model is loaded (argument, ``TRIANGULATE_SPACY_MODEL``, default), the offset-preserving
:func:`normalise`, and three pipeline additions:

* ``triangulate_newline_sentences`` (before the parser): every line is at least its own sentence,
  because scraped articles hold one paragraph (or a headline) per line.  A stateless function, so a
  ``@Language.component`` (spaCy's form for those): nothing to configure, initialise or save.
* ``entity_ruler`` (before ``ner``), spaCy's own: phrase patterns from ``data/gazetteer.csv`` and
  ``data/aliases.csv`` (:func:`ruler_patterns`, given to its ``initialize``) so that multi-word places
  ("Komsomolsk-on-Amur") and aliases ("DPRK") come out whole and correctly typed.
* ``triangulate_entity_corrector`` (after ``ner``): the rules in :mod:`.corrector`, a
  ``@Language.factory`` whose ``initialize(data_dir=...)`` loads the place index.

The components follow spaCy's conventions, so ``nlp.to_disk(path)`` saves the whole pipeline, the
ruler's patterns and the corrector's place index included, and ``spacy.load(path)`` (after
``import preprocessing.nlp``, which registers the factories) gives the same output without the data
folder.  Nothing here downloads anything: a missing model raises :class:`ModelNotFound`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import corrector
from ..curated import read_aliases, read_gazetteer
from ..settings import DATA_DIR, SETTINGS, curated_file, spacy_model
from ..settings import SPACY_MODEL as DEFAULT_MODEL

MODEL_ENV = SETTINGS["SPACY_MODEL"].env
# Part of the cache key: bump when the added components change what they produce.
COMPONENTS_VERSION = "2"
RULER_FILES = ("gazetteer.csv", "aliases.csv")


class ModelNotFound(RuntimeError):
    """The requested spaCy model is not installed (nothing is ever downloaded)."""


# One character in, one character out: offsets into the normalised text are offsets into the original.
_NORMALISE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u200a": " ",
    "\u2026": ".",
})


def normalise(text: str) -> str:
    """Typographic quotes, dashes and spaces → ASCII for the model; the length never changes."""
    out = text.translate(_NORMALISE)
    assert len(out) == len(text)
    return out


# ---- components ---------------------------------------------------------------------------------
_NEWLINE = re.compile(r"\n")


@Language.component("triangulate_newline_sentences")
def newline_sentences(doc: Doc) -> Doc:
    """Start a sentence after every newline; the parser keeps preset boundaries and adds its own."""
    if len(doc) == 0:
        return doc
    doc[0].is_sent_start = True
    seen = -1
    for m in _NEWLINE.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or span.end <= seen:
            continue
        i = span.end
        while i < len(doc) and doc[i].is_space:
            i += 1
        seen = i
        if i < len(doc):
            doc[i].is_sent_start = True
    return doc


@Language.factory("triangulate_entity_corrector",
                  default_config={"place_min_population": corrector.STRONG_PLACE_POPULATION})
def make_entity_corrector(nlp: Language, name: str, place_min_population: int) -> corrector.EntityCorrector:
    """The post-NER rules (:class:`~.corrector.EntityCorrector`), empty until ``initialize(data_dir=...)``.

    Config (``default_config``):

    * ``place_min_population`` — from this population a GeoNames city is a place the rules trust
      without context (``STRONG_PLACE_POPULATION`` in :mod:`preprocessing.settings`).

    The data folder is no config: it is read once, by ``initialize``, and what it gave is saved with
    the pipeline.
    """
    return corrector.EntityCorrector(nlp, name, place_min_population=place_min_population)


# ---- ruler inputs -------------------------------------------------------------------------------
def ruler_patterns(data_dir: Path) -> list[dict]:
    """Phrase patterns for the entity ruler from the gazetteer (names, alt names) and the aliases.

    Each pattern's id is ``gaz:<canonical name>`` or ``alias:<canonical name>``, so the corrector knows
    the span came from a curated list and canonicalisation knows its name.  An alt name shared by
    several gazetteer places gets ``gaz:`` with no name (curated, but ambiguous).  Aliases win over the
    gazetteer because analysts edit them.
    """
    found: dict[str, tuple[str, set[str]]] = {}
    for row in read_gazetteer(curated_file(data_dir, "gazetteer.csv")):
        if row.institution:  # "the White House said": the model tells seat from institution
            continue
        label = (row.label or "GPE").upper()
        canonical = normalise(row.name)
        # The model knows one-word countries and oceans; forced, they cut names apart ("Bank of Japan").
        well_known = row.kind in ("country", "continent", "admin", "water")
        for n in [canonical, *map(normalise, row.alt_names)]:
            if n and not (well_known and re.fullmatch(r"[A-Z][a-z]+", n)):
                found.setdefault(n, (label, set()))[1].add(canonical)
    patterns = {n: {"label": label, "pattern": n, "id": "gaz:" + (next(iter(c)) if len(c) == 1 else "")}
                for n, (label, c) in found.items()}
    for row in read_aliases(curated_file(data_dir, "aliases.csv")):
        alias, label = normalise(row.alias), row.label.upper()
        # A lone capitalised word ("Britain", "America") is left to the model: as a ruler pattern
        # it would cut longer names apart ("Voice of America").
        if alias and label and not re.fullmatch(r"[A-Z][a-z]+", alias):
            patterns[alias] = {"label": label, "pattern": alias, "id": "alias:" + normalise(row.canonical)}
    return list(patterns.values())


def ruler_inputs_digest(data_dir: Path) -> str:
    """Hash of everything the added components read, for the build's cache key."""
    h = hashlib.sha256(f"components={COMPONENTS_VERSION}|".encode())
    for name in RULER_FILES:
        p = curated_file(data_dir, name)
        h.update(name.encode() + b"=" + (p.read_bytes() if p.exists() else b"<absent>") + b"|")
    return h.hexdigest()


# ---- loading ------------------------------------------------------------------------------------
def model_name(model: str | None = None) -> str:
    return model or spacy_model()


def load_pipeline(model: str | None = None, data_dir: Path | None = None) -> Language:
    """The model (never downloaded) plus our sentence, ruler and correction components."""
    name = model_name(model)
    data_dir = Path(data_dir or DATA_DIR)
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError) as e:
        installed = ", ".join(spacy.util.get_installed_models()) or "none"
        raise ModelNotFound(f"spaCy model {name!r} cannot be loaded ({e.__class__.__name__}); installed "
                            f"models: {installed}. Pass another with --model or {MODEL_ENV}.") from e
    names = nlp.pipe_names
    if "parser" in names:
        nlp.add_pipe("triangulate_newline_sentences", before="parser")
    elif "senter" not in names:
        nlp.add_pipe("triangulate_newline_sentences", first=True)
        nlp.add_pipe("sentencizer", after="triangulate_newline_sentences")
    else:
        nlp.add_pipe("triangulate_newline_sentences", before="senter")
    ner_at = {"before": "ner"} if "ner" in names else {"last": True}
    ruler = nlp.add_pipe("entity_ruler", **ner_at, config={"overwrite_ents": True})
    corrector_at = {"after": "ner"} if "ner" in names else {"last": True}
    fixer = nlp.add_pipe("triangulate_entity_corrector", **corrector_at)
    # The components' data goes through their initialize, as nlp.initialize() would pass it; that
    # would also reset the trained components, so only ours are initialised.  The ruler's
    # add_patterns runs every earlier component over each pattern, and only the tokenizer matters.
    with nlp.select_pipes(enable=["entity_ruler"]):
        ruler.initialize(lambda: [], nlp=nlp, patterns=ruler_patterns(data_dir))
    fixer.initialize(lambda: [], nlp=nlp, data_dir=data_dir)
    return nlp
