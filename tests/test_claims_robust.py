"""Claims extraction on dependency shapes the parser produces on real news but rarely: a punctuation
mark in a subject relation.  Every sentence here is written for these tests.

The parser (en_core_web_sm) sometimes splits a hyphenated name into three tokens and labels the
hyphen ``nsubj`` ("Wal" amod, "-" nsubj, "Mart" amod), and labels an editor's square bracket in a
quotation ``nsubj`` ('"Is [John Smith] really …?"').  The subject's phrase was then only
punctuation, trimmed to no tokens at all, and ``_phrase`` raised IndexError.  A punctuation mark
names nothing, so it is never taken as a subject or a speaker.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from preprocessing import nlp as nlp_mod
from preprocessing.build import analyse_doc
from preprocessing.claims.extract import doc_claims


def built_doc(nlp, words, spaces, heads, deps, pos, tags, ents=(), lemmas=None):
    """A parsed Doc with exactly this dependency shape, whatever the model would make of the words."""
    return Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags,
               lemmas=lemmas or [w.lower() for w in words], ents=list(ents))


# ---- the exact shapes, built by hand (independent of the model) ---------------------------------
def test_a_hyphen_the_parser_made_the_subject_is_no_subject(nlp):
    # "Kay-Mart hits back at critics": the hyphen is the clause's only subject
    words = ["Kay", "-", "Mart", "hits", "back", "at", "critics"]
    doc = built_doc(nlp, words, [False, False, True, True, True, True, False],
                    heads=[3, 3, 3, 3, 3, 3, 5], deps=["amod", "nsubj", "amod", "ROOT", "advmod", "prep", "pobj"],
                    pos=["ADJ", "ADJ", "ADJ", "VERB", "ADV", "ADP", "NOUN"],
                    tags=["JJ", "JJ", "JJ", "VBZ", "RB", "IN", "NNS"], ents=["B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O"])
    claims = doc_claims(doc, 10, " " * 10 + doc.text)
    assert len(claims) == 1
    c = claims[0]
    assert c["text"] == "Kay-Mart hits back at critics"
    assert (c["subject"], c["subj_start"], c["subj_end"]) == ("", -1, -1)


def test_a_bracket_labelled_subject_gives_way_to_the_real_one(nlp):
    # '"Is [John Smith] really saying this is all made up?"': '[' and 'Smith' are both nsubj of 'Is'
    words = ['"', "Is", "[", "John", "Smith", "]", "really", "saying", "this", "is", "all", "made", "up", "?", '"']
    spaces = [False, True, False, True, False, True, True, True, True, True, True, True, False, False, False]
    heads = [1, 1, 1, 4, 1, 1, 7, 1, 11, 11, 11, 7, 11, 1, 1]
    deps = ["punct", "ROOT", "nsubj", "compound", "nsubj", "punct", "advmod", "advcl", "nsubjpass", "auxpass",
            "dep", "ccomp", "prt", "punct", "punct"]
    pos = ["PUNCT", "AUX", "PUNCT", "PROPN", "PROPN", "PUNCT", "ADV", "VERB", "PRON", "AUX", "PRON", "VERB", "ADP",
           "PUNCT", "PUNCT"]
    tags = ["``", "VBZ", "-LRB-", "NNP", "NNP", "-RRB-", "RB", "VBG", "DT", "VBZ", "DT", "VBN", "RP", ".", "''"]
    ents = ["O", "O", "O", "B-PERSON", "I-PERSON"] + ["O"] * 10
    doc = built_doc(nlp, words, spaces, heads, deps, pos, tags, ents)
    claims = doc_claims(doc, 0, doc.text)
    assert claims, "the clause names a person: it is a claim"
    c = claims[0]
    assert c["subject"] == "John Smith"
    assert doc.text[c["subj_start"]:c["subj_end"]] == "John Smith"


def test_a_speaker_that_is_punctuation_credits_no_one(nlp):
    # '"Prices rose 5% in May," - said.': a reporting verb whose only subject is a dash
    words = ['"', "Prices", "rose", "5", "%", "in", "May", ",", '"', "-", "said", "."]
    spaces = [False, True, True, False, True, True, False, False, True, True, False, False]
    heads = [2, 2, 10, 4, 2, 2, 5, 2, 2, 10, 10, 10]
    deps = ["punct", "nsubj", "ccomp", "nummod", "dobj", "prep", "pobj", "punct", "punct", "nsubj", "ROOT", "punct"]
    pos = ["PUNCT", "NOUN", "VERB", "NUM", "NOUN", "ADP", "PROPN", "PUNCT", "PUNCT", "PUNCT", "VERB", "PUNCT"]
    tags = ["``", "NNS", "VBD", "CD", "NN", "IN", "NNP", ",", "''", ":", "VBD", "."]
    ents = ["O", "O", "O", "B-PERCENT", "I-PERCENT", "O", "B-DATE", "O", "O", "O", "O", "O"]
    lemmas = ['"', "price", "rise", "5", "%", "in", "may", ",", '"', "-", "say", "."]
    doc = built_doc(nlp, words, spaces, heads, deps, pos, tags, ents, lemmas)
    claims = doc_claims(doc, 0, doc.text)
    assert [(c["text"], c["attributed_to"]) for c in claims] == [("Prices rose 5% in May", "")]


# ---- the same shapes through the model, on sentences written for these tests --------------------
@pytest.mark.parametrize("text, subject", [
    ("Wal-Mart fights back at critics", None),  # a Title-case headline: hyphenated company, phrasal verb
    ('"Is [John Smith] really claiming this is all invented?"', "John Smith"),  # an editor's insertion
    ('She asked: "Is [the minister] really pretending these 40 letters were all made up?"', None),
])
def test_headline_and_bracketed_insertion_parse_without_failing(nlp, text, subject):
    doc = nlp(nlp_mod.normalise(text))
    claims = doc_claims(doc, 0, text)  # raised IndexError in _phrase
    assert claims
    for c in claims:
        assert text[c["start"]:c["end"]] == c["text"]
        assert c["subject"] == "" or c["subject"] in text
        assert "[" not in c["subject"] and c["subject"] != "-"
    if subject is not None:
        assert subject in [c["subject"] for c in claims]
    analysis = analyse_doc(doc, text, 0)
    assert analysis["warnings"] == [] and analysis["claims"]
