"""Claims: extraction on hand-written sentences, the matcher's API, and the comparison on the seeds."""

from __future__ import annotations

import pandas as pd
import pytest

from preprocessing.claims import SAME_CLAIM_THRESHOLD, same_claim_score
from preprocessing.claims.extract import doc_claims
from preprocessing import nlp as nlp_mod

ROUSE, FIVE_HOURS = "003_500b28330caf8db6", "5 hours"


def claims_of(nlp, text: str) -> list[dict]:
    return doc_claims(nlp(nlp_mod.normalise(text)), 0, text)


def one(nlp, text: str) -> dict:
    found = claims_of(nlp, text)
    assert len(found) == 1, found
    return found[0]


# ---- extraction on text written for these tests --------------------------------------------------
def test_attribution_from_a_reporting_verb_and_its_numbers(nlp):
    c = one(nlp, "The ferry carried 300 passengers, coastguard officials in Norway said.")
    assert c["text"] == "The ferry carried 300 passengers"
    assert c["attributed_to"] == "coastguard officials in Norway" or "officials" in c["attributed_to"]
    assert c["certainty"] == "fact"
    assert [(n["value"], n["unit"], n["qualifier"]) for n in c["numbers"]] == [(pytest.approx(300.0), "passenger", "")]


def test_according_to_a_qualifier_and_a_day(nlp):
    c = one(nlp, "According to Reuters, at least twelve people died in the warehouse fire on Tuesday.")
    assert c["attributed_to"] == "Reuters"
    assert [(n["value"], n["unit"], n["qualifier"]) for n in c["numbers"]] == [(pytest.approx(12.0), "people", "at least")]
    assert c["days"] == ["tuesday"]


@pytest.mark.parametrize("text, certainty", [
    ("The interior minister denied that troops crossed the border near Narva.", "denied"),
    ("The carmaker will open a battery plant in Ohio next year.", "expected"),
    ("The summit in Geneva is expected to last two days.", "expected"),
    ("Analysts in Tokyo speculate that Toyota may sell its stake in Denso.", "speculated"),
    ("The Danish prime minister is believed to favour an early election.", "speculated"),
    ("The Danish prime minister called an early election on Monday.", "fact"),
])
def test_certainty(nlp, text, certainty):
    assert [c["certainty"] for c in claims_of(nlp, text)] == [certainty]


def test_coordinated_clauses_are_separate_claims_sharing_a_subject(nlp):
    found = claims_of(nlp, "The Chilean president visited a copper mine in Antofagasta and then flew to Lima "
                           "for talks with Peruvian officials.")
    assert len(found) == 2
    assert found[1]["text"].startswith("then flew to Lima") or found[1]["text"].startswith("flew to Lima")
    assert found[1]["subject"] == found[0]["subject"] == "Chilean president"


def test_a_clause_naming_nothing_checkable_is_not_a_claim(nlp):
    assert claims_of(nlp, "It was a difficult and emotional day for everyone involved.") == []


# ---- the library API ------------------------------------------------------------------------------
def test_same_claim_score_separates_a_paraphrase_from_another_claim():
    a = "The Brazilian navy rescued 40 fishermen off the coast of Recife on Sunday."
    b = "On Sunday, 40 fishermen were rescued by Brazil's navy near Recife."
    c = "The Brazilian navy bought four new submarines from France."
    same, other = same_claim_score(a, b), same_claim_score(a, c)
    assert 0.0 <= other < SAME_CLAIM_THRESHOLD <= same <= 1.0
    assert same_claim_score(b, a) == pytest.approx(same)


def test_same_claim_score_on_empty_and_identical_text():
    assert same_claim_score("", "") == pytest.approx(0.0)
    s = "The Kenyan parliament passed the finance bill on Thursday."
    assert same_claim_score(s, s) == pytest.approx(1.0)


# ---- the seeds ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def claims(seed_tables):
    return seed_tables["claims"]


@pytest.fixture(scope="module")
def groups(seed_tables):
    return seed_tables["claim_groups"].set_index("group_id")


def group_of(claims: pd.DataFrame, groups: pd.DataFrame, *words: str) -> pd.Series:
    hit = claims[claims["text"].map(lambda t: all(w in t for w in words))]
    assert len(hit) >= 1, words
    return groups.loc[hit.iloc[0]["group_id"]]


def test_every_claim_is_in_exactly_one_group(claims, groups):
    listed = [c for ids in groups["claim_ids"] for c in ids]
    assert sorted(listed) == sorted(claims["claim_id"]) and len(set(listed)) == len(listed)
    assert claims["claim_id"].is_unique


def test_the_vostochny_meeting_is_one_group_across_four_sources(claims, groups, seed_tables):
    g = group_of(claims, groups, "Vostochny", "welcomed")
    assert g["n_sources"] == 4
    members = claims[claims["claim_id"].isin(g["claim_ids"])]
    assert members["text"].str.contains("Vostochny|cosmodrome", case=False).all()
    assert "Vostochny Cosmodrome" in g["matched_on"]
    # Kyodo reported it as expected, the others as having happened
    assert "certainty" in g["conflict"]


def test_the_missile_launch_is_two_sources_in_numeric_conflict(claims, groups):
    g = group_of(claims, groups, "ballistic missiles", "fired")
    assert g["n_sources"] == 2
    assert "numbers" in g["conflict"]
    assert "at least two ballistic missiles" in g["conflict_note"] and "“two ballistic missiles”" in g["conflict_note"]
    members = claims[claims["claim_id"].isin(g["claim_ids"])]
    assert set(members["stance"]) == {"states", "differs"}
    assert members["text"].str.contains("launched at least two").any()


def test_five_hours_of_talks_is_a_claim_only_one_source_makes(claims, groups):
    c = claims[claims["text"].str.contains(FIVE_HOURS)]
    assert len(c) == 1
    assert groups.loc[c.iloc[0]["group_id"], "n_sources"] == 1
    assert c.iloc[0]["stance"] == "only"
    assert [(n["value"], n["unit"], n["qualifier"]) for n in c.iloc[0]["numbers"]] == [(pytest.approx(5.0), "hour", "about")]


def test_the_rewritten_story_is_the_one_flagged_pair(seed_tables):
    pairs = seed_tables["source_pairs"]
    flagged = pairs[pairs["rewrite"]]
    # 000 and 003 tell the same agency story (Lavrov, Vostochny, Komsomolsk, Sukhoi, Vladivostok,
    # 11 million shells) in the same order, reworded
    assert [set(p) for p in zip(flagged["article_a"], flagged["article_b"])] == [{"000_afb87bb86ea362a0", ROUSE}]
    assert flagged.iloc[0]["rewrite_note"]
    assert pairs["similarity"].between(0, 1).all() and (pairs["shared_groups"] >= 1).all()


def test_attributions_for_the_shell_estimate_and_the_meeting_place(claims):
    shells = claims[(claims["article_id"] == ROUSE) & claims["text"].str.contains("11 million shells")]
    assert len(shells) == 1
    credit = shells.iloc[0]["attributed_to"]
    assert "Jack Watling" in credit and "Royal United Services Institute" in credit and "Western estimates" in credit
    kyodo = claims[claims["text"].str.contains("Vostochny cosmodrome") & claims["text"].str.contains("expected")]
    assert len(kyodo) == 1
    assert "Kyodo" in kyodo.iloc[0]["attributed_to"] and kyodo.iloc[0]["certainty"] == "expected"


def test_claims_point_into_the_article_text(claims, seed_tables):
    text = dict(zip(seed_tables["articles"]["article_id"], seed_tables["articles"]["text"]))
    for c in claims.itertuples():
        assert text[c.article_id][c.start:c.end] == c.text


def test_a_number_referring_back_is_not_a_count(nlp):
    c = one(nlp, "The two leaders signed a trade pact in Oslo covering 14 products.")
    assert [(n["value"], n["unit"]) for n in c["numbers"]] == [(pytest.approx(14.0), "product")]
