"""Whether two claims state the same thing: the score, its threshold and its explanation.

A claim is one bag of tokens: its content lemmas, the normalised action it reports ('!meet' for
met / welcomed / had dinner with), its canonical entities ('@person:kim-jong-un'), what its numbers
count ('#missile') and with which value ('=2 missile'), and the days it names ('~wednesday').  The
score is the cosine similarity of two bags under scikit-learn's TF-IDF — fitted on the whole corpus
in a build, so "Kim" in a story about Kim weighs little and "Vostochny Cosmodrome" a lot — scaled
down when the claims put the same words in different places (:meth:`Matcher.place_factor`).  Whether
the *values* of shared numbers agree is the comparison's business, not the matcher's: "two" and "at
least two" missiles are the same claim, told differently.

:func:`same_claim_score` scores two raw strings (for paraphrase benchmarks: without a corpus every
token weighs the same, and places are not resolved); the build uses :class:`Matcher` on its own
features.  ``bench/claims.py`` measures both against hand-written pairs (``tests/data/claim_pairs.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from ..settings import BLOCK, MIN_CANDIDATE_SCORE, MIN_SHARED_TOKENS, OTHER_PLACE_FACTOR, SAME_CLAIM_THRESHOLD


@dataclass(frozen=True)
class ClaimFeatures:
    terms: tuple[str, ...]
    entities: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()
    days: frozenset[str] = frozenset()
    counts: frozenset[str] = frozenset()  # "2 missile": a value with its unit
    places: frozenset[str] = frozenset()  # every place named, countries included
    scenes: frozenset[str] = frozenset()  # the specific ones: cities, sites, regions
    scene_countries: frozenset[str] = frozenset()  # the country entities those lie in


@dataclass
class Evidence:
    score: float
    shared_terms: list[str] = field(default_factory=list)
    shared_entities: list[str] = field(default_factory=list)
    shared_units: list[str] = field(default_factory=list)
    shared_marks: list[str] = field(default_factory=list)  # days and normalised actions


def tokens(f: ClaimFeatures) -> list[str]:
    """One bag for the vectorizer: words and normalised actions ('!meet'), '@entity', '#unit' (what
    a number counts), '=value unit' and '~day' tokens, so each kind of evidence is weighted by how
    rare it is in the corpus."""
    return list(f.terms) + [f"@{e}" for e in f.entities] + [f"#{u}" for u in f.units] + [f"~{d}" for d in f.days] + [f"={c}" for c in f.counts]


def _identity(terms):
    return terms


class Matcher:
    """Scores claim pairs of one corpus; ``use_idf=False`` for a corpus of two strings."""

    def __init__(self, features: list[ClaimFeatures], use_idf: bool = True):
        self.features = features
        self.vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, use_idf=use_idf, norm="l2")
        docs = [tokens(f) for f in features]
        if any(docs):
            self.X = self.vectorizer.fit_transform(docs).tocsr()
            idf = self.vectorizer.idf_ if use_idf else np.ones(len(self.vectorizer.vocabulary_))
            self.weight = dict(zip(self.vectorizer.get_feature_names_out(), idf))
        else:
            self.X = sp.csr_matrix((len(features), 1))
            self.weight = {}
        # days and normalised actions support a match but cannot make one: "on Monday" twice is not a claim
        names = self.vectorizer.get_feature_names_out() if self.weight else []
        substantive = np.array([not n.startswith(("~", "!")) for n in names] or [True], dtype=np.float32)
        self.B = (self.X > 0).astype(np.float32) @ sp.diags(substantive)
        self.B = self.B.tocsr()
        self.substantive = {i for i, keep in enumerate(substantive) if keep}
        # rows as dicts: scoring one pair of short claims this way is ~50× faster than slicing the matrix
        X = self.X
        self.rows = [dict(zip(X.indices[X.indptr[r]:X.indptr[r + 1]].tolist(), X.data[X.indptr[r]:X.indptr[r + 1]].tolist()))
                     for r in range(X.shape[0])]

    def score(self, i: int, j: int) -> float:
        a, b = self.rows[i], self.rows[j]
        shared = a.keys() & b.keys()
        if len(shared & self.substantive) < MIN_SHARED_TOKENS:
            return 0.0
        return sum(a[k] * b[k] for k in shared) * self.place_factor(i, j)

    def place_factor(self, i: int, j: int) -> float:
        """:data:`OTHER_PLACE_FACTOR` when the claims put the same words in other places: both name
        a specific place (city, site, region) and they differ ("met in Paris" / "met in Lyon"), or
        one names a specific place and the other only its country ("arrived at the cosmodrome" /
        "arrived in Russia" — another, vaguer claim).  Silence about the place is not a difference."""
        a, b = self.features[i], self.features[j]
        if a.scenes and b.scenes:
            return 1.0 if a.scenes & b.scenes else OTHER_PLACE_FACTOR
        if a.scenes and (b.places & a.scene_countries) or b.scenes and (a.places & b.scene_countries):
            return OTHER_PLACE_FACTOR
        return 1.0

    def evidence(self, i: int, j: int) -> Evidence:
        """The score and what it rests on, rarest first."""
        a, b = set(tokens(self.features[i])), set(tokens(self.features[j]))
        # ties broken by the token itself: set order follows the per-process string hash
        shared = [t for t in sorted(a & b, key=lambda t: (-self.weight.get(t, 1.0), t)) if t[0] != "="]
        return Evidence(self.score(i, j),
                        [t for t in shared if t[0] not in "@#~!"], [t[1:] for t in shared if t[0] == "@"],
                        [t[1:] for t in shared if t[0] == "#"], [t[1:] for t in shared if t[0] in "~!"])

    def candidates(self, article_of: list[str]) -> list[tuple[int, int, float]]:
        """(i, j, words) for claims of different articles whose word similarity reaches
        :data:`MIN_CANDIDATE_SCORE`, i < j; sparse products in row blocks keep memory flat."""
        art = np.asarray(article_of)
        if not self.weight:
            return []
        XT = self.X.T.tocsc()
        BT = self.B.T.tocsc()
        out = []
        for lo in range(0, self.X.shape[0], BLOCK):
            S = self.X[lo:lo + BLOCK] @ XT
            shared = self.B[lo:lo + BLOCK] @ BT
            S = S.multiply(shared >= MIN_SHARED_TOKENS).tocoo()
            rows, cols, vals = S.row + lo, S.col, S.data
            keep = (cols > rows) & (vals >= MIN_CANDIDATE_SCORE) & (art[rows] != art[cols])
            out += zip(rows[keep].tolist(), cols[keep].tolist(), vals[keep].tolist())
        return out


# ---- raw strings --------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _nlp():
    from .. import nlp
    from ..settings import DATA_DIR

    return nlp.load_pipeline(None, DATA_DIR)


def text_features(text: str) -> ClaimFeatures:
    """Features of one raw string read as a single claim (entities keyed by their normalised name)."""
    from .. import nlp
    from ..entities.extract import make_key
    from ..lang.en.labels import NAME_LABELS
    from . import extract, quantities

    doc = _nlp()(nlp.normalise(text))
    toks = list(doc)
    ents = frozenset(make_key(e.text) for e in doc.ents if e.label_ in NAME_LABELS)
    nums = quantities.numbers(toks)
    units, counts = number_features(nums)
    return ClaimFeatures(tuple(extract.terms(toks) + extract.actions(toks)), ents, units,
                         frozenset(quantities.days(toks)), counts)


def number_features(numbers) -> tuple[frozenset[str], frozenset[str]]:
    """(units, 'value unit' counts) of a claim's numbers."""
    units = frozenset(n["unit"] for n in numbers if n["unit"])
    counts = frozenset(f"{n['value']:g} {n['unit']}" for n in numbers if n["unit"])
    return units, counts


def same_claim_score(a: str, b: str) -> float:
    """How likely two sentences state the same claim, in [0, 1]; the build groups claims whose score
    reaches :data:`SAME_CLAIM_THRESHOLD`.  Without a corpus there is no IDF: every word weighs the
    same, so scores here run a little higher than inside a build."""
    m = Matcher([text_features(a), text_features(b)], use_idf=False)
    return max(0.0, min(1.0, m.score(0, 1)))
