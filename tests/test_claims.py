"""Claim comparison components: on hand-made tables (edge cases, hostile text) and on the seeds."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd
import pytest

from components.claim_figures import matrix_figure, similarity_figure
from components.claims import (diff_html, differing_numbers, group_label, group_labels, group_members, headline,
                               matrix_table, member_card, numbers_text, option_labels, ordered_groups, pairs_table,
                               representatives, rewrite_source_pairs, source_similarity,
                               stance_matrix, unique_claims)
from components.links import page_link
from components.registry import READER
from preprocessing import schema

HOSTILE = '<script>window.__xss = 1</script> Kim fired <b>3</b> missiles'


def nums(*items):
    return [{"text": t, "value": v, "unit": u, "qualifier": q} for t, v, u, q in items]


@pytest.fixture
def toy():
    claims = pd.DataFrame([
        # claim_id, article, sent, text, subject, attributed_to, certainty, numbers, group, stance, note
        ("a#0.0", "a", 0, "North Korea fired two missiles", "North Korea", "", "fact",
         nums(("two missiles", 2.0, "missile", "")), "gm", "states", ""),
        ("b#0.0", "b", 0, "North Korea fired at least two missiles", "North Korea", "Kyodo", "fact",
         nums(("at least two missiles", 2.0, "missile", "at least")), "gm", "differs",
         "“at least two missiles” where the group says “two missiles”"),
        ("b#1.0", "b", 1, "had dinner with Putin", "Kim", "", "fact", [], "gd", "states", ""),
        ("c#0.0", "c", 0, "Kim will dine with Putin", "Kim", "", "expected", [], "gd", "differs", "expected"),
        ("a#1.0", "a", 1, HOSTILE, "Kim", "<i>Agency</i>", "fact", [], "gh", "only", ""),
        ("c#1.0", "c", 1, "Kim’s visit marks his first trip", "Kim's visit", "", "fact", [], "gv", "only", ""),
        ("d#0.0", "d", 0, "The talks ran late", "The talks", "", "fact", [], "gs", "states", ""),
        ("e#0.0", "e", 0, "The talks ended late", "The talks", "", "fact", [], "gs", "states", ""),
    ], columns=["claim_id", "article_id", "sent_id", "text", "subject", "attributed_to", "certainty", "numbers",
                "group_id", "stance", "stance_note"])
    groups = pd.DataFrame({
        "group_id": ["gs", "gh", "gm", "gv", "gd"],
        "claim_ids": [["d#0.0", "e#0.0"], ["a#1.0"], ["a#0.0", "b#0.0"], ["c#1.0"], ["b#1.0", "c#0.0"]],
        "article_ids": [["d", "e"], ["a"], ["a", "b"], ["c"], ["b", "c"]],
        "n_sources": [2, 1, 2, 1, 2],
        "label": ["The talks ran late", HOSTILE, "North Korea fired two missiles", "Kim’s visit marks his first trip",
                  "had dinner with Putin"],
        "representative": ["d#0.0", "a#1.0", "a#0.0", "c#1.0", "b#1.0"],
        "conflict": [[], [], ["numbers"], [], ["certainty"]],
        "conflict_note": ["", "", "“two missiles” (A) vs “at least two missiles” (B)", "", "fact in B; expected in C"],
        "matched_on": ["words: talks", "", "numbers of: missile", "", "entities: Kim"],
        "score": [0.7, float("nan"), 0.5, float("nan"), 0.6]})
    articles = pd.DataFrame({"article_id": list("abcde"),
                             "source": ["Alpha", "Beta", "Gamma <img src=x>", "Delta", "Delta"]})
    pairs = pd.DataFrame({"article_a": ["a", "b", "d"], "article_b": ["b", "c", "e"], "shared_groups": [1, 1, 1],
                          "similarity": [0.33, 0.33, 1.0], "coverage": [0.5, 0.5, 1.0], "order": [1.0, 1.0, 1.0],
                          "rewrite": [False, False, True], "rewrite_note": ["", "", "1 of 1 claims"]})
    return claims, groups, articles, pairs


def visible(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_groups_are_ordered_shared_and_conflicts_first(toy):
    claims, groups, articles, pairs = toy
    assert list(ordered_groups(groups)["group_id"]) == ["gm", "gd", "gs", "gh", "gv"]
    assert list(ordered_groups(groups, "shared")["group_id"]) == ["gm", "gd", "gs"]
    assert list(ordered_groups(groups, "conflicts")["group_id"]) == ["gm", "gd"]
    assert ordered_groups(groups.iloc[0:0]).empty


def test_stance_matrix(toy):
    claims, groups, articles, _ = toy
    rows = ordered_groups(groups)
    m = stance_matrix(rows, claims, articles)
    assert list(m.index) == list(rows["group_id"])
    assert list(m.columns) == ["Alpha", "Beta", "Delta", "Gamma <img src=x>"]
    assert m.loc["gm"].tolist() == ["states", "differs", "silent", "silent"]
    assert m.loc["gd"].tolist() == ["silent", "states", "silent", "differs"]
    assert m.loc["gs", "Delta"] == "states"  # two articles of one source: one cell
    assert m.loc["gh"].tolist() == ["states", "silent", "silent", "silent"]  # the only source states it
    assert set(m.to_numpy().ravel()) <= {"states", "differs", "silent"}
    one = stance_matrix(rows, claims, articles, ["Beta"])
    assert list(one.columns) == ["Beta"]
    assert stance_matrix(rows.iloc[0:0], claims, articles).empty
    tab = matrix_table(m, rows, group_labels(rows))
    assert list(tab.columns[:4]) == ["group", "claim", "sources", "conflict"]
    assert tab.loc[tab["group"] == "gm", "conflict"].item() == "numbers"


def test_labels_are_readable_and_unique(toy):
    claims, groups, _, _ = toy
    reps = representatives(groups, claims)
    labels = group_labels(groups, reps)
    assert labels["gd"] == "(Kim) had dinner with Putin"  # the elided subject in front
    assert labels["gv"] == "Kim’s visit marks his first trip"  # its subject is there, apostrophe aside
    assert len(group_label("x " * 200)) == 70
    twice = pd.concat([groups, groups.assign(group_id=groups["group_id"] + "2")])
    assert len(set(group_labels(twice).values())) == len(twice)
    opts = option_labels(twice, reps)
    assert len(set(opts.values())) == len(twice)
    assert opts["gm"].endswith("· 2 sources · conflict: numbers")


def test_diff_marks_what_the_reference_lacks():
    ref = "North Korea fired two ballistic missiles towards the sea"
    text = "North Korea launched at least two ballistic missiles into the sea"
    out = diff_html(text, ref)
    marked = re.findall(r'<mark class="tg-(\w+)"[^>]*>([^<]*)</mark>', out)
    # only what changes the meaning: the qualifier, not another verb or preposition
    assert ("diff", "at least") in marked
    assert not any(w in ("launched", "into") or "ballistic" in w or "Korea" in w for _, w in marked)
    negated = re.findall(r'<mark class="tg-(\w+)"[^>]*>([^<]*)</mark>',
                         diff_html("The council did not approve the plan on Monday", "The council approved the plan"))
    assert ("diff", "not") in negated and ("diff", "Monday") in negated
    assert not any(w in ("did", "approve", "on") for _, w in negated)
    # a preposition is no qualifier: "to Oslo" in place of "in Oslo" is rewording
    moved = re.findall(r'<mark class="tg-(\w+)"[^>]*>([^<]*)</mark>',
                       diff_html("The delegation travelled to Oslo over the weekend", "The delegation was in Oslo"))
    assert not any(w.startswith(("to", "over", "travelled")) for _, w in moved)
    assert visible(out) == text
    # a number in place of another, and a number phrase given as emphasis
    assert ("num", "3") in re.findall(r'<mark class="tg-(\w+)"[^>]*>([^<]*)</mark>',
                                      diff_html("Kim fired 3 missiles", "Kim fired 2 missiles"))
    out = diff_html(text, ref, ["at least two ballistic missiles"])
    assert '<mark class="tg-num"' in out and ">at least two ballistic missiles</mark>" in out
    assert diff_html(ref, ref) == html.escape(ref)
    assert diff_html("", ref) == "" and diff_html(text, "") != ""


def test_diff_escapes_hostile_text():
    out = diff_html(HOSTILE, "Kim fired 2 missiles")
    assert "<script" not in out and "<b>" not in out
    assert "&lt;" in out and "&gt;" in out
    assert visible(out) == HOSTILE  # the markup shows as text
    # only our own tags remain
    assert set(re.findall(r"</?(\w+)", out)) <= {"mark"}


def test_differing_numbers():
    two = nums(("two missiles", 2.0, "missile", ""))
    assert differing_numbers(nums(("at least two missiles", 2.0, "missile", "at least")), two) == ["at least two missiles"]
    assert differing_numbers(two, two) == []
    assert differing_numbers(nums(("five tanks", 5.0, "tank", "")), two) == []  # another thing counted
    assert numbers_text(nums(("up to 11 million shells", 11e6, "shell", "at most"))) == \
        "up to 11 million shells (at most 11,000,000 shell)"
    assert numbers_text(nums(("2", 2.0, "", ""))) == "2"  # nothing to add to a bare number


def test_member_card_is_escaped(toy):
    claims, groups, articles, _ = toy
    member = claims.set_index("claim_id").loc["a#1.0"].to_dict() | {"source": "Gamma <img src=x>"}
    href = page_link(READER, {"article": "a&b"}, keep_filters={"source": ["X & Y"]})
    card = member_card(member, "Kim fired 2 missiles", href=href)
    assert "<script" not in card and "<img" not in card and "<i>" not in card
    assert "&lt;img src=x&gt;" in card and "&lt;i&gt;Agency&lt;/i&gt;" in card
    assert HOSTILE in visible(card)
    assert set(re.findall(r"</?(\w+)", card)) <= {"div", "span", "b", "mark", "a"}
    link = html.unescape(re.search(r'href="([^"]+)"', card).group(1))
    assert urlsplit(link).path == "reader" and parse_qs(urlsplit(link).query) == {"article": ["a&b"], "source": ["X & Y"]}
    ref_card = member_card(member, "", is_reference=True)
    assert "central wording" in ref_card and "<mark" not in ref_card


def test_group_members_and_unique_claims(toy):
    claims, groups, articles, _ = toy
    m = group_members("gm", claims, articles, {"entity": ["Kim"]})
    assert list(m["source"]) == ["Alpha", "Beta"]
    assert list(m["stance"]) == ["states it", "states it differently"]
    assert list(m["credited to"]) == ["", "Kyodo"]
    assert m["numbers"].iloc[1] == "at least two missiles (at least 2 missile)"
    # the link opens the reader at that claim, keeping the global filters
    assert parse_qs(urlsplit(m["reader"].iloc[1]).query) == {"article": ["b"], "claim": ["b#0.0"], "entity": ["Kim"]}
    assert group_members("nope", claims, articles).empty
    own = unique_claims(groups, claims, articles)
    assert list(own["source"]) == ["Alpha", "Gamma <img src=x>"]
    assert list(own["claim"]) == [HOSTILE, "Kim’s visit marks his first trip"]
    assert unique_claims(groups.iloc[0:0], claims, articles).empty


def test_similarity_and_pairs(toy):
    claims, groups, articles, pairs = toy
    sim = source_similarity(claims, articles)
    assert list(sim.index) == list(sim.columns) == ["Alpha", "Beta", "Delta", "Gamma <img src=x>"]
    assert sim.isna().to_numpy().diagonal().all()
    np.testing.assert_allclose(sim.fillna(0).to_numpy(), sim.fillna(0).to_numpy().T)
    assert sim.at["Alpha", "Beta"] == pytest.approx(1 / 3)  # {gm, gh} and {gm, gd}
    assert sim.at["Alpha", "Delta"] == pytest.approx(0)
    rewrites = rewrite_source_pairs(pairs, articles)
    assert rewrites == {frozenset(["Delta"])}
    fig = similarity_figure(sim, {frozenset(["Alpha", "Beta"])})
    assert fig.data[0].type == "heatmap"
    cells = [t for row in fig.data[0].text for t in row]
    assert sum("rewrite" in t for t in cells) == 2  # both halves of the symmetric matrix
    assert "Gamma &lt;img src=x&gt;" in fig.layout.xaxis.ticktext
    assert len(similarity_figure(sim.iloc[:1, :1]).data) == 0
    tab = pairs_table(pairs, articles)
    assert list(tab["similarity"]) == sorted(tab["similarity"], reverse=True)
    assert tab.iloc[0]["rewrite"] and tab.iloc[0]["source a"] == "Delta"
    assert headline(claims, groups, pairs) == {"claims": 8, "shared": 3, "conflicts": 2, "rewrites": 1}


def test_matrix_figure(toy):
    claims, groups, articles, _ = toy
    rows = ordered_groups(groups)
    m = stance_matrix(rows, claims, articles)
    labels = group_labels(rows, representatives(groups, claims))
    fig = matrix_figure(m, rows, claims, articles, labels, highlight="gd")
    heat = fig.data[0]
    assert heat.type == "heatmap" and len(heat.z) == len(rows) and len(heat.z[0]) == m.shape[1]
    ticks = list(fig.layout.yaxis.ticktext)
    assert ticks[0].startswith("<b>numbers ≠</b>")
    assert "▶" in ticks[1] and len(fig.layout.shapes) == 1
    assert "&lt;script&gt;" in ticks[3] and "<script" not in "".join(ticks)
    hovers = " ".join(h for row in heat.hovertext for h in row)
    assert "<script" not in hovers and "<img" not in hovers and "&lt;img src=x&gt;" in hovers
    assert {t.name for t in fig.data[1:]} == {"states it", "states it differently", "silent"}
    # the shown labels are one line above each row's cells (so a phone keeps the columns' width)
    notes = [a.text for a in fig.layout.annotations]
    assert len(notes) == len(rows) and not fig.layout.yaxis.showticklabels
    assert notes[0].startswith("<b>numbers ≠</b>") and notes[1].startswith("▶")
    assert "<script" not in "".join(notes) and all(a.xanchor == "left" for a in fig.layout.annotations)
    assert len(matrix_figure(m.iloc[0:0], rows, claims, articles, labels).data) == 0


def test_empty_tables():
    claims, groups, pairs = (schema.empty(t) for t in ("claims", "claim_groups", "source_pairs"))
    articles = pd.DataFrame({"article_id": ["a"], "source": ["A"]})
    assert headline(claims, groups, pairs) == {"claims": 0, "shared": 0, "conflicts": 0, "rewrites": 0}
    assert ordered_groups(groups).empty and stance_matrix(groups, claims, articles).empty
    assert unique_claims(groups, claims, articles).empty and pairs_table(pairs, articles).empty
    assert source_similarity(claims, articles).shape == (1, 1)
    assert representatives(groups, claims).empty


# --- the seed corpus -------------------------------------------------------------------------


def test_seed_similarity_matches_source_pairs(seed_tables):
    """One article per source on the seeds: the source-level similarity is the built pairs' similarity."""
    t = seed_tables
    sim = source_similarity(t["claims"], t["articles"])
    source_of = dict(zip(t["articles"]["article_id"], t["articles"]["source"]))
    assert t["articles"]["source"].is_unique
    for a, b, s in zip(t["source_pairs"]["article_a"], t["source_pairs"]["article_b"], t["source_pairs"]["similarity"]):
        assert sim.at[source_of[a], source_of[b]] == pytest.approx(s)


def test_seed_missile_group(seed_tables):
    t = seed_tables
    claims, groups = t["claims"], t["claim_groups"]
    gid = claims.loc[claims["text"].str.contains("ballistic missiles"), "group_id"]
    group = groups[groups["group_id"].isin(gid) & groups["conflict"].map(lambda c: "numbers" in list(c))].iloc[0]
    m = stance_matrix(ordered_groups(groups), claims, t["articles"])
    row = m.loc[group["group_id"]]
    assert (row != "silent").sum() == group["n_sources"] == 2 and "differs" in set(row)
    reps = representatives(groups, claims)
    members = claims[claims["group_id"] == group["group_id"]]
    other = members[members["claim_id"] != group["representative"]].iloc[0]
    out = diff_html(other["text"], reps.at[group["group_id"], "text"],
                    differing_numbers(other["numbers"], reps.at[group["group_id"], "numbers"]))
    assert '<mark class="tg-num"' in out and visible(out) == other["text"]
