"""The global filters on the claims tables: claims, claim groups (recounted) and source pairs."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from components.filtering import Filters, apply_filters, restrict_claim_groups
from preprocessing import schema

PUTIN = "person:vladimir-putin"


def _group_with(tables, words: str, kind: str | None = None) -> pd.Series:
    claims = tables["claims"]
    ids = set(claims.loc[claims["text"].str.contains(words, case=False), "group_id"])
    groups = tables["claim_groups"]
    found = groups[groups["group_id"].isin(ids) & (groups["n_sources"] >= 2)]
    if kind:
        found = found[found["conflict"].map(lambda c: kind in list(c))]
    assert len(found), f"no shared group mentioning {words!r}"
    return found.iloc[0]


def _snapshot(tables):
    return {k: tables[k].copy(deep=True) for k in ("claims", "claim_groups", "source_pairs")}


def _assert_unchanged(before, tables):
    for k, df in before.items():
        pd.testing.assert_frame_equal(df, tables[k])


def _assert_consistent(out):
    """Every kept group lists exactly its kept members, their articles and their number of sources."""
    claims, groups = out["claims"], out["claim_groups"]
    source_of = dict(zip(out["articles"]["article_id"], out["articles"]["source"]))
    members = claims.groupby("group_id")["claim_id"].agg(list)
    assert set(groups["group_id"]) == set(claims["group_id"])
    for g, ids, arts, n in zip(groups["group_id"], groups["claim_ids"], groups["article_ids"], groups["n_sources"]):
        assert list(ids) == members[g]
        kept = claims[claims["group_id"] == g]
        assert list(arts) == list(dict.fromkeys(kept["article_id"]))
        assert n == len({source_of[a] for a in kept["article_id"]})
    alone = set(groups.loc[groups["n_sources"] == 1, "group_id"])
    assert (claims.loc[claims["group_id"].isin(alone), "stance"] == "only").all()
    assert groups.loc[groups["n_sources"] == 1, "conflict"].map(len).eq(0).all()
    kept = set(out["articles"]["article_id"])
    assert out["source_pairs"]["article_a"].isin(kept).all() and out["source_pairs"]["article_b"].isin(kept).all()


def test_no_filter_keeps_every_claim(seed_tables):
    out = apply_filters(seed_tables, Filters())
    for k in ("claims", "claim_groups", "source_pairs"):
        pd.testing.assert_frame_equal(out[k], seed_tables[k].reset_index(drop=True))


def test_source_filter_recounts_groups(seed_tables):
    before = _snapshot(seed_tables)
    missile = _group_with(seed_tables, "ballistic missiles", "numbers")
    one, other = list(missile["article_ids"])[:2]
    source_of = dict(zip(seed_tables["articles"]["article_id"], seed_tables["articles"]["source"]))
    out = apply_filters(seed_tables, Filters(sources=(source_of[one],)))
    _assert_unchanged(before, seed_tables)
    _assert_consistent(out)
    assert set(out["claims"]["article_id"]) == {one}
    assert (out["claim_groups"]["n_sources"] == 1).all()
    g = out["claim_groups"].set_index("group_id").loc[missile["group_id"]]
    assert list(g["article_ids"]) == [one] and list(g["conflict"]) == [] and g["conflict_note"] == ""
    assert out["source_pairs"].empty
    # both sources of the missile group: its conflict is still there, with the build's note
    both = apply_filters(seed_tables, Filters(sources=(source_of[one], source_of[other])))
    _assert_consistent(both)
    g = both["claim_groups"].set_index("group_id").loc[missile["group_id"]]
    assert g["n_sources"] == 2 and "numbers" in list(g["conflict"])
    assert len(both["source_pairs"]) == 1


def test_conflict_is_rechecked_on_the_kept_members(seed_tables):
    """A certainty conflict across three sources vanishes when only two that agree are kept."""
    group = _group_with(seed_tables, "Vostochny", "certainty")
    claims = seed_tables["claims"]
    members = claims[claims["group_id"] == group["group_id"]]
    source_of = dict(zip(seed_tables["articles"]["article_id"], seed_tables["articles"]["source"]))
    by_certainty = members.assign(source=members["article_id"].map(source_of)).groupby("certainty")["source"].agg(set)
    agreeing = next((s for s in by_certainty if len(s) >= 2), None)
    if agreeing is None:
        pytest.skip("no two sources of the group share a certainty")
    out = apply_filters(seed_tables, Filters(sources=tuple(sorted(agreeing)[:2])))
    g = out["claim_groups"].set_index("group_id").loc[group["group_id"]]
    assert g["n_sources"] == 2 and list(g["conflict"]) == [] and g["conflict_note"] == ""
    # one agreeing source and one that differs: the conflict stays, its note names only those two
    a = sorted(agreeing)[0]
    b = sorted(next(s for s in by_certainty if not s & agreeing))[0]
    out = apply_filters(seed_tables, Filters(sources=(a, b)))
    g = out["claim_groups"].set_index("group_id").loc[group["group_id"]]
    assert list(g["conflict"]) == ["certainty"]
    assert a in g["conflict_note"] and b in g["conflict_note"]
    assert not [s for s in set(source_of.values()) - {a, b} if s in g["conflict_note"]]


def test_entity_filter_keeps_claims_in_matching_sentences_or_naming_the_entity(seed_tables):
    before = _snapshot(seed_tables)
    out = apply_filters(seed_tables, Filters(entities=(PUTIN,)))
    _assert_unchanged(before, seed_tables)
    _assert_consistent(out)
    m = seed_tables["mentions"]
    hit = set(zip(m.loc[m["entity_id"] == PUTIN, "article_id"], m.loc[m["entity_id"] == PUTIN, "sent_id"]))
    arts = {a for a, _ in hit}
    c = seed_tables["claims"]
    expected = {cid for cid, a, s, ents in zip(c["claim_id"], c["article_id"], c["sent_id"], c["entity_ids"])
                if a in arts and ((a, s) in hit or PUTIN in list(ents))}
    assert set(out["claims"]["claim_id"]) == expected
    assert 0 < len(expected) < len(c)
    # the claims that name Putin are all kept
    assert {cid for cid, ents in zip(c["claim_id"], c["entity_ids"]) if PUTIN in list(ents)} <= expected


def test_empty_claim_tables(seed_tables):
    tables = dict(seed_tables)
    for k in ("claims", "claim_groups", "source_pairs"):
        tables[k] = schema.empty(k)
    for f in (Filters(), Filters(entities=(PUTIN,)), Filters(sources=("nobody",))):
        out = apply_filters(tables, f)
        assert out["claims"].empty and out["claim_groups"].empty and out["source_pairs"].empty
        assert list(out["claim_groups"].columns) == [c.name for c in schema.TABLES["claim_groups"]]


def _toy():
    nums = lambda *n: [{"text": t, "value": v, "unit": u, "qualifier": q} for t, v, u, q in n]
    claims = pd.DataFrame([
        ("a#0.0", "a", 0, "Kim fired two missiles", "fact", nums(("two missiles", 2.0, "missile", "")), [], "g1", "states", ""),
        ("b#0.0", "b", 0, "Kim fired three missiles", "fact", nums(("three missiles", 3.0, "missile", "")), [], "g1", "differs", "x"),
        ("c#0.0", "c", 0, "Kim may fire two missiles", "speculated", nums(("two missiles", 2.0, "missile", "")), [], "g1", "differs", "y"),
        ("c#1.0", "c", 1, "Putin waved", "fact", [], [], "g2", "only", ""),
    ], columns=["claim_id", "article_id", "sent_id", "text", "certainty", "numbers", "days", "group_id", "stance",
                "stance_note"])
    groups = pd.DataFrame({
        "group_id": ["g1", "g2"], "claim_ids": [["a#0.0", "b#0.0", "c#0.0"], ["c#1.0"]],
        "article_ids": [["a", "b", "c"], ["c"]], "n_sources": pd.array([3, 1], dtype="int32"),
        "label": ["Kim fired two missiles", "Putin waved"], "representative": ["a#0.0", "c#1.0"],
        "conflict": [["numbers", "certainty"], []], "conflict_note": ["built note", ""], "matched_on": ["", ""],
        "score": [0.6, float("nan")]})
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "source": ["A", "B", "C"]})
    return claims, groups, articles


def test_restrict_claim_groups_rechecks_each_kind():
    claims, groups, articles = _toy()
    before = copy.deepcopy((claims, groups))
    # a and c: same number, other certainty
    out, kept = restrict_claim_groups(groups, claims[claims["article_id"].isin(["a", "c"])], articles)
    g1 = out.set_index("group_id").loc["g1"]
    assert list(g1["claim_ids"]) == ["a#0.0", "c#0.0"] and g1["n_sources"] == 2
    assert list(g1["conflict"]) == ["certainty"] and g1["conflict_note"] == "fact in A; speculated in C"
    assert out["n_sources"].dtype == groups["n_sources"].dtype
    # a and b: other number, same certainty
    out, _ = restrict_claim_groups(groups, claims[claims["article_id"].isin(["a", "b"])], articles)
    g1 = out.set_index("group_id").loc["g1"]
    assert list(g1["conflict"]) == ["numbers"] and g1["conflict_note"] == "“two missiles” (A) vs “three missiles” (B)"
    # b alone: its group has one source, the claim becomes its own
    out, kept = restrict_claim_groups(groups, claims[claims["article_id"] == "b"], articles)
    assert list(out["group_id"]) == ["g1"]
    assert list(out["conflict"].iloc[0]) == [] and kept["stance"].tolist() == ["only"] and kept["stance_note"].tolist() == [""]
    # untouched groups keep the build's row as it is
    out, kept = restrict_claim_groups(groups, claims, articles)
    pd.testing.assert_frame_equal(out, groups)
    assert kept is claims
    pd.testing.assert_frame_equal(before[0], claims)
    pd.testing.assert_frame_equal(before[1], groups)
